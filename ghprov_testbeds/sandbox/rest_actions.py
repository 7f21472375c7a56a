"""REST: GitHub Actions settings and variables, per repository and per organisation, from
``GitHubState.features``.

The organisation's Actions permissions and workflow defaults, and Actions secrets, are served by
``rest_audit`` (every endpoint has exactly one handler). Request bodies have been checked against
GitHub's schema before a handler runs, so handlers only apply GitHub's rules beyond the schema.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ghprov_testbeds.sandbox import access, lookup
from ghprov_testbeds.sandbox.actions_names import checked_name
from ghprov_testbeds.sandbox.render_repo import repo_minimal_json
from ghprov_testbeds.sandbox.state import GitHubState, Repository, now_iso
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
VARIABLES_DOCS = "https://docs.github.com/rest/actions/variables"
# GitHub's limits on variables (docs: "Limits for configuration variables").
MAX_REPOSITORY_VARIABLES = 500
MAX_ORGANIZATION_VARIABLES = 1000
# Variable lists page by 10, at most 30 (the `variables-per-page` parameter).
VARIABLES_PER_PAGE, VARIABLES_MAX_PER_PAGE = 10, 30


# How far each `allowed_actions` value restricts: an organisation's policy caps its repositories'.
_RESTRICTION = {"all": 0, "selected": 1, "local_only": 2}


def effective_actions_permissions(state: GitHubState, repo: Repository) -> dict[str, Any]:
    """The repository's own Actions settings within the organisation's policy, as GitHub reports them."""
    body = dict(state.features.repository(repo.name).actions_permissions)
    policy = state.audit.actions_permissions
    enabled_for = policy.get("enabled_repositories")
    selected = state.features.organization.actions_selected_repository_ids
    if enabled_for == "none" or (enabled_for == "selected" and repo.id not in selected):
        body["enabled"] = False
    ceiling = str(policy.get("allowed_actions", "all"))
    if _RESTRICTION.get(ceiling, 0) > _RESTRICTION.get(str(body.get("allowed_actions", "all")), 0):
        body["allowed_actions"] = ceiling
    return body


# Repository Actions permissions -------------------------------------------------------------------
@routes.get("/repos/{owner}/{repo}/actions/permissions")
def repo_actions_permissions(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    body = effective_actions_permissions(request.state, repo)
    if body.get("allowed_actions") == "selected":
        body["selected_actions_url"] = f"{_repo_url(request, repo.name)}/actions/permissions/selected-actions"
    return Response(200, body)


@routes.put("/repos/{owner}/{repo}/actions/permissions")
def set_repo_actions_permissions(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    body = request.json_object()
    current = request.state.features.repository(repo.name).actions_permissions
    current["enabled"] = body["enabled"]
    for key in ("allowed_actions", "sha_pinning_required"):
        if key in body:
            current[key] = body[key]
    return Response(204)


@routes.get("/repos/{owner}/{repo}/actions/permissions/selected-actions")
def repo_selected_actions(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    return Response(200, dict(request.state.features.repository(repo.name).selected_actions))


@routes.put("/repos/{owner}/{repo}/actions/permissions/selected-actions")
def set_repo_selected_actions(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    request.state.features.repository(repo.name).selected_actions.update(request.json_object())
    return Response(204)


@routes.get("/repos/{owner}/{repo}/actions/permissions/fork-pr-contributor-approval")
def repo_fork_pr_approval(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    policy = request.state.features.repository(repo.name).fork_pr_contributor_approval
    return Response(200, {"approval_policy": policy})


@routes.put("/repos/{owner}/{repo}/actions/permissions/fork-pr-contributor-approval")
def set_repo_fork_pr_approval(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    features = request.state.features.repository(repo.name)
    features.fork_pr_contributor_approval = request.json_object()["approval_policy"]
    return Response(204)


# Organisation Actions settings --------------------------------------------------------------------
@routes.get("/orgs/{org}/actions/permissions/selected-actions")
def org_selected_actions(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    return Response(200, dict(request.state.features.organization.selected_actions))


@routes.get("/orgs/{org}/actions/permissions/fork-pr-contributor-approval")
def org_fork_pr_approval(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    policy = request.state.features.organization.fork_pr_contributor_approval
    return Response(200, {"approval_policy": policy})


@routes.put("/orgs/{org}/actions/permissions/fork-pr-contributor-approval")
def set_org_fork_pr_approval(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    policy = request.json_object()["approval_policy"]
    request.state.features.organization.fork_pr_contributor_approval = policy
    return Response(204)


# Variables ----------------------------------------------------------------------------------------
def _repo_url(request: Request, name: str) -> str:
    return f"{request.base_url}/repos/{request.state.organization.login}/{name}"


def _repo_variables(request: Request, *, write: bool) -> dict[str, dict[str, Any]]:
    # "Authenticated users must have collaborator access to a repository to create, update, or read
    # variables" (REST reference): push access.
    repo = lookup.repository(request, needed="write")
    if write:
        lookup.writable(repo)
    return request.state.features.repository(repo.name).variables


def _org_variables(request: Request) -> dict[str, dict[str, Any]]:
    lookup.org(request)
    lookup.owner(request)
    return request.state.features.organization.variables


def _variable(variables: dict[str, dict[str, Any]], name: str) -> dict[str, Any]:
    # Variable names are case-insensitive on GitHub and stored upper-cased.
    found = variables.get(name.upper())
    if found is None:
        raise not_found(VARIABLES_DOCS)
    return found


def _page(
    request: Request,
    variables: dict[str, dict[str, Any]],
    render: Callable[[dict[str, Any]], dict[str, Any]],
) -> Response:
    ordered = [render(variables[name]) for name in sorted(variables)]
    page = paginate(
        request, ordered, default_per_page=VARIABLES_PER_PAGE, max_per_page=VARIABLES_MAX_PER_PAGE
    )
    return Response(200, {"total_count": len(ordered), "variables": page.body}, page.headers)


def _org_variable_json(request: Request, variable: dict[str, Any]) -> dict[str, Any]:
    body = {key: variable[key] for key in ("name", "value", "created_at", "updated_at", "visibility")}
    if variable["visibility"] == "selected":
        org = request.state.organization.login
        body["selected_repositories_url"] = (
            f"{request.base_url}/orgs/{org}/actions/variables/{variable['name']}/repositories"
        )
    return body


def _repo_variable_json(variable: dict[str, Any]) -> dict[str, Any]:
    return {key: variable[key] for key in ("name", "value", "created_at", "updated_at")}


def _create(variables: dict[str, dict[str, Any]], body: dict[str, Any], limit: int) -> dict[str, Any]:
    name = checked_name(body["name"], "Variable")
    if name in variables:
        raise ApiError(409, "Variable already exists.", documentation_url=VARIABLES_DOCS)
    if len(variables) >= limit:
        raise validation_failed("Variable", "name", code="too_many")
    stamp = now_iso()
    variable = {"name": name, "value": body["value"], "created_at": stamp, "updated_at": stamp}
    variables[name] = variable
    return variable


def _update(variables: dict[str, dict[str, Any]], current: dict[str, Any], body: dict[str, Any]) -> None:
    new_name = checked_name(body.get("name", current["name"]), "Variable")
    if new_name != current["name"]:
        if new_name in variables:
            raise ApiError(409, "Variable already exists.", documentation_url=VARIABLES_DOCS)
        del variables[current["name"]]
        current["name"] = new_name
        variables[new_name] = current
    for key in ("value", "visibility", "selected_repository_ids"):
        if key in body:
            current[key] = body[key]
    current["updated_at"] = now_iso()


def _selected_ids(state: GitHubState, body: dict[str, Any]) -> list[int]:
    known = {repo.id for repo in state.repositories.values()}
    ids = list(body.get("selected_repository_ids") or [])
    if any(ident not in known for ident in ids):
        raise validation_failed("Variable", "selected_repository_ids")
    return ids


@routes.get("/repos/{owner}/{repo}/actions/variables")
def list_repo_variables(request: Request) -> Response:
    return _page(request, _repo_variables(request, write=False), _repo_variable_json)


@routes.post("/repos/{owner}/{repo}/actions/variables")
def create_repo_variable(request: Request) -> Response:
    _create(_repo_variables(request, write=True), request.json_object(), MAX_REPOSITORY_VARIABLES)
    return Response(201, {})


@routes.get("/repos/{owner}/{repo}/actions/variables/{name}")
def get_repo_variable(request: Request) -> Response:
    variable = _variable(_repo_variables(request, write=False), request.params["name"])
    return Response(200, _repo_variable_json(variable))


@routes.patch("/repos/{owner}/{repo}/actions/variables/{name}")
def update_repo_variable(request: Request) -> Response:
    variables = _repo_variables(request, write=True)
    _update(variables, _variable(variables, request.params["name"]), request.json_object())
    return Response(204)


@routes.delete("/repos/{owner}/{repo}/actions/variables/{name}")
def delete_repo_variable(request: Request) -> Response:
    variables = _repo_variables(request, write=True)
    del variables[_variable(variables, request.params["name"])["name"]]
    return Response(204)


@routes.get("/orgs/{org}/actions/variables")
def list_org_variables(request: Request) -> Response:
    return _page(request, _org_variables(request), lambda v: _org_variable_json(request, v))


@routes.post("/orgs/{org}/actions/variables")
def create_org_variable(request: Request) -> Response:
    body = request.json_object()
    ids = _selected_ids(request.state, body)
    variable = _create(_org_variables(request), body, MAX_ORGANIZATION_VARIABLES)
    variable.update(visibility=body["visibility"], selected_repository_ids=ids)
    return Response(201, {})


@routes.get("/orgs/{org}/actions/variables/{name}")
def get_org_variable(request: Request) -> Response:
    variable = _variable(_org_variables(request), request.params["name"])
    return Response(200, _org_variable_json(request, variable))


@routes.patch("/orgs/{org}/actions/variables/{name}")
def update_org_variable(request: Request) -> Response:
    variables = _org_variables(request)
    body = request.json_object()
    if "selected_repository_ids" in body:
        body = {**body, "selected_repository_ids": _selected_ids(request.state, body)}
    _update(variables, _variable(variables, request.params["name"]), body)
    return Response(204)


@routes.delete("/orgs/{org}/actions/variables/{name}")
def delete_org_variable(request: Request) -> Response:
    variables = _org_variables(request)
    del variables[_variable(variables, request.params["name"])["name"]]
    return Response(204)


# An organisation variable's selected repositories: 409 unless its visibility is `selected` (documented).
NOT_SELECTED_VARIABLE = "The variable's visibility must be 'selected' to manage its repositories."


def _selected_variable(request: Request) -> dict[str, Any]:
    variable = _variable(_org_variables(request), request.params["name"])
    if variable["visibility"] != "selected":
        raise ApiError(409, NOT_SELECTED_VARIABLE, documentation_url=VARIABLES_DOCS)
    return variable


@routes.get("/orgs/{org}/actions/variables/{name}/repositories")
def list_variable_repositories(request: Request) -> Response:
    state = request.state
    chosen = set(_selected_variable(request).get("selected_repository_ids", []))
    repos = sorted((r for r in state.repositories.values() if r.id in chosen), key=lambda r: r.name.lower())
    items = [
        repo_minimal_json(request.base_url, state, r, access.repository_role(state, request.identity, r))
        for r in repos
    ]
    page = paginate(request, items)
    return Response(200, {"total_count": len(items), "repositories": page.body}, page.headers)


@routes.put("/orgs/{org}/actions/variables/{name}/repositories")
def set_variable_repositories(request: Request) -> Response:
    variable = _selected_variable(request)
    variable["selected_repository_ids"] = _selected_ids(request.state, request.json_object())
    return Response(204)


@routes.put("/orgs/{org}/actions/variables/{name}/repositories/{repository_id}")
def add_variable_repository(request: Request) -> Response:
    variable = _selected_variable(request)
    ident = int(request.params["repository_id"])
    chosen = variable.setdefault("selected_repository_ids", [])
    if ident not in chosen:
        chosen.extend(_selected_ids(request.state, {"selected_repository_ids": [ident]}))
    return Response(204)


@routes.delete("/orgs/{org}/actions/variables/{name}/repositories/{repository_id}")
def remove_variable_repository(request: Request) -> Response:
    variable = _selected_variable(request)
    ident = int(request.params["repository_id"])
    variable["selected_repository_ids"] = [
        i for i in variable.get("selected_repository_ids", []) if i != ident
    ]
    return Response(204)
