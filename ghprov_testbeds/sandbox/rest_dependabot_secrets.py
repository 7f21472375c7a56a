"""REST: Dependabot secrets of the organisation and its repositories (``GitHubState.audit``).

The same rules as Actions secrets (``rest_secrets``): a public key per organisation and repository
(kept apart from the Actions ones), sealed boxes opened and checked, only a SHA-256 of a value kept.
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import lookup
from ghprov_testbeds.sandbox.audit_data import audit_data
from ghprov_testbeds.sandbox.rest_secrets import (
    MAX_ORGANIZATION_SECRETS,
    MAX_REPOSITORY_SECRETS,
    open_sealed,
    public_key,
    put_secret,
    repo_secret_json,
    secret_listing,
    selected_ids,
    selected_repositories,
    stored_secret,
)
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable

routes = RouteTable()
DEPENDABOT_DOCS = "https://docs.github.com/rest/dependabot/secrets"


def _key(request: Request, scope: str) -> Response:
    pair = public_key(request.state, scope)
    return Response(200, {"key_id": pair["key_id"], "key": pair["key"]})


def _org_secrets(request: Request) -> list[dict[str, Any]]:
    lookup.org(request)
    lookup.owner(request)
    return audit_data(request.state).dependabot_secrets


def _org_secret_json(request: Request, secret: dict[str, Any]) -> dict[str, Any]:
    org = request.state.organization.login
    return {
        **{key: secret[key] for key in ("name", "created_at", "updated_at", "visibility")},
        "selected_repositories_url": (
            f"{request.base_url}/orgs/{org}/dependabot/secrets/{secret['name']}/repositories"
        ),
    }


@routes.get("/orgs/{org}/dependabot/secrets")
def list_org_dependabot_secrets(request: Request) -> Response:
    secrets = sorted(_org_secrets(request), key=lambda s: str(s["name"]))
    return secret_listing(request, [_org_secret_json(request, s) for s in secrets])


@routes.get("/orgs/{org}/dependabot/secrets/public-key")
def org_dependabot_public_key(request: Request) -> Response:
    _org_secrets(request)
    return _key(request, "dependabot:org")


@routes.put("/orgs/{org}/dependabot/secrets/{secret_name}")
def put_org_dependabot_secret(request: Request) -> Response:
    secrets = _org_secrets(request)
    body = request.json_object()
    fingerprint = open_sealed(request.state, "dependabot:org", body) if "encrypted_value" in body else None
    ids = selected_ids(request.state, body.get("selected_repository_ids") or [])
    name = request.params["secret_name"]
    secret, created = put_secret(secrets, name, fingerprint, MAX_ORGANIZATION_SECRETS)
    secret["visibility"] = body["visibility"]
    secret["selected_repository_ids"] = ids if body["visibility"] == "selected" else []
    return Response(201, {}) if created else Response(204)


@routes.delete("/orgs/{org}/dependabot/secrets/{secret_name}")
def delete_org_dependabot_secret(request: Request) -> Response:
    secrets = _org_secrets(request)
    secrets.remove(stored_secret(secrets, request.params["secret_name"]))
    return Response(204)


@routes.get("/orgs/{org}/dependabot/secrets/{secret_name}/repositories")
def org_dependabot_secret_repositories(request: Request) -> Response:
    secret = stored_secret(_org_secrets(request), request.params["secret_name"])
    if secret["visibility"] != "selected":
        # As for Actions secrets: the list applies only to a secret shared with selected repositories.
        raise ApiError(409, "Secret visibility is not 'selected'.", documentation_url=DEPENDABOT_DOCS)
    return selected_repositories(request, secret.get("selected_repository_ids", []))


def _repo_secrets(request: Request, *, write: bool) -> tuple[str, list[dict[str, Any]]]:
    repo = lookup.repository(request, needed="admin")
    if write:
        lookup.writable(repo)
    name = repo.name.lower()
    return name, audit_data(request.state).repository_dependabot_secrets.setdefault(name, [])


@routes.get("/repos/{owner}/{repo}/dependabot/secrets")
def list_repo_dependabot_secrets(request: Request) -> Response:
    _, secrets = _repo_secrets(request, write=False)
    return secret_listing(
        request, [repo_secret_json(s) for s in sorted(secrets, key=lambda s: str(s["name"]))]
    )


@routes.get("/repos/{owner}/{repo}/dependabot/secrets/public-key")
def repo_dependabot_public_key(request: Request) -> Response:
    name, _ = _repo_secrets(request, write=False)
    return _key(request, f"dependabot:repo:{name}")


@routes.put("/repos/{owner}/{repo}/dependabot/secrets/{secret_name}")
def put_repo_dependabot_secret(request: Request) -> Response:
    name, secrets = _repo_secrets(request, write=True)
    fingerprint = open_sealed(request.state, f"dependabot:repo:{name}", request.json_object())
    _, created = put_secret(secrets, request.params["secret_name"], fingerprint, MAX_REPOSITORY_SECRETS)
    return Response(201, {}) if created else Response(204)


@routes.delete("/repos/{owner}/{repo}/dependabot/secrets/{secret_name}")
def delete_repo_dependabot_secret(request: Request) -> Response:
    _, secrets = _repo_secrets(request, write=True)
    secrets.remove(stored_secret(secrets, request.params["secret_name"]))
    return Response(204)
