"""Checksums of the live state: one for the whole organisation, one per resource to say what changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ghprov.model import LiveOrganization
from ghprov.plan.kinds.registry import KINDS


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no insignificant whitespace: equal values give equal text."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(value: Any) -> str:
    return "sha256:" + hashlib.sha256(canonical_json(value).encode()).hexdigest()


def live_checksum(live: LiveOrganization) -> str:
    """sha256 over the live model and the pending invitations the plan was computed from."""
    return digest(
        {"state": live.state.model_dump(mode="json"), "pending_invitations": dict(live.pending_invitations)}
    )


def resource_digests(live: LiveOrganization) -> dict[str, str]:
    """Address → digest for every live resource, as each kind's spec contributes them."""
    parts: dict[str, Any] = {}
    for spec in KINDS:
        if spec.live_digests is not None:
            parts.update(spec.live_digests(live))
    return {address: digest(value) for address, value in sorted(parts.items())}


def changed_resources(saved: Mapping[str, str], live: LiveOrganization) -> list[str]:
    """Addresses whose live state differs from the saved digests (appeared, vanished or changed)."""
    current = resource_digests(live)
    return sorted(
        address for address in set(saved) | set(current) if saved.get(address) != current.get(address)
    )
