"""REST: a repository's deploy keys (``/repos/{owner}/{repo}/keys``), admins only, as GitHub documents.

GitHub keeps a public key once across all of GitHub: adding a key that any repository already has is
refused with 422 "key is already in use". The comment of a submitted key is dropped, as GitHub does.
"""

from __future__ import annotations

from typing import Any

from ghprov.model import normalise_public_key
from ghprov_testbeds.sandbox import audit_events, lookup
from ghprov_testbeds.sandbox.state import GitHubState, Repository, now_iso
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, not_found, paginate

routes = RouteTable()
DOCS = "https://docs.github.com/rest/deploy-keys/deploy-keys"


def _invalid(message: str) -> ApiError:
    errors = [{"resource": "PublicKey", "code": "custom", "field": "key", "message": message}]
    return ApiError(422, "Validation Failed", errors=errors, documentation_url=DOCS)


def _keys(state: GitHubState, repo: Repository) -> list[dict[str, Any]]:
    return state.features.repository(repo.name).deploy_keys


def _key_json(request: Request, repo: Repository, key: dict[str, Any]) -> dict[str, Any]:
    url = f"{request.base_url}/repos/{request.state.organization.login}/{repo.name}/keys/{key['id']}"
    return {**key, "url": url}


def key_in_use(state: GitHubState, public_key: str) -> bool:
    """True when any repository already has ``public_key`` (``<type> <base64>``)."""
    return any(
        key["key"] == public_key
        for features in state.features.repositories.values()
        for key in features.deploy_keys
    )


def add_deploy_key(
    state: GitHubState, repo: str, title: str, public_key: str, *, read_only: bool = True
) -> int:
    """Give ``repo`` a deploy key (seeding and tests); returns its id."""
    with state.lock:
        ident = state.new_id()
        state.features.repository(repo).deploy_keys.append(
            {
                "id": ident,
                "key": normalise_public_key(public_key),
                "title": title,
                "verified": True,
                "created_at": now_iso(),
                "read_only": read_only,
                "added_by": None,
                "last_used": None,
                "enabled": True,
            }
        )
        return ident


@routes.get("/repos/{owner}/{repo}/keys")
def list_deploy_keys(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    return paginate(request, [_key_json(request, repo, key) for key in _keys(request.state, repo)])


@routes.post("/repos/{owner}/{repo}/keys")
def create_deploy_key(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    body = request.json_object()
    try:
        public_key = normalise_public_key(str(body.get("key", "")))
    except ValueError as error:
        raise _invalid(
            f"key is invalid. You must supply a key in OpenSSH public key format ({error})"
        ) from error
    state = request.state
    with state.lock:
        if key_in_use(state, public_key):
            raise _invalid("key is already in use")
        title = str(body.get("title") or "")
        ident = add_deploy_key(
            state, repo.name, title, public_key, read_only=bool(body.get("read_only", False))
        )
        created = next(key for key in _keys(state, repo) if key["id"] == ident)
        created["added_by"] = audit_events.actor_login(request.identity)
    audit_events.record(request, "public_key.create", title=title, **audit_events.repo_keys(state, repo))
    return Response(201, _key_json(request, repo, created))


def _find(request: Request) -> tuple[Repository, dict[str, Any]]:
    repo = lookup.repository(request, needed="admin")
    wanted = request.params["key_id"]
    for key in _keys(request.state, repo):
        if str(key["id"]) == wanted:
            return repo, key
    raise not_found(DOCS)


@routes.get("/repos/{owner}/{repo}/keys/{key_id}")
def get_deploy_key(request: Request) -> Response:
    repo, key = _find(request)
    return Response(200, _key_json(request, repo, key))


@routes.delete("/repos/{owner}/{repo}/keys/{key_id}")
def delete_deploy_key(request: Request) -> Response:
    repo, key = _find(request)
    lookup.writable(repo)
    with request.state.lock:
        _keys(request.state, repo).remove(key)
    audit_events.record(
        request, "public_key.delete", title=key["title"], **audit_events.repo_keys(request.state, repo)
    )
    return Response(204)
