"""Secrets read and written in place: get, create, and update carrying the ``resourceVersion`` read.

There is deliberately no delete here: a Flux Git secret must never be absent (R1).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from lightkube import Client
from lightkube.core.exceptions import ApiError
from lightkube.models.meta_v1 import ObjectMeta
from lightkube.resources.core_v1 import Secret

from ghprov.k8s.connect import untyped
from ghprov.k8s.errors import classify


@dataclass(frozen=True)
class SecretObject:
    """A Secret as the rotation sees it; ``data`` is decoded bytes. Empty ``uid`` = not yet created."""

    namespace: str
    name: str
    type: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)
    data: dict[str, bytes] = field(default_factory=dict, repr=False)  # holds the token: never shown
    uid: str = ""
    resource_version: str = ""
    immutable: bool = False


def _from_model(model: Secret) -> SecretObject:
    meta = model.metadata or ObjectMeta()
    return SecretObject(
        namespace=meta.namespace or "",
        name=meta.name or "",
        type=model.type,
        labels=dict(meta.labels or {}),
        annotations=dict(meta.annotations or {}),
        data={key: base64.b64decode(value) for key, value in (model.data or {}).items()},
        uid=meta.uid or "",
        resource_version=meta.resourceVersion or "",
        immutable=bool(model.immutable),
    )


def _to_model(secret: SecretObject, *, with_version: bool) -> Secret:
    meta = ObjectMeta(
        name=secret.name,
        namespace=secret.namespace,
        labels=dict(secret.labels) or None,
        annotations=dict(secret.annotations) or None,
        resourceVersion=secret.resource_version if with_version and secret.resource_version else None,
        uid=secret.uid or None,
    )
    return Secret(
        metadata=meta,
        type=secret.type,
        data={key: base64.b64encode(value).decode("ascii") for key, value in secret.data.items()},
    )


def read_secret(client: Client, cluster: str, namespace: str, name: str) -> SecretObject | None:
    """The Secret, or None when it does not exist."""
    try:
        return _from_model(untyped(client).get(Secret, name, namespace=namespace))
    except ApiError as error:
        if error.status.code == 404:
            return None
        raise classify(cluster, f"read secret {namespace}/{name}", error) from None
    except Exception as error:
        raise classify(cluster, f"read secret {namespace}/{name}", error) from None


def update_secret(client: Client, cluster: str, secret: SecretObject) -> SecretObject:
    """Replace the Secret in place; the API server answers 409 if it changed since ``resource_version``."""
    if not secret.resource_version:
        raise ValueError("update_secret needs the resourceVersion that was read")
    try:
        written = untyped(client).replace(_to_model(secret, with_version=True), namespace=secret.namespace)
    except Exception as error:
        raise classify(cluster, f"update secret {secret.namespace}/{secret.name}", error) from None
    return _from_model(written)


def create_secret(client: Client, cluster: str, secret: SecretObject) -> SecretObject:
    """Create a Secret that did not exist; 409 if another writer created it first."""
    try:
        written = untyped(client).create(_to_model(secret, with_version=False), namespace=secret.namespace)
    except Exception as error:
        raise classify(cluster, f"create secret {secret.namespace}/{secret.name}", error) from None
    return _from_model(written)
