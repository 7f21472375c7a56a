"""REST: the organisation's fine-grained PAT grants and each grant's repositories (GitHub Apps only)."""

from __future__ import annotations

import time
from typing import Any

from ghprov_testbeds.sandbox import lookup
from ghprov_testbeds.sandbox.pats import Grant, grants
from ghprov_testbeds.sandbox.render_org import user_json
from ghprov_testbeds.sandbox.render_repo import repo_minimal_json
from ghprov_testbeds.sandbox.wire import Request, Response, RouteTable, forbidden, not_found, paginate

routes = RouteTable()
DOCS = "https://docs.github.com/rest/orgs/personal-access-tokens"
PERMISSION_GROUPS = ("organization", "repository", "other")


def _apps_only(request: Request) -> None:
    lookup.org(request)
    if not request.identity.is_installation:
        raise forbidden("Resource not accessible by personal access token", DOCS)


def _grant_json(request: Request, grant: Grant) -> dict[str, Any]:
    state, token = request.state, grant.token
    org_url = f"{request.base_url}/orgs/{state.organization.login}"
    expires = token.expires_at
    # GitHub's selection: every repository, the listed ones, or none (public repositories only).
    selection = "all" if token.repositories is None else "subset" if token.repositories else "none"
    return {
        "id": grant.id,
        "owner": user_json(request.base_url, grant.owner),
        "repository_selection": selection,
        "repositories_url": f"{org_url}/personal-access-tokens/{grant.id}/repositories",
        "permissions": {group: dict(token.permissions.get(group, {})) for group in PERMISSION_GROUPS},
        "access_granted_at": state.organization.created_at,
        "token_id": grant.id,
        "token_name": token.name or grant.value[:8],
        "token_expired": expires is not None and expires < time.time(),
        "token_expires_at": None
        if expires is None
        else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires)),
        "token_last_used_at": None,
    }


@routes.get("/orgs/{org}/personal-access-tokens")
def list_pat_grants(request: Request) -> Response:
    _apps_only(request)
    wanted_owner = request.query.get("owner") or request.query.get("owner[]")
    listed = [
        _grant_json(request, grant)
        for grant in grants(request.state)
        if not wanted_owner or wanted_owner == grant.owner.login
    ]
    return paginate(request, listed)


@routes.get("/orgs/{org}/personal-access-tokens/{pat_id}/repositories")
def list_pat_grant_repositories(request: Request) -> Response:
    _apps_only(request)
    state = request.state
    wanted = request.params["pat_id"]
    grant = next((g for g in grants(state) if str(g.id) == wanted), None)
    if grant is None:
        raise not_found(f"{DOCS}#list-repositories-a-fine-grained-personal-access-token-has-access-to")
    names = grant.token.repositories
    chosen = sorted(state.repositories.values(), key=lambda r: r.id)
    if names is not None:
        chosen = [repo for repo in chosen if repo.name in names]
    return paginate(request, [repo_minimal_json(request.base_url, state, repo, None) for repo in chosen])
