"""The Secret a rotation writes: the keys Flux's CLI writes for the mode, everything else preserved (R10)."""

from __future__ import annotations

import dataclasses
import datetime

from ghprov.k8s.secrets import SecretObject
from ghprov.rotation.config import SecretConfig
from ghprov.rotation.credentials import Credential, live_fingerprint

__all__ = ["FINGERPRINT_ANNOTATION", "ROTATED_AT_ANNOTATION", "desired_secret", "live_fingerprint"]

FINGERPRINT_ANNOTATION = "ghprov.io/token-fingerprint"
ROTATED_AT_ANNOTATION = "ghprov.io/rotated-at"


def stamp(moment: datetime.datetime) -> str:
    """RFC 3339 with microseconds in UTC, the form used for annotations and reconcile requests."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(text: str | None) -> datetime.datetime | None:
    """An RFC 3339 (any fraction length) or epoch-seconds timestamp; None when absent or unreadable."""
    if not text:
        return None
    value = text.strip()
    if value.isdigit():
        return datetime.datetime.fromtimestamp(int(value), datetime.UTC)
    value = value.replace("Z", "+00:00")
    if "." in value:
        head, _, rest = value.partition(".")
        digits = "".join(c for c in rest if c.isdigit())
        value = f"{head}.{digits[:6].ljust(6, '0')}{rest[len(digits) :]}"
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def desired_secret(
    current: SecretObject | None, config: SecretConfig, credential: Credential, now: datetime.datetime
) -> SecretObject:
    """``current`` with the new credential in place; a new Secret when absent.

    A new Secret has no ``type`` for a Git credential (as ``flux create secret git``) and ``Opaque``
    for an App (``flux create secret githubapp`` sets it).
    """
    written = credential.values(config)
    annotations = {FINGERPRINT_ANNOTATION: credential.fingerprint, ROTATED_AT_ANNOTATION: stamp(now)}
    if current is None:
        return SecretObject(
            namespace=config.namespace,
            name=config.name,
            type="Opaque" if credential.auth == "github_app" else None,
            labels=dict(config.labels),
            annotations=annotations,
            data=written,
        )
    return dataclasses.replace(
        current,
        labels={**current.labels, **config.labels},
        annotations={**current.annotations, **annotations},
        data={**current.data, **written},
    )
