"""REST: organisation roles — GitHub's predefined roles, the organisation's custom ones, and who holds
them (teams and users).

The predefined roles exist in every organisation with fixed ids (the sandbox's own numbers), as on
GitHub. Custom organisation roles exist only on Enterprise Cloud; they are defined, changed and
deleted in ``rest_org_role_definitions`` and listed, read and assigned here like the predefined ones.
Assignments are owner-only writes. The security manager role and the deprecated
``/security-managers`` endpoints share one list of teams, as GitHub documents the two as one role.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class Role:
    """An organisation role by id and name; ``custom`` is its stored definition when it is custom."""

    id: int
    name: str
    custom: dict[str, Any] | None = None


def custom_roles(state: GitHubState) -> list[dict[str, Any]]:
    """The organisation's custom roles (Enterprise Cloud; none elsewhere)."""
    return state.features.organization.custom_organization_roles


def role_json(request: Request, role: Role) -> dict[str, Any]:
    org = request.state.organization
    owner = user_json(request.base_url, User(org.login, org.id, org.node_id)) | {"type": "Organization"}
    if role.custom is not None:
        custom = role.custom
        description, base = custom["description"], custom["base_role"]
        source, permissions = "Organization", list(custom["permissions"])
        created, updated = custom["created_at"], custom["updated_at"]
    else:
        base = PREDEFINED_ORGANIZATION_ROLES[role.name]
        description = (
            DESCRIPTIONS.get(role.name) or f"Grants {base} access to all repositories in the organization."
        )
        source, permissions, created, updated = "Predefined", [], org.created_at, org.updated_at
    # A role without repository access has no base role: the key is left out (the schema's enum has no null).
    return {
        "id": role.id,
        "name": role.name,
        "description": description,
        **({"base_role": base} if base else {}),
        "source": source,
        "permissions": permissions,
        "organization": owner,
        "created_at": created,
        "updated_at": updated,
    }


def all_roles(state: GitHubState) -> list[Role]:
    predefined = [Role(ident, name) for name, ident in ROLE_IDS.items()]
    return predefined + [
        Role(int(custom["id"]), str(custom["name"]), custom) for custom in custom_roles(state)
    ]


def find_role(request: Request) -> Role:
    """The role ``{role_id}`` names, predefined or custom; 404 when there is none."""
    wanted = request.params["role_id"]
    found = next((role for role in all_roles(request.state) if str(role.id) == wanted), None)
    if found is None:
        raise not_found(DOCS)
    return found


def _team_ids(state: GitHubState, role: Role) -> list[int]:
    organization = state.features.organization
    if role.id == ROLE_IDS["security_manager"]:
        return organization.security_manager_team_ids
    return organization.organization_role_team_ids.setdefault(str(role.id), [])


def _users(state: GitHubState, role: Role) -> list[str]:
    return state.features.organization.organization_role_users.setdefault(str(role.id), [])


@routes.get("/orgs/{org}/organization-roles")
def list_roles(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    roles = [role_json(request, role) for role in all_roles(request.state)]
    return Response(200, {"total_count": len(roles), "roles": roles})


@routes.get("/orgs/{org}/organization-roles/{role_id}")
def get_role(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    return Response(200, role_json(request, find_role(request)))


@routes.get("/orgs/{org}/organization-roles/{role_id}/teams")
def role_teams(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    state = request.state
    teams = [state.teams[ident] for ident in _team_ids(state, find_role(request)) if ident in state.teams]
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
    role = find_role(request)
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
    role = find_role(request)
    holders = _team_ids(request.state, role)
    return _assign(request, holders, team.id, assign=assign, role=role.name, team=team.slug)


def _user_holder(request: Request, *, assign: bool) -> Response:
    lookup.org(request)
    lookup.owner(request)
    role = find_role(request)
    login = request.params["username"]
    membership = request.state.memberships.get(login)
    if assign and (membership is None or membership.state != "active"):
        raise ApiError(422, f"{login} is not a member of the organization", documentation_url=DOCS)
    return _assign(request, _users(request.state, role), login, assign=assign, role=role.name, user=login)


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
