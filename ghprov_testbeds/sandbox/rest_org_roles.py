"""REST: organisation roles — GitHub's predefined roles and who holds them (teams and users).

The predefined roles exist in every organisation with fixed ids (the sandbox's own numbers), as on
GitHub. Assignments are owner-only writes. The security manager role and the deprecated
``/security-managers`` endpoints share one list of teams, as GitHub documents the two as one role.
Custom organisation roles (Enterprise Cloud: create, update, delete) are not emulated.
"""

from __future__ import annotations

from typing import Any

from ghprov.model import PREDEFINED_ORGANIZATION_ROLES
from ghprov_testbeds.sandbox import audit_events, lookup
from ghprov_testbeds.sandbox.render_org import team_simple_json, user_json
from ghprov_testbeds.sandbox.state import GitHubState, Team, User
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, not_found, paginate

routes = RouteTable()
DOCS = "https://docs.github.com/rest/orgs/organization-roles"
# GitHub's predefined roles have fixed ids, the same in every organisation; ci_cd_admin's is the
# sandbox's own (the next free number).
ROLE_IDS: dict[str, int] = {
    "all_repo_read": 8132,
    "all_repo_triage": 8133,
    "all_repo_write": 8134,
    "all_repo_maintain": 8135,
    "all_repo_admin": 8136,
    "security_manager": 138,
    "ci_cd_admin": 8137,
}
DESCRIPTIONS = {
    "security_manager": "Manage security policies, security alerts, and security configurations for an "
    "organization and all its repositories.",
    "ci_cd_admin": "Manage Actions policies, runners, runner groups, secrets, variables and usage metrics "
    "for an organization.",
}


def _role_json(request: Request, name: str) -> dict[str, Any]:
    base = PREDEFINED_ORGANIZATION_ROLES[name]
    description = DESCRIPTIONS.get(name) or f"Grants {base} access to all repositories in the organization."
    org = request.state.organization
    owner = user_json(request.base_url, User(org.login, org.id, org.node_id)) | {"type": "Organization"}
    # A role without repository access has no base role: the key is left out (the schema's enum has no null).
    return {
        "id": ROLE_IDS[name],
        "name": name,
        "description": description,
        **({"base_role": base} if base else {}),
        "source": "Predefined",
        "permissions": [],
        "organization": owner,
        "created_at": org.created_at,
        "updated_at": org.updated_at,
    }


def _role(request: Request) -> str:
    wanted = request.params["role_id"]
    name = next((name for name, ident in ROLE_IDS.items() if str(ident) == wanted), None)
    if name is None:
        raise not_found(DOCS)
    return name


def _team_ids(state: GitHubState, role: str) -> list[int]:
    organization = state.features.organization
    if role == "security_manager":
        return organization.security_manager_team_ids
    return organization.organization_role_team_ids.setdefault(str(ROLE_IDS[role]), [])


def _users(state: GitHubState, role: str) -> list[str]:
    return state.features.organization.organization_role_users.setdefault(str(ROLE_IDS[role]), [])


@routes.get("/orgs/{org}/organization-roles")
def list_roles(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    roles = [_role_json(request, name) for name in PREDEFINED_ORGANIZATION_ROLES]
    return Response(200, {"total_count": len(roles), "roles": roles})


@routes.get("/orgs/{org}/organization-roles/{role_id}")
def get_role(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    return Response(200, _role_json(request, _role(request)))


@routes.get("/orgs/{org}/organization-roles/{role_id}/teams")
def role_teams(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    state = request.state
    teams = [state.teams[ident] for ident in _team_ids(state, _role(request)) if ident in state.teams]
    items = [
        {**team_simple_json(request.base_url, state, team), "assignment": "direct", "parent": None}
        for team in teams
    ]
    return paginate(request, items)


@routes.get("/orgs/{org}/organization-roles/{role_id}/users")
def role_users(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    state = request.state
    role = _role(request)
    items: list[dict[str, Any]] = []
    direct = set(_users(state, role))
    through: dict[str, list[Team]] = {}
    for ident in _team_ids(state, role):
        team = state.teams.get(ident)
        if team is None:
            continue
        for login in team.members:
            through.setdefault(login, []).append(team)
    for login in sorted(direct | set(through)):
        user = state.users.get(login)
        if user is None:
            continue
        assignment = (
            "mixed" if login in direct and login in through else "direct" if login in direct else "indirect"
        )
        inherited = [team_simple_json(request.base_url, state, team) for team in through.get(login, [])]
        items.append(
            {**user_json(request.base_url, user), "assignment": assignment, "inherited_from": inherited}
        )
    return paginate(request, items)


def _assign(request: Request, holders: list[Any], holder: Any, *, assign: bool, **event: str) -> Response:
    """Add ``holder`` to (or remove it from) a role's holders; both are idempotent, as on GitHub."""
    with request.state.lock:
        if assign and holder not in holders:
            holders.append(holder)
        elif not assign and holder in holders:
            holders.remove(holder)
    action = "org.assign_role" if assign else "org.unassign_role"
    audit_events.record(request, action, role=event.pop("role"), **event)
    return Response(204)


def _team_holder(request: Request, *, assign: bool) -> Response:
    lookup.org(request)
    lookup.owner(request)
    team = lookup.team(request, for_write=True)
    role = _role(request)
    return _assign(request, _team_ids(request.state, role), team.id, assign=assign, role=role, team=team.slug)


def _user_holder(request: Request, *, assign: bool) -> Response:
    lookup.org(request)
    lookup.owner(request)
    role = _role(request)
    login = request.params["username"]
    membership = request.state.memberships.get(login)
    if assign and (membership is None or membership.state != "active"):
        raise ApiError(422, f"{login} is not a member of the organization", documentation_url=DOCS)
    return _assign(request, _users(request.state, role), login, assign=assign, role=role, user=login)


@routes.put("/orgs/{org}/organization-roles/teams/{team_slug}/{role_id}")
def assign_team(request: Request) -> Response:
    return _team_holder(request, assign=True)


@routes.delete("/orgs/{org}/organization-roles/teams/{team_slug}/{role_id}")
def unassign_team(request: Request) -> Response:
    return _team_holder(request, assign=False)


@routes.put("/orgs/{org}/organization-roles/users/{username}/{role_id}")
def assign_user(request: Request) -> Response:
    return _user_holder(request, assign=True)


@routes.delete("/orgs/{org}/organization-roles/users/{username}/{role_id}")
def unassign_user(request: Request) -> Response:
    return _user_holder(request, assign=False)
