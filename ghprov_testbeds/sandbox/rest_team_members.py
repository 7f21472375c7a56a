"""REST: team memberships (roles, pending invitations) and member lists with inherited members."""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import access, audit_events, lookup
from ghprov_testbeds.sandbox.render_org import user_json
from ghprov_testbeds.sandbox.rest_members import accept_invitation, invite
from ghprov_testbeds.sandbox.rest_team_sync import refuse_if_synced
from ghprov_testbeds.sandbox.state import GitHubState, Team, now_iso
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


def _active(state: GitHubState, login: str) -> bool:
    membership = state.memberships.get(login)
    return membership is not None and membership.state == "active"


def effective_members(state: GitHubState, team: Team) -> dict[str, tuple[str, bool]]:
    """login → (role, inherited) for active direct members plus members of all descendant teams."""
    found: dict[str, tuple[str, bool]] = {
        login: (role, False) for login, role in team.members.items() if _active(state, login)
    }
    pending = list(state.child_teams(team.id))
    seen = {team.id}
    while pending:
        child = pending.pop()
        if child.id in seen:
            continue
        seen.add(child.id)
        for login, role in child.members.items():
            if _active(state, login):
                found.setdefault(login, (role, True))
        pending.extend(state.child_teams(child.id))
    return found


@routes.get("/orgs/{org}/teams/{team_slug}/members")
def list_team_members(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request)
    wanted = request.query.get("role", "all")
    members = effective_members(request.state, team)
    items = []
    for login, (role, inherited) in sorted(members.items(), key=lambda item: request.state.users[item[0]].id):
        if wanted in ("all", role):
            items.append(
                {
                    **user_json(request.base_url, request.state.users[login]),
                    "role": role,
                    "inherited": inherited,
                }
            )
    return paginate(request, items)


def _team_membership_json(request: Request, team: Team, login: str, role: str) -> dict[str, Any]:
    state = request.state
    membership = state.memberships.get(login)
    status = "active" if membership is not None and membership.state == "active" else "pending"
    if membership is not None and membership.role == "admin" and status == "active":
        role = "maintainer"
    url = f"{request.base_url}/organizations/{state.organization.id}/team/{team.id}/memberships/{login}"
    return {"url": url, "role": role, "state": status}


@routes.get("/orgs/{org}/teams/{team_slug}/memberships/{username}")
def get_team_membership(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request)
    login = request.params["username"]
    if login in team.members:
        return Response(200, _team_membership_json(request, team, login, team.members[login]))
    inherited = effective_members(request.state, team).get(login)
    if inherited is None:
        raise not_found("https://docs.github.com/rest/teams/members#get-team-membership-for-a-user")
    return Response(200, _team_membership_json(request, team, login, inherited[0]))


@routes.put("/orgs/{org}/teams/{team_slug}/memberships/{username}")
def set_team_membership(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request, for_write=True)
    state = request.state
    if not access.can_manage_team(state, request.identity, team):
        raise forbidden("You must be an organization owner or team maintainer to add members to this team.")
    refuse_if_synced(state, team)
    login = request.params["username"]
    user = state.users.get(login)
    if user is None:
        raise not_found("https://docs.github.com/rest/teams/members#add-or-update-team-membership-for-a-user")
    role = "maintainer" if request.json_object().get("role") == "maintainer" else "member"
    previous = team.members.get(login)
    if login not in state.memberships:
        if not access.is_owner(state, request.identity):
            raise ApiError(
                422,
                "Validation Failed",
                errors=[
                    {
                        "resource": "TeamMember",
                        "code": "custom",
                        "field": "user",
                        "message": "User is not a member of the organization",
                    }
                ],
            )
        invite(state, login, "member", request.identity.login, auto_accept=False)
        invitation = next(inv for inv in state.invitations.values() if inv.login == login)
        invitation.team_ids.append(team.id)
        team.members[login] = role
        if request.settings.auto_accept_invitations:
            accept_invitation(state, invitation.id)
    team.members[login] = role
    team.updated_at = now_iso()
    if previous != role:
        action = {
            None: "team.add_member",
            "member": "team.promote_maintainer",
            "maintainer": "team.demote_maintainer",
        }[previous]
        _record(request, action, team, login)
    return Response(200, _team_membership_json(request, team, login, role))


def _record(request: Request, action: str, team: Team, login: str) -> None:
    state = request.state
    audit_events.record(
        request, action, **audit_events.team_keys(state, team), **audit_events.user_keys(state, login)
    )


@routes.delete("/orgs/{org}/teams/{team_slug}/memberships/{username}")
def delete_team_membership(request: Request) -> Response:
    lookup.org(request)
    team = lookup.team(request, for_write=True)
    if not access.can_manage_team(request.state, request.identity, team):
        raise forbidden(
            "You must be an organization owner or team maintainer to remove members from this team."
        )
    refuse_if_synced(request.state, team)
    if team.members.pop(request.params["username"], None) is None:
        raise not_found("https://docs.github.com/rest/teams/members#remove-team-membership-for-a-user")
    _record(request, "team.remove_member", team, request.params["username"])
    return Response(204)
