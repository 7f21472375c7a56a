"""The Secret a rotation writes: ``flux create secret git``'s keys, everything else preserved (R10)."""

from __future__ import annotations

import dataclasses
import datetime

from pydantic import SecretStr

from ghprov.k8s.secrets import SecretObject
from ghprov.rotation.config import SecretConfig
from ghprov.settings import fingerprint

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


def live_fingerprint(secret: SecretObject | None) -> str | None:
    """Fingerprint of the token a Secret holds in ``password``; None when there is none."""
    if secret is None or not secret.data.get("password"):
        return None
    return fingerprint(secret.data["password"].decode(errors="replace"))


def desired_secret(
    current: SecretObject | None, config: SecretConfig, token: SecretStr, now: datetime.datetime
) -> SecretObject:
    """``current`` with the new token in place; a new Secret (no ``type``, as Flux does) when absent."""
    value = token.get_secret_value().encode()
    written = {"username": config.username.encode(), "password": value}
    for key in config.token_keys:
        written[key] = value
    annotations = {FINGERPRINT_ANNOTATION: fingerprint(token), ROTATED_AT_ANNOTATION: stamp(now)}
    if current is None:
        return SecretObject(
            namespace=config.namespace,
            name=config.name,
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
