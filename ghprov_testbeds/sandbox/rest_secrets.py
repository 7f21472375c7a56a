"""REST: Actions secrets of the organisation and its repositories, with GitHub's public keys.

Like GitHub, the sandbox hands out a Curve25519 public key per organisation and per repository and
accepts only values sealed to it (a libsodium sealed box, base64). It opens each box with the private
key it keeps, to check that what was sent is a real sealed value for the current key, and then keeps
only a SHA-256 fingerprint of the value (``value_sha256``): tests compare fingerprints, and no secret
value is ever stored in the state or its saved file. Secret metadata lives in ``GitHubState.audit``
(``secrets``, ``repository_secrets``), where the audit's seeds put it too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, SealedBox

from ghprov_testbeds.sandbox import access, lookup
from ghprov_testbeds.sandbox.actions_names import checked_name
from ghprov_testbeds.sandbox.audit_data import audit_data
from ghprov_testbeds.sandbox.render_repo import repo_minimal_json
from ghprov_testbeds.sandbox.state import GitHubState, now_iso
from ghprov_testbeds.sandbox.wire import (
    ApiError,
    Request,
    Response,
    RouteTable,
    not_found,
    paginate,
    validation_failed,
)

routes = RouteTable()
SECRETS_DOCS = "https://docs.github.com/rest/actions/secrets"
# GitHub's limits (docs: "Limits for secrets"): 1,000 organisation secrets, 100 per repository, 48 KB.
MAX_ORGANIZATION_SECRETS, MAX_REPOSITORY_SECRETS, MAX_VALUE_BYTES = 1000, 100, 48 * 1024


def public_key(state: GitHubState, scope: str) -> dict[str, str]:
    """The scope's key pair (``org``, ``repo:<name>``), made on first use: key_id, key, private."""
    keys = audit_data(state).secret_keys
    if scope not in keys:
        private = PrivateKey.generate()
        key = base64.b64encode(bytes(private.public_key)).decode()
        keys[scope] = {
            # GitHub's key ids are digit strings; this one is derived from the key so it is stable.
            "key_id": str(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")),
            "key": key,
            "private": base64.b64encode(bytes(private)).decode(),
        }
    return keys[scope]


def open_sealed(state: GitHubState, scope: str, body: dict[str, Any]) -> str:
    """The SHA-256 of the value sealed in ``body``, after checking it was sealed to the scope's key."""
    pair = public_key(state, scope)
    if body.get("key_id") != pair["key_id"]:
        raise validation_failed("Secret", "key_id")
    try:
        box = SealedBox(PrivateKey(base64.b64decode(pair["private"])))
        value = box.decrypt(base64.b64decode(body["encrypted_value"], validate=True))
    except (binascii.Error, CryptoError, ValueError):
        raise validation_failed("Secret", "encrypted_value") from None
    if len(value) > MAX_VALUE_BYTES:
        raise validation_failed("Secret", "encrypted_value", code="too_large")
    return hashlib.sha256(value).hexdigest()


def _key_json(state: GitHubState, scope: str) -> dict[str, str]:
    pair = public_key(state, scope)
    return {"key_id": pair["key_id"], "key": pair["key"]}


def _find(secrets: list[dict[str, Any]], name: str) -> dict[str, Any] | None:
    return next((s for s in secrets if s["name"] == name.upper()), None)


def stored_secret(secrets: list[dict[str, Any]], name: str) -> dict[str, Any]:
    found = _find(secrets, name)
    if found is None:
        raise not_found(SECRETS_DOCS)
    return found


def put_secret(
    secrets: list[dict[str, Any]], name: str, fingerprint: str | None, limit: int
) -> tuple[dict[str, Any], bool]:
    """Create or update the named secret; whether it was created."""
    stamp = now_iso()
    current = _find(secrets, name)
    if current is None:
        if fingerprint is None:
            # A new secret needs a value (the organisation PUT documents it as optional for updates).
            raise validation_failed("Secret", "encrypted_value", code="missing_field")
        if len(secrets) >= limit:
            raise validation_failed("Secret", "name", code="too_many")
        current = {"name": checked_name(name, "Secret"), "created_at": stamp, "visibility": "private"}
        secrets.append(current)
        created = True
    else:
        created = False
    if fingerprint is not None:
        current["value_sha256"] = fingerprint
    current["updated_at"] = stamp
    return current, created


def selected_ids(state: GitHubState, ids: list[Any]) -> list[int]:
    known = {repo.id for repo in state.repositories.values()}
    selected = [int(ident) for ident in ids]
    if any(ident not in known for ident in selected):
        raise validation_failed("Secret", "selected_repository_ids")
    return selected


def _org_secret_json(request: Request, secret: dict[str, Any]) -> dict[str, Any]:
    body = {key: secret[key] for key in ("name", "created_at", "updated_at", "visibility")}
    if secret["visibility"] == "selected":
        org = request.state.organization.login
        body["selected_repositories_url"] = (
            f"{request.base_url}/orgs/{org}/actions/secrets/{secret['name']}/repositories"
        )
    return body


def repo_secret_json(secret: dict[str, Any]) -> dict[str, Any]:
    return {key: secret[key] for key in ("name", "created_at", "updated_at")}


def secret_listing(request: Request, items: list[dict[str, Any]]) -> Response:
    page = paginate(request, items)
    return Response(200, {"total_count": len(items), "secrets": page.body}, page.headers)


# Organisation -------------------------------------------------------------------------------------
def _org_secrets(request: Request) -> list[dict[str, Any]]:
    lookup.org(request)
    lookup.owner(request)
    return audit_data(request.state).secrets


@routes.get("/orgs/{org}/actions/secrets")
def list_org_secrets(request: Request) -> Response:
    secrets = sorted(_org_secrets(request), key=lambda s: str(s["name"]))
    return secret_listing(request, [_org_secret_json(request, s) for s in secrets])


@routes.get("/orgs/{org}/actions/secrets/public-key")
def org_public_key(request: Request) -> Response:
    _org_secrets(request)
    return Response(200, _key_json(request.state, "org"))


@routes.get("/orgs/{org}/actions/secrets/{secret_name}")
def get_org_secret(request: Request) -> Response:
    secret = stored_secret(_org_secrets(request), request.params["secret_name"])
    return Response(200, _org_secret_json(request, secret))


# Organisation secrets, Actions and Dependabot alike: ``secrets`` is the app's list, ``key_scope`` its
# public key's name.
def put_organization_secret(request: Request, secrets: list[dict[str, Any]], key_scope: str) -> Response:
    """Create or update an organisation secret with its visibility and repository list."""
    body = request.json_object()
    fingerprint = open_sealed(request.state, key_scope, body) if "encrypted_value" in body else None
    ids = selected_ids(request.state, body.get("selected_repository_ids") or [])
    secret, created = put_secret(
        secrets, request.params["secret_name"], fingerprint, MAX_ORGANIZATION_SECRETS
    )
    secret["visibility"] = body["visibility"]
    secret["selected_repository_ids"] = ids if body["visibility"] == "selected" else []
    return Response(201, {}) if created else Response(204)


def delete_organization_secret(request: Request, secrets: list[dict[str, Any]]) -> Response:
    secrets.remove(stored_secret(secrets, request.params["secret_name"]))
    return Response(204)


def selected_secret(request: Request, secrets: list[dict[str, Any]], docs: str) -> dict[str, Any]:
    """The named secret, whose repository list applies only while it is shared with selected
    repositories (GitHub answers 409 otherwise)."""
    secret = stored_secret(secrets, request.params["secret_name"])
    if secret["visibility"] != "selected":
        raise ApiError(409, "Secret visibility is not 'selected'.", documentation_url=docs)
    return secret


def replace_selected(request: Request, secret: dict[str, Any]) -> Response:
    """``PUT …/repositories``: the whole repository list."""
    ids = selected_ids(request.state, request.json_object()["selected_repository_ids"])
    with request.state.lock:
        secret["selected_repository_ids"] = sorted(set(ids))
    return Response(204)


@routes.put("/orgs/{org}/actions/secrets/{secret_name}")
def put_org_secret(request: Request) -> Response:
    return put_organization_secret(request, _org_secrets(request), "org")


@routes.delete("/orgs/{org}/actions/secrets/{secret_name}")
def delete_org_secret(request: Request) -> Response:
    return delete_organization_secret(request, _org_secrets(request))


def _selected_secret(request: Request) -> dict[str, Any]:
    return selected_secret(request, _org_secrets(request), SECRETS_DOCS)


def selected_repositories(request: Request, ids: list[int]) -> Response:
    """The ``{total_count, repositories}`` page of the repositories a secret or variable is shared with."""
    state = request.state
    chosen = sorted(
        (r for r in state.repositories.values() if r.id in set(ids)), key=lambda r: r.name.lower()
    )
    items = [
        repo_minimal_json(request.base_url, state, r, access.repository_role(state, request.identity, r))
        for r in chosen
    ]
    page = paginate(request, items)
    return Response(200, {"total_count": len(items), "repositories": page.body}, page.headers)


@routes.get("/orgs/{org}/actions/secrets/{secret_name}/repositories")
def org_secret_repositories(request: Request) -> Response:
    return selected_repositories(request, _selected_secret(request).get("selected_repository_ids", []))


@routes.put("/orgs/{org}/actions/secrets/{secret_name}/repositories")
def set_org_secret_repositories(request: Request) -> Response:
    return replace_selected(request, _selected_secret(request))


# Repositories -------------------------------------------------------------------------------------
def _repo_secrets(request: Request, *, write: bool) -> tuple[str, list[dict[str, Any]]]:
    repo = lookup.repository(request, needed="admin")
    if write:
        lookup.writable(repo)
    return repo.name.lower(), audit_data(request.state).repository_secrets.setdefault(repo.name.lower(), [])


@routes.get("/repos/{owner}/{repo}/actions/secrets")
def list_repo_secrets(request: Request) -> Response:
    _, secrets = _repo_secrets(request, write=False)
    ordered = sorted(secrets, key=lambda s: str(s["name"]))
    return secret_listing(request, [repo_secret_json(s) for s in ordered])


@routes.get("/repos/{owner}/{repo}/actions/secrets/public-key")
def repo_public_key(request: Request) -> Response:
    name, _ = _repo_secrets(request, write=False)
    return Response(200, _key_json(request.state, f"repo:{name}"))


@routes.put("/repos/{owner}/{repo}/actions/secrets/{secret_name}")
def put_repo_secret(request: Request) -> Response:
    name, secrets = _repo_secrets(request, write=True)
    fingerprint = open_sealed(request.state, f"repo:{name}", request.json_object())
    _, created = put_secret(secrets, request.params["secret_name"], fingerprint, MAX_REPOSITORY_SECRETS)
    return Response(201, {}) if created else Response(204)


@routes.delete("/repos/{owner}/{repo}/actions/secrets/{secret_name}")
def delete_repo_secret(request: Request) -> Response:
    _, secrets = _repo_secrets(request, write=True)
    secrets.remove(stored_secret(secrets, request.params["secret_name"]))
    return Response(204)
