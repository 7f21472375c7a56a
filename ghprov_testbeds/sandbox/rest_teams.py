"""REST: teams (hierarchy, privacy, slugs), team memberships and team repository grants."""

from __future__ import annotations

import time
from typing import Any

from ghprov.model.teams import team_slug
from ghprov_testbeds.sandbox import access, audit_events, lookup
from ghprov_testbeds.sandbox.render_org import team_full_json, team_json
from ghprov_testbeds.sandbox.render_repo import team_repo_json
from ghprov_testbeds.sandbox.rest_members import invite
from ghprov_testbeds.sandbox.state import GitHubState, Identity, Repository, Team, node_id, now_iso
from ghprov_testbeds.sandbox.wire import (
    ApiError,
    Request,
    Response,
    RouteTable,
    forbidden,
    not_found,
    paginate,
)

routes = RouteTable()
TEAMS_DOCS = "https://docs.github.com/rest/teams/teams"
REPOSITORY_MEDIA_TYPE = "application/vnd.github.v3.repository+json"
# The REST permission vocabulary → the role names GitHub reports as role_name.
PERMISSION_ROLES = {"pull": "read", "push": "write", "read": "read", "write": "write"}


def _invalid(field_name: str, message: str, code: str = "custom") -> ApiError:
    return ApiError(
        422,
        "Validation Failed",
        errors=[{"resource": "Team", "code": code, "field": field_name, "message": message}],
    )


def _check_unique(state: GitHubState, name: str, slug: str, team_id: int | None) -> None:
    clash = state.team_by_name(name) or state.team_by_slug(slug)
    if clash is not None and clash.id != team_id:
        raise _invalid("name", "Name must be unique for this org", "already_exists")


def _resolve_parent(request: Request, body: dict[str, Any]) -> tuple[bool, int | None]:
    """(given, parent id) from parent_team_id or parent_team_slug (the id wins, as documented)."""
    if "parent_team_id" in body:
        parent_id = body["parent_team_id"]
        if parent_id is None:
            return True, None
        if int(parent_id) not in request.state.teams:
            raise _invalid("parent_team_id", "Parent team must be a team in this organization")
        return True, int(parent_id)
    if "parent_team_slug" in body:
        slug = body["parent_team_slug"]
        if slug is None:
            return True, None
        parent = request.state.team_by_slug(str(slug))
        if parent is None:
            raise _invalid("parent_team_slug", "Parent team must be a team in this organization")
        return True, parent.id
    return False, None


def _check_nesting(state: GitHubState, team_id: int | None, parent_id: int | None, privacy: str) -> None:
    """Nested teams (parents and children) must be closed, and a team cannot nest under its own subtree."""
    if parent_id is None:
        if team_id is not None and privacy == "secret" and state.child_teams(team_id):
            raise _invalid("privacy", "A parent team cannot be secret")
        return
    if privacy == "secret":
        raise _invalid("privacy", "A team with a parent cannot be secret")
    parent = state.teams[parent_id]
    if parent.privacy == "secret":
        raise _invalid("parent_team_id", "A secret team cannot be a parent team")
    if team_id is not None:
        chain = [parent, *access.ancestors(state, parent)]
        if any(t.id == team_id for t in chain):
            raise _invalid("parent_team_id", "A team cannot be its own ancestor")


@routes.get("/orgs/{org}/teams")
def list_teams(request: Request) -> Response:
    lookup.org(request)
    lookup.member(request)
    teams = [
        team
        for team in sorted(request.state.teams.values(), key=lambda t: t.name.lower())
        if lookup.visible(team) and access.can_see_team(request.state, request.identity, team)
    ]
    return paginate(request, [team_json(request.base_url, request.state, team) for team in teams])


@routes.post("/orgs/{org}/teams")
def create_team(request: Request) -> Response:
    lookup.org(request)
    lookup.member(request)
    state = request.state
    if not access.is_owner(state, request.identity) and not state.organization.settings.get(
        "members_can_create_teams", True
    ):
        raise forbidden(
            "You must be an organization owner or have the team creation permission to create a team."
        )
    body = request.json_object()
    name = str(body.get("name", "")).strip()
    slug = team_slug(name)
    if not slug:
        raise _invalid("name", "Name must contain at least one letter or number", "invalid")
    _check_unique(state, name, slug, None)
    _, parent_id = _resolve_parent(request, body)
    privacy = str(body.get("privacy") or ("closed" if parent_id is not None else "secret"))
    _check_nesting(state, None, parent_id, privacy)
    maintainers = [str(login) for login in body.get("maintainers", [])]
    for login in maintainers:
        if login not in state.users:
            raise _invalid("maintainers", f"{login} is not a valid user", "invalid")
    grants: dict[str, str] = {}
    for full_name in body.get("repo_names", []):
        owner_login, _, repo_name = str(full_name).partition("/")
        repo = (
            state.repository(repo_name) if owner_login.lower() == state.organization.login.lower() else None
        )
        if repo is None:
            raise _invalid("repo_names", f"{full_name} is not a repository of this organization", "invalid")
        grants[repo.name] = PERMISSION_ROLES.get(str(body.get("permission", "pull")), "read")
    team_id = state.new_id()
    team = Team(
        id=team_id,
        node_id=node_id("Team", team_id),
        name=name,
        slug=slug,
        description=body.get("description"),
        privacy="closed" if privacy == "closed" else "secret",
        parent_id=parent_id,
        notification_setting=str(body.get("notification_setting", "notifications_enabled")),
        repos=grants,
        visible_after=time.time() + request.settings.team_visibility_delay_s,
    )
    # The creating user becomes a maintainer (apps have no user to add).
    if not request.identity.is_installation:
        team.members[request.identity.login] = "maintainer"
    for login in maintainers:
        team.members[login] = "maintainer"
    state.add_team(team)
    audit_events.record(request, "team.create", **audit_events.team_keys(state, team))
    for login in maintainers:
        if not access.is_member(state, _user_identity(request, login)):
            invite(
                state,
                login,
                "member",
                request.identity.login,
                auto_accept=request.settings.auto_accept_invitations,
            )
    return Response(201, team_full_json(request.base_url, state, team))


def _user_identity(request: Request, login: str) -> Identity:
    return Identity(kind="user", login=login)


@routes.get("/orgs/{org}/teams/{team_slug}")
def get_team(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request)
    return Response(200, team_full_json(request.base_url, request.state, team))


@routes.patch("/orgs/{org}/teams/{team_slug}")
def update_team(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request, for_write=True)
    if not access.can_manage_team(request.state, request.identity, team):
        raise forbidden("You must be an organization owner or team maintainer to update this team.")
    body = request.json_object()
    state = request.state
    given, parent_id = _resolve_parent(request, body)
    parent_id = parent_id if given else team.parent_id
    privacy = str(body.get("privacy") or team.privacy)
    if given and parent_id is not None and "privacy" not in body:
        privacy = "closed"
    _check_nesting(state, team.id, parent_id, privacy)
    before = (team.name, team.privacy, team.parent_id)
    if "name" in body and body["name"] != team.name:
        name = str(body["name"]).strip()
        slug = team_slug(name)
        if not slug:
            raise _invalid("name", "Name must contain at least one letter or number", "invalid")
        _check_unique(state, name, slug, team.id)
        team.name = name
        state.reslug_team(team, slug)
    if "description" in body:
        team.description = body["description"]
    if "notification_setting" in body:
        team.notification_setting = str(body["notification_setting"])
    team.privacy = "closed" if privacy == "closed" else "secret"
    team.parent_id = parent_id
    team.updated_at = now_iso()
    after = (team.name, team.privacy, team.parent_id)
    actions = ("team.rename", "team.change_privacy", "team.change_parent_team")
    for action, old, new in zip(actions, before, after, strict=True):
        if old != new:
            audit_events.record(request, action, **audit_events.team_keys(state, team))
    return Response(200, team_full_json(request.base_url, state, team))


@routes.delete("/orgs/{org}/teams/{team_slug}")
def delete_team(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request, for_write=True)
    if not access.can_manage_team(request.state, request.identity, team):
        raise forbidden("You must be an organization owner or team maintainer to delete this team.")
    for removed in request.state.remove_team(team.id):
        audit_events.record(request, "team.destroy", **audit_events.team_keys(request.state, removed))
    return Response(204)


@routes.get("/orgs/{org}/teams/{team_slug}/teams")
def list_child_teams(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request)
    children = [
        child
        for child in sorted(request.state.child_teams(team.id), key=lambda t: t.name.lower())
        if lookup.visible(child) and access.can_see_team(request.state, request.identity, child)
    ]
    return paginate(request, [team_json(request.base_url, request.state, child) for child in children])


@routes.get("/orgs/{org}/teams/{team_slug}/repos")
def list_team_repos(request: Request) -> Response:
    """Direct and inherited repositories with the team's effective role: "The List team repositories and
    Check if a team manages a repository endpoints now include both direct and inherited repositories"
    (https://developer.github.com/changes/2017-08-30-preview-nested-teams/)."""
    lookup.org(request)
    team = lookup.team(request)
    state = request.state
    names = set(team.repos).union(*(ancestor.repos for ancestor in access.ancestors(state, team)))
    items = []
    for name in sorted(names, key=str.lower):
        repo = state.repository(name)
        role = access.team_role_on(state, team, name)
        if repo is not None and role is not None and access.repository_role(state, request.identity, repo):
            items.append(team_repo_json(request.base_url, state, repo, role))
    return paginate(request, items)


@routes.get("/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}")
def check_team_repo(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request)
    repo = lookup.repository(request)
    role = access.team_role_on(request.state, team, repo.name)
    if role is None:
        raise not_found(f"{TEAMS_DOCS}#check-team-permissions-for-a-repository")
    if REPOSITORY_MEDIA_TYPE in request.headers.get("accept", ""):
        return Response(200, team_repo_json(request.base_url, request.state, repo, role))
    return Response(204)


@routes.put("/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}")
def grant_team_repo(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request, for_write=True)
    if request.params["owner"].lower() != request.state.organization.login.lower():
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {
                    "resource": "TeamRepository",
                    "code": "custom",
                    "field": "repository",
                    "message": "Repository must be owned by the organization",
                }
            ],
        )
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    permission = str(request.json_object().get("permission", "pull"))
    if not lookup.role_exists(request, permission):
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {
                    "resource": "TeamRepository",
                    "code": "invalid",
                    "field": "permission",
                    "message": f"{permission} is not a valid permission",
                }
            ],
        )
    custom = request.state.custom_role_by_name(permission)
    role = PERMISSION_ROLES.get(permission, custom.name if custom else permission)
    previous = team.repos.get(repo.name)
    team.repos[repo.name] = role
    team.updated_at = now_iso()
    if previous != role:
        action = "team.add_repository" if previous is None else "team.update_repository_permission"
        _record_grant(request, action, team, repo, role)
    return Response(204)


def _record_grant(request: Request, action: str, team: Team, repo: Repository, role: str | None) -> None:
    state = request.state
    keys = {**audit_events.team_keys(state, team), **audit_events.repo_keys(state, repo)}
    audit_events.record(request, action, permission=role, **keys)


@routes.delete("/orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}")
def revoke_team_repo(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request, for_write=True)
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    if team.repos.pop(repo.name, None) is not None:
        _record_grant(request, "team.remove_repository", team, repo, None)
    return Response(204)


@routes.get("/repos/{owner}/{repo}/teams")
def list_repo_teams(request: Request) -> Response:
    """Only the teams granted the repository themselves (``access_source: direct``): a child team that
    inherits access through its parent is not listed (see ghprov/github/read/teams.py on nested teams)."""
    repo = lookup.repository(request)
    state = request.state
    items = []
    for team in sorted(state.teams.values(), key=lambda t: t.name.lower()):
        role = team.repos.get(repo.name)
        if role is not None and lookup.visible(team) and access.can_see_team(state, request.identity, team):
            permission = {"read": "pull", "write": "push"}.get(role, role)
            items.append(
                {
                    **team_json(request.base_url, state, team),
                    "permission": permission,
                    "access_source": "direct",
                }
            )
    return paginate(request, items)
