"""REST: one self-hosted runner group and the repositories it serves (organisation owners).

Groups live in ``GitHubState.audit.runner_groups`` (listed by ``rest_audit``); their selected
repositories in ``GitHubState.features.organization``. GitHub's rule beyond the schema: the list of
repositories applies to a group whose visibility is ``selected`` (409 otherwise, as for the
organisation's Actions repositories).
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
    not_found,
    validation_failed,
)

routes = RouteTable()
DOCS = "https://docs.github.com/rest/actions/self-hosted-runner-groups"
NOT_SELECTED = "The runner group's visibility must be 'selected' to set its repositories."


def add_runner_group(
    state: GitHubState, name: str, *, visibility: str = "all", allows_public_repositories: bool = False
) -> int:
    """Create a runner group (seeding and tests: GitHub creates them with the runners); its id."""
    with state.lock:
        ident = state.new_id()
        state.audit.runner_groups.append(
            {
                "id": ident,
                "name": name,
                "visibility": visibility,
                "allows_public_repositories": allows_public_repositories,
            }
        )
        return ident


def _group(request: Request) -> dict[str, Any]:
    lookup.org(request)
    lookup.owner(request)
    wanted = request.params["runner_group_id"]
    for group in request.state.audit.runner_groups:
        if str(group["id"]) == wanted:
            return group
    raise not_found(DOCS)


def _group_json(request: Request, group: dict[str, Any]) -> dict[str, Any]:
    base = f"{request.base_url}/orgs/{request.state.organization.login}/actions/runner-groups/{group['id']}"
    body = {"default": False, "inherited": False, "runners_url": f"{base}/runners", **group}
    if group["visibility"] == "selected":
        body["selected_repositories_url"] = f"{base}/repositories"
    return body


@routes.get("/orgs/{org}/actions/runner-groups/{runner_group_id}")
def get_runner_group(request: Request) -> Response:
    return Response(200, _group_json(request, _group(request)))


@routes.patch("/orgs/{org}/actions/runner-groups/{runner_group_id}")
def update_runner_group(request: Request) -> Response:
    group = _group(request)
    body = request.json_object()
    with request.state.lock:
        for key in ("name", "visibility", "allows_public_repositories"):
            if key in body:
                group[key] = body[key]
    return Response(200, _group_json(request, group))


def _selected(request: Request, group: dict[str, Any]) -> list[int]:
    if group["visibility"] != "selected":
        raise ApiError(409, NOT_SELECTED, documentation_url=DOCS)
    return request.state.features.organization.runner_group_repository_ids.setdefault(str(group["id"]), [])


@routes.get("/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories")
def runner_group_repositories(request: Request) -> Response:
    return selected_repositories_page(request, _selected(request, _group(request)))


@routes.put("/orgs/{org}/actions/runner-groups/{runner_group_id}/repositories")
def set_runner_group_repositories(request: Request) -> Response:
    group = _group(request)
    _selected(request, group)
    ids = list(request.json_object()["selected_repository_ids"])
    known = {repo.id for repo in request.state.repositories.values()}
    if any(ident not in known for ident in ids):
        raise validation_failed("Repository", "selected_repository_ids")
    with request.state.lock:
        request.state.features.organization.runner_group_repository_ids[str(group["id"])] = sorted(set(ids))
    return Response(204)
