"""Checksums of the live state: one for the whole organisation, one per resource to say what changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ghprov.model import LiveOrganization
from ghprov.plan.changes import Kind


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
    """Address → digest for every live resource (memberships include pending invitations)."""
    state = live.state
    parts: dict[str, Any] = {}
    settings = state.settings.model_dump(mode="json") if state.settings is not None else None
    parts[f"{Kind.ORGANIZATION_SETTINGS.value}:{state.organization}"] = settings
    roles = state.members.roles() if state.members is not None else {}
    for login in set(roles) | set(live.pending_invitations):
        membership = {"role": roles.get(login), "invited": live.pending_invitations.get(login)}
        parts[f"{Kind.ORGANIZATION_MEMBERSHIP.value}:{login}"] = membership
    collections: list[tuple[Kind, Mapping[str, Any]]] = [
        (Kind.CUSTOM_ROLE, state.custom_roles),
        (Kind.TEAM, state.teams),
        (Kind.REPOSITORY, state.repositories),
        (Kind.ORGANIZATION_RULESET, state.rulesets),
    ]
    for kind, collection in collections:
        for name, value in collection.items():
            parts[f"{kind.value}:{name}"] = value.model_dump(mode="json")
    return {address: digest(value) for address, value in sorted(parts.items())}


def changed_resources(saved: Mapping[str, str], live: LiveOrganization) -> list[str]:
    """Addresses whose live state differs from the saved digests (appeared, vanished or changed)."""
    current = resource_digests(live)
    return sorted(
        address for address in set(saved) | set(current) if saved.get(address) != current.get(address)
    )
