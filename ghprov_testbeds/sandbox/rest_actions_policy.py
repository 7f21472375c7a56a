"""REST: writing the Actions policy (organisation and repository) and the parts of it only writers need.

The organisation's policy and workflow defaults live in ``GitHubState.audit`` (served by
``rest_audit``), the rest in ``GitHubState.features``. GitHub's rules beyond the request schema:
lists that apply only under a ``selected`` policy answer 409 otherwise; a repository cannot give
its workflows more than the organisation allows (409); ``access`` applies to private and internal
repositories only (422). Sources: the REST reference of each endpoint ("Conflict" responses).
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import access, lookup
from ghprov_testbeds.sandbox.render_repo import repo_minimal_json
from ghprov_testbeds.sandbox.state import GitHubState
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, paginate, validation_failed

routes = RouteTable()
DOCS = "https://docs.github.com/rest/actions/permissions"
NOT_SELECTED_REPOSITORIES = (
    "enabled_repositories must be set to 'selected' to manage the list of selected repositories."
)
NOT_SELECTED_ACTIONS = "allowed_actions must be set to 'selected' to manage selected actions."
ORGANIZATION_RESTRICTS = (
    "The organization's workflow permissions are more restrictive; "
    "this setting cannot be changed at the repository level."
)
PUBLIC_ACCESS = "Access level can only be set on private and internal repositories."


def _conflict(message: str) -> ApiError:
    return ApiError(409, message, documentation_url=DOCS)


def _org_owner(request: Request) -> GitHubState:
    lookup.org(request)
    lookup.owner(request)
    return request.state


def selected_repositories_page(request: Request, ids: list[int]) -> Response:
    """``{total_count, repositories}`` of the repositories with ``ids``, by name, paged."""
    state = request.state
    wanted = set(ids)
    repos = sorted((r for r in state.repositories.values() if r.id in wanted), key=lambda r: r.name.lower())
    items = [
        repo_minimal_json(request.base_url, state, r, access.repository_role(state, request.identity, r))
        for r in repos
    ]
    page = paginate(request, items)
    return Response(200, {"total_count": len(items), "repositories": page.body}, page.headers)


# Organisation ------------------------------------------------------------------------------------
@routes.put("/orgs/{org}/actions/permissions")
def set_org_actions_permissions(request: Request) -> Response:
    state = _org_owner(request)
    body = request.json_object()
    with state.lock:
        policy = state.audit.actions_permissions
        policy["enabled_repositories"] = body["enabled_repositories"]
        for key in ("allowed_actions", "sha_pinning_required"):
            if key in body:
                policy[key] = body[key]
    return Response(204)


def _require_selected_repositories(state: GitHubState) -> None:
    if state.audit.actions_permissions.get("enabled_repositories") != "selected":
        raise _conflict(NOT_SELECTED_REPOSITORIES)


@routes.get("/orgs/{org}/actions/permissions/repositories")
def org_actions_repositories(request: Request) -> Response:
    state = _org_owner(request)
    _require_selected_repositories(state)
    return selected_repositories_page(request, state.features.organization.actions_selected_repository_ids)


@routes.put("/orgs/{org}/actions/permissions/repositories")
def set_org_actions_repositories(request: Request) -> Response:
    state = _org_owner(request)
    _require_selected_repositories(state)
    ids = list(request.json_object()["selected_repository_ids"])
    known = {repo.id for repo in state.repositories.values()}
    if any(ident not in known for ident in ids):
        raise validation_failed("Repository", "selected_repository_ids")
    with state.lock:
        state.features.organization.actions_selected_repository_ids = sorted(set(ids))
    return Response(204)


@routes.put("/orgs/{org}/actions/permissions/selected-actions")
def set_org_selected_actions(request: Request) -> Response:
    state = _org_owner(request)
    if state.audit.actions_permissions.get("allowed_actions") != "selected":
        raise _conflict(NOT_SELECTED_ACTIONS)
    with state.lock:
        state.features.organization.selected_actions.update(request.json_object())
    return Response(204)


@routes.put("/orgs/{org}/actions/permissions/workflow")
def set_org_workflow_permissions(request: Request) -> Response:
    state = _org_owner(request)
    with state.lock:
        state.audit.workflow_permissions.update(request.json_object())
    return Response(204)


@routes.get("/orgs/{org}/actions/permissions/self-hosted-runners")
def org_self_hosted_runners(request: Request) -> Response:
    state = _org_owner(request)
    return Response(200, {"enabled_repositories": state.features.organization.self_hosted_runners})


@routes.put("/orgs/{org}/actions/permissions/self-hosted-runners")
def set_org_self_hosted_runners(request: Request) -> Response:
    state = _org_owner(request)
    with state.lock:
        state.features.organization.self_hosted_runners = request.json_object()["enabled_repositories"]
    return Response(204)


# Repository --------------------------------------------------------------------------------------
def _exceeds_organization(state: GitHubState, wanted: dict[str, Any]) -> bool:
    """True when ``wanted`` gives workflows more than the organisation's defaults allow."""
    org = state.audit.workflow_permissions
    more_write = (
        wanted.get("default_workflow_permissions") == "write"
        and org.get("default_workflow_permissions") == "read"
    )
    more_approval = wanted.get("can_approve_pull_request_reviews") is True and not org.get(
        "can_approve_pull_request_reviews"
    )
    return more_write or more_approval


@routes.put("/repos/{owner}/{repo}/actions/permissions/workflow")
def set_repo_workflow_permissions(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    state = request.state
    body = request.json_object()
    if _exceeds_organization(state, body):
        raise _conflict(ORGANIZATION_RESTRICTS)
    with state.lock:
        current = state.audit.repository_workflow.setdefault(
            repo.name.lower(), dict(state.audit.workflow_permissions)
        )
        current.update(body)
    return Response(204)


@routes.get("/repos/{owner}/{repo}/actions/permissions/access")
def repo_actions_access(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    if repo.visibility == "public":
        raise ApiError(422, PUBLIC_ACCESS, documentation_url=DOCS)
    level = request.state.features.repository(repo.name).actions_access_level
    return Response(200, {"access_level": level})


@routes.put("/repos/{owner}/{repo}/actions/permissions/access")
def set_repo_actions_access(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    if repo.visibility == "public":
        raise ApiError(422, PUBLIC_ACCESS, documentation_url=DOCS)
    with request.state.lock:
        features = request.state.features.repository(repo.name)
        features.actions_access_level = request.json_object()["access_level"]
    return Response(204)
