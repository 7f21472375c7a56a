"""Lab tenants for the deploy-key and GitHub App modes, and a GitHub that really checks credentials.

Each tenant is a Secret in ``flux-system`` and one GitRepository reading it, shaped as the mode
needs (an ``ssh://`` URL for a deploy key, ``provider: github`` for an App). ``sandbox_validator``
answers the stand-in source-controller's question "would GitHub accept this?" from the sandbox's
state: a deploy key must be registered on the repository, an App key on the App (with the
installation reaching the repository), a PAT must be a live token.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import httpx2
from cryptography.hazmat.primitives import serialization

from ghprov_testbeds.k8s_lab.clusters import LocalCluster
from ghprov_testbeds.k8s_lab.flux_emulator import lab_http
from ghprov_testbeds.sandbox.state import GitHubState

SOURCE_API = "source.toolkit.fluxcd.io/v1"


def add_tenant(
    cluster: LocalCluster,
    name: str,
    url: str,
    *,
    provider: str | None = None,
    data: Mapping[str, str] | None = None,
) -> None:
    """Secret ``flux-system/NAME`` (with ``data`` as plain text, when given) and GitRepository NAME."""
    with lab_http(cluster) as http:
        if data is not None:
            secret = {
                "apiVersion": "v1",
                "kind": "Secret",
                "metadata": {"name": name, "namespace": "flux-system"},
                "data": {k: base64.b64encode(v.encode()).decode() for k, v in data.items()},
            }
            _post(http, "/api/v1/namespaces/flux-system/secrets", secret)
        spec: dict[str, Any] = {
            "interval": "1m",
            "url": url,
            "ref": {"branch": "main"},
            "secretRef": {"name": name},
        }
        if provider is not None:
            spec["provider"] = provider
        body = {
            "apiVersion": SOURCE_API,
            "kind": "GitRepository",
            "metadata": {"name": name, "namespace": "flux-system"},
            "spec": spec,
        }
        _post(http, f"/apis/{SOURCE_API}/namespaces/flux-system/gitrepositories", body)


def set_source(cluster: LocalCluster, name: str, *, url: str, provider: str | None = None) -> None:
    """Change a tenant GitRepository's URL and provider (what a commit to d1-fleet would do)."""
    patch = {"spec": {"url": url, "provider": provider}}
    with lab_http(cluster) as http:
        response = http.patch(
            f"/apis/{SOURCE_API}/namespaces/flux-system/gitrepositories/{name}",
            content=json.dumps(patch),
            headers={"Content-Type": "application/merge-patch+json"},
        )
        response.raise_for_status()


def _post(http: httpx2.Client, path: str, body: dict[str, Any]) -> None:
    response = http.post(path, json=body)
    if response.status_code not in (201, 409):
        raise RuntimeError(f"lab setup: POST {path}: {response.status_code} {response.text}")


def tenant_entry(
    name: str, clusters: list[str], repository: str, access: str, auth: str, **extra: Any
) -> dict[str, Any]:
    """A rotation-file tenant for ``add_tenant``'s objects."""
    return {
        "auth": auth,
        "repositories": {repository: access},
        "secret": {"namespace": "flux-system", "name": name},
        "clusters": clusters,
        "canary": clusters[0],
        "reconcile": [{"kind": "GitRepository", "namespace": "flux-system", "name": name}],
        "confirm_timeout": "20s",
        **extra,
    }


def with_tenants(base: Path, target: Path, tenants: Mapping[str, dict[str, Any]]) -> Path:
    """A copy of the rotation file ``base`` with more tenants."""
    document = json.loads(base.read_text())
    document["tokens"].update(tenants)
    target.write_text(json.dumps(document, indent=2))
    return target


def _public_pem(private_pem: str) -> str | None:
    try:
        key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    except (ValueError, TypeError):
        return None
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sandbox_validator(state: GitHubState, repository: str) -> Callable[[str, str], bool]:
    """``FluxEmulator.token_valid`` from the sandbox: would GitHub let this credential read ``repository``?"""

    def valid(cluster: str, credential: str) -> bool:
        text = credential.strip()
        with state.lock:
            if text.startswith("-----BEGIN"):
                public = _public_pem(text)
                return any(
                    public in app.public_keys and (app.repositories is None or repository in app.repositories)
                    for app in state.apps.values()
                )
            if text.startswith(("ssh-", "ecdsa-", "sk-")):
                key = " ".join(text.split()[:2])  # GitHub stores "<type> <base64>", no comment
                keys = state.features.repository(repository).deploy_keys
                return any(entry["key"] == key for entry in keys)
            token = state.tokens.get(text)
            return token is not None and (token.expires_at is None or token.expires_at > time.time())

    return valid
