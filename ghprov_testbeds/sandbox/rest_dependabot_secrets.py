"""REST: Dependabot secrets of the organisation and its repositories (``GitHubState.audit``).

The same rules as Actions secrets (``rest_secrets``): a public key per organisation and repository
(kept apart from the Actions ones), sealed boxes opened and checked, only a SHA-256 of a value kept.
An organisation secret's repository list (whole, or one repository at a time) applies only while its
visibility is ``selected`` (409 otherwise, as GitHub documents); an id that is no repository is 422.
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import lookup
from ghprov_testbeds.sandbox.audit_data import audit_data
from ghprov_testbeds.sandbox.rest_secrets import (
    MAX_REPOSITORY_SECRETS,
    delete_organization_secret,
    open_sealed,
    public_key,
    put_organization_secret,
    put_secret,
    replace_selected,
    repo_secret_json,
    secret_listing,
    selected_ids,
    selected_repositories,
    selected_secret,
    stored_secret,
)
from ghprov_testbeds.sandbox.wire import Request, Response, RouteTable

routes = RouteTable()
DOCS = "https://docs.github.com/rest/dependabot/secrets"


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
    return put_organization_secret(request, _org_secrets(request), "dependabot:org")


@routes.delete("/orgs/{org}/dependabot/secrets/{secret_name}")
def delete_org_dependabot_secret(request: Request) -> Response:
    return delete_organization_secret(request, _org_secrets(request))


def _selected_secret(request: Request) -> dict[str, Any]:
    return selected_secret(request, _org_secrets(request), DOCS)


@routes.get("/orgs/{org}/dependabot/secrets/{secret_name}/repositories")
def org_dependabot_secret_repositories(request: Request) -> Response:
    return selected_repositories(request, _selected_secret(request).get("selected_repository_ids", []))


@routes.put("/orgs/{org}/dependabot/secrets/{secret_name}/repositories")
def set_org_dependabot_secret_repositories(request: Request) -> Response:
    return replace_selected(request, _selected_secret(request))


@routes.put("/orgs/{org}/dependabot/secrets/{secret_name}/repositories/{repository_id}")
def add_org_dependabot_secret_repository(request: Request) -> Response:
    secret = _selected_secret(request)
    (ident,) = selected_ids(request.state, [request.params["repository_id"]])
    with request.state.lock:
        secret["selected_repository_ids"] = sorted({*secret.get("selected_repository_ids", []), ident})
    return Response(204)


@routes.delete("/orgs/{org}/dependabot/secrets/{secret_name}/repositories/{repository_id}")
def remove_org_dependabot_secret_repository(request: Request) -> Response:
    secret = _selected_secret(request)
    (ident,) = selected_ids(request.state, [request.params["repository_id"]])
    with request.state.lock:
        secret["selected_repository_ids"] = [
            i for i in secret.get("selected_repository_ids", []) if i != ident
        ]
    return Response(204)


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
