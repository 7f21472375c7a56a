"""REST: the organisation's self-hosted runner groups and the repositories they serve (owners).

Groups live in ``GitHubState.audit.runner_groups``, which starts with GitHub's ``Default`` group
(id 1); their selected repositories in ``GitHubState.features.organization``. GitHub's rules beyond
the schema: names are unique (422); ``Default`` cannot be renamed or deleted (422); a group the
enterprise shares (``inherited``) is not the organisation's to change (403); groups beyond
``Default`` need a paid plan (403 on Free); the list of repositories applies to a group whose
visibility is ``selected`` (409 otherwise, as for the organisation's Actions repositories).
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import lookup
from ghprov_testbeds.sandbox.rest_actions_policy import selected_repositories_page
from ghprov_testbeds.sandbox.state import GitHubState
from ghprov_testbeds.sandbox.wire import (
    ApiError,
    Request,
    Response,
    RouteTable,
    forbidden,
    not_found,
    paginate,
    validation_failed,
)

routes = RouteTable()
DOCS = "https://docs.github.com/rest/actions/self-hosted-runner-groups"
NOT_SELECTED = "The runner group's visibility must be 'selected' to set its repositories."
DEFAULT_FIXED = "The default runner group cannot be renamed or deleted."
INHERITED = "This runner group is inherited from the enterprise and can only be changed there."
FREE_PLAN = "Runner groups are not available on the organization's plan."
# GitHub's defaults for a new group (the POST body's defaults in the REST reference).
NEW_GROUP: dict[str, Any] = {
    "visibility": "all",
    "allows_public_repositories": False,
    "restricted_to_workflows": False,
    "selected_workflows": [],
}
SETTINGS = ("visibility", "allows_public_repositories", "restricted_to_workflows", "selected_workflows")


def add_runner_group(
    state: GitHubState,
    name: str,
    *,
    visibility: str = "all",
    allows_public_repositories: bool = False,
    inherited: bool = False,
) -> int:
    """Add a runner group (seeding and tests: as if made in GitHub's settings); its id."""
    with state.lock:
        ident = state.new_id()
        state.audit.runner_groups.append(
            {
                "id": ident,
                "name": name,
                "visibility": visibility,
                "allows_public_repositories": allows_public_repositories,
                "inherited": inherited,
            }
        )
        return ident


def _groups(request: Request) -> list[dict[str, Any]]:
    lookup.org(request)
    lookup.owner(request)
    return request.state.audit.runner_groups


def _group(request: Request, *, change: bool = False) -> dict[str, Any]:
    wanted = request.params["runner_group_id"]
    for group in _groups(request):
        if str(group["id"]) == wanted:
            if change and group.get("inherited"):
                raise forbidden(INHERITED, DOCS)
            return group
    raise not_found(DOCS)


def _group_json(request: Request, group: dict[str, Any]) -> dict[str, Any]:
    base = f"{request.base_url}/orgs/{request.state.organization.login}/actions/runner-groups/{group['id']}"
    body = {
        "default": False,
        "inherited": False,
        "runners_url": f"{base}/runners",
        "workflow_restrictions_read_only": False,
        **NEW_GROUP,
        **group,
    }
    if group["visibility"] == "selected":
        body["selected_repositories_url"] = f"{base}/repositories"
    return body


def _unique(groups: list[dict[str, Any]], name: str, ident: int | None = None) -> None:
    if any(g["name"].lower() == name.lower() and g["id"] != ident for g in groups):
        raise validation_failed("RunnerGroup", "name", code="already_exists")


def _repository_ids(request: Request, ids: list[int]) -> list[int]:
    known = {repo.id for repo in request.state.repositories.values()}
    if any(ident not in known for ident in ids):
        raise validation_failed("Repository", "selected_repository_ids")
    return sorted(set(ids))


@routes.get("/orgs/{org}/actions/runner-groups")
def list_runner_groups(request: Request) -> Response:
    groups = [_group_json(request, group) for group in _groups(request)]
    page = paginate(request, groups)
    return Response(200, {"total_count": len(groups), "runner_groups": page.body}, page.headers)


@routes.post("/orgs/{org}/actions/runner-groups")
def create_runner_group(request: Request) -> Response:
    groups = _groups(request)
    if request.state.organization.plan == "free":
        raise forbidden(FREE_PLAN, DOCS)
    body = request.json_object()
    _unique(groups, body["name"])
    ids = _repository_ids(request, list(body.get("selected_repository_ids") or []))
    state = request.state
    with state.lock:
        group = {"id": state.new_id(), "name": body["name"], **NEW_GROUP}
        group.update({key: body[key] for key in SETTINGS if key in body})
        groups.append(group)
        if group["visibility"] == "selected":
            state.features.organization.runner_group_repository_ids[str(group["id"])] = ids
    return Response(201, _group_json(request, group))


@routes.get("/orgs/{org}/actions/runner-groups/{runner_group_id}")
def get_runner_group(request: Request) -> Response:
    return Response(200, _group_json(request, _group(request)))


@routes.patch("/orgs/{org}/actions/runner-groups/{runner_group_id}")
def update_runner_group(request: Request) -> Response:
    group = _group(request, change=True)
    body = request.json_object()
    if body["name"] != group["name"]:
        if group.get("default"):
            raise ApiError(422, DEFAULT_FIXED, documentation_url=DOCS)
        _unique(_groups(request), body["name"], group["id"])
    with request.state.lock:
        for key in ("name", *SETTINGS):
            if key in body:
                group[key] = body[key]
    return Response(200, _group_json(request, group))


@routes.delete("/orgs/{org}/actions/runner-groups/{runner_group_id}")
def delete_runner_group(request: Request) -> Response:
    group = _group(request, change=True)
    if group.get("default"):
        raise ApiError(422, DEFAULT_FIXED, documentation_url=DOCS)
    state = request.state
    with state.lock:
        # Its runners go back to the Default group (the sandbox registers none).
        state.audit.runner_groups.remove(group)
        state.features.organization.runner_group_repository_ids.pop(str(group["id"]), None)
    return Response(204)


def _selected(request: Request, group: dict[str, Any]) -> list[int]:
    if group["visibility"] != "selected":
        raise ApiError(409, NOT_SELECTED, documentation_url=DOCS)
    return request.state.features.organization.runner_group_repository_ids.setdefault(str(group["id"]), [])


@routes.get("/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories")
def runner_group_repositories(request: Request) -> Response:
    return selected_repositories_page(request, _selected(request, _group(request)))


@routes.put("/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories")
def set_runner_group_repositories(request: Request) -> Response:
    group = _group(request, change=True)
    _selected(request, group)
    ids = _repository_ids(request, list(request.json_object()["selected_repository_ids"]))
    with request.state.lock:
        request.state.features.organization.runner_group_repository_ids[str(group["id"])] = ids
    return Response(204)
