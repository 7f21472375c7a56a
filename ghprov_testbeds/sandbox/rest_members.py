"""REST: organisation members, memberships (roles, pending invitations) and invitations."""

from __future__ import annotations

from typing import Any, Literal

from ghprov_testbeds.sandbox import access, audit_events, lookup
from ghprov_testbeds.sandbox.render_org import invitation_json, org_simple_json, user_json
from ghprov_testbeds.sandbox.state import GitHubState, Invitation, Membership
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
MEMBERS_DOCS = "https://docs.github.com/rest/orgs/members"


def invite(
    state: GitHubState, login: str, role: Literal["admin", "member"], inviter: str, *, auto_accept: bool
) -> None:
    """Invite a non-member (pending until accepted), as PUT membership does; also used by team membership."""
    membership = state.memberships.get(login)
    if membership is not None and membership.state == "active":
        return
    if login not in state.users:
        # GitHub invites existing accounts only: a seeded invitation brings its account along.
        state.add_user(login)
    invitation_role: Literal["admin", "direct_member"] = "admin" if role == "admin" else "direct_member"
    existing = next((inv for inv in state.invitations.values() if inv.login == login), None)
    if existing is None:
        existing = Invitation(id=state.new_id(), login=login, role=invitation_role, inviter=inviter)
        state.invitations[existing.id] = existing
    existing.role = invitation_role
    state.memberships[login] = Membership(role=role, state="pending")
    if auto_accept:
        accept_invitation(state, existing.id)


def accept_invitation(state: GitHubState, invitation_id: int) -> None:
    """What the invitee clicking "Join" does: the pending membership becomes active."""
    invitation = state.invitations.pop(invitation_id)
    if invitation.login is None:
        return
    role: Literal["admin", "member"] = "admin" if invitation.role == "admin" else "member"
    state.memberships[invitation.login] = Membership(role=role, state="active")
    # The invitee joins: GitHub's event names the new member as actor and user.
    keys = audit_events.user_keys(state, invitation.login)
    audit_events.record_as(state, "org.add_member", invitation.login, permission=role, **keys)
    for team_id in invitation.team_ids:
        team = state.teams.get(team_id)
        if team is not None:
            team.members.setdefault(invitation.login, "member")


def remove_member(state: GitHubState, login: str) -> None:
    """Leaving the org removes every team membership and any pending invitation."""
    state.memberships.pop(login, None)
    for team in state.teams.values():
        team.members.pop(login, None)
    for invitation_id in [i.id for i in state.invitations.values() if i.login == login]:
        del state.invitations[invitation_id]


def membership_json(request: Request, login: str, membership: Membership) -> dict[str, Any]:
    """org-membership, as ``/orgs/{org}/memberships/{username}`` and ``/user/memberships/orgs`` show it."""
    user = request.state.users[login]
    org_url = f"{request.base_url}/orgs/{request.state.organization.login}"
    return {
        "url": f"{org_url}/memberships/{login}",
        "state": membership.state,
        "role": membership.role,
        "direct_membership": True,
        "organization_url": org_url,
        "organization": org_simple_json(request.base_url, request.state),
        "user": user_json(request.base_url, user),
        "permissions": {"can_create_repository": membership.role == "admin"},
    }


@routes.get("/orgs/{org}/members")
def list_members(request: Request) -> Response:
    lookup.org(request)
    lookup.member(request)
    state = request.state
    role = request.query.get("role", "all")
    member_filter = request.query.get("filter", "all")
    if member_filter != "all" and not access.is_owner(state, request.identity):
        raise ApiError(422, "Only owners can use this filter.")
    # 2fa_insecure (2FA through SMS only) is not modelled: nobody matches it.
    wanted = {"all": None, "2fa_disabled": state.audit.two_factor_disabled}.get(member_filter, set())
    logins = sorted(
        (
            login
            for login, m in state.memberships.items()
            if m.state == "active" and role in ("all", m.role) and (wanted is None or login in wanted)
        ),
        key=lambda login: state.users[login].id,
    )
    return paginate(request, [user_json(request.base_url, state.users[login]) for login in logins])


@routes.get("/orgs/{org}/members/{username}")
def check_member(request: Request) -> Response:
    lookup.org(request)
    if not access.is_member(request.state, request.identity):
        org_url = f"{request.base_url}/orgs/{request.state.organization.login}"
        location = f"{org_url}/public_members/{request.params['username']}"
        return Response(302, None, {"Location": location})
    membership = request.state.memberships.get(request.params["username"])
    if membership is None or membership.state != "active":
        raise not_found(f"{MEMBERS_DOCS}#check-organization-membership-for-a-user")
    return Response(204)


@routes.delete("/orgs/{org}/members/{username}")
def delete_member(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    login = request.params["username"]
    membership = request.state.memberships.get(login)
    if membership is None or membership.state != "active":
        raise not_found(f"{MEMBERS_DOCS}#remove-an-organization-member")
    remove_member(request.state, login)
    _record(request, "org.remove_member", login)
    return Response(204)


def _record(request: Request, action: str, login: str | None, **data: Any) -> None:
    keys = audit_events.user_keys(request.state, login) if login is not None else {}
    audit_events.record(request, action, **keys, **data)


@routes.get("/orgs/{org}/memberships/{username}")
def get_membership(request: Request) -> Response:
    lookup.org(request)
    login = request.params["username"]
    if request.identity.login != login:
        lookup.owner(request)
    membership = request.state.memberships.get(login)
    if membership is None or login not in request.state.users:
        raise not_found(f"{MEMBERS_DOCS}#get-organization-membership-for-a-user")
    return Response(200, membership_json(request, login, membership))


@routes.put("/orgs/{org}/memberships/{username}")
def set_membership(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    login = request.params["username"]
    if login not in request.state.users:
        raise not_found(f"{MEMBERS_DOCS}#set-organization-membership-for-a-user")
    role: Literal["admin", "member"] = "admin" if request.json_object().get("role") == "admin" else "member"
    membership = request.state.memberships.get(login)
    if membership is not None and membership.state == "active":
        if membership.role == "admin" and role == "member" and _last_owner(request.state, login):
            raise forbidden("You cannot demote the last owner of an organization.")
        if membership.role != role:
            _record(request, "org.update_member", login, permission=role)
        membership.role = role
    else:
        _record(request, "org.invite_member", login, permission=role)
        invite(
            request.state,
            login,
            role,
            request.identity.login,
            auto_accept=request.settings.auto_accept_invitations,
        )
    return Response(200, membership_json(request, login, request.state.memberships[login]))


def _last_owner(state: GitHubState, login: str) -> bool:
    owners = [name for name, m in state.memberships.items() if m.role == "admin" and m.state == "active"]
    return owners == [login]


@routes.delete("/orgs/{org}/memberships/{username}")
def delete_membership(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    login = request.params["username"]
    if login not in request.state.memberships:
        raise not_found(f"{MEMBERS_DOCS}#remove-organization-membership-for-a-user")
    if _last_owner(request.state, login):
        raise forbidden("You cannot remove the last owner of an organization.")
    active = request.state.memberships[login].state == "active"
    remove_member(request.state, login)
    _record(request, "org.remove_member" if active else "org.cancel_invitation", login)
    return Response(204)


@routes.get("/orgs/{org}/invitations")
def list_invitations(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    wanted = request.query.get("role", "all")
    invitations = [
        invitation_json(request.base_url, request.state, inv)
        for inv in sorted(request.state.invitations.values(), key=lambda inv: inv.id)
        if wanted in ("all", inv.role)
    ]
    return paginate(request, invitations)


@routes.post("/orgs/{org}/invitations")
def create_invitation(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    body = request.json_object()
    role = body.get("role", "direct_member")
    if role not in ("admin", "direct_member"):
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {
                    "resource": "OrganizationInvitation",
                    "code": "unprocessable",
                    "field": "role",
                    "message": f"role {role!r} is not emulated",
                }
            ],
        )
    team_ids = [int(team_id) for team_id in body.get("team_ids", [])]
    if any(team_id not in request.state.teams for team_id in team_ids):
        raise ApiError(
            422,
            "Validation Failed",
            errors=[{"resource": "OrganizationInvitation", "code": "invalid", "field": "team_ids"}],
        )
    if "invitee_id" in body:
        user = request.state.user_by_id(int(body["invitee_id"]))
        if user is None:
            raise ApiError(
                422,
                "Validation Failed",
                errors=[{"resource": "OrganizationInvitation", "code": "invalid", "field": "invitee_id"}],
            )
        current = request.state.memberships.get(user.login)
        if current is not None:
            message = (
                "Invitee is already a part of this organization"
                if current.state == "active"
                else "Invitee already has a pending invitation"
            )
            raise ApiError(
                422,
                "Validation Failed",
                errors=[
                    {
                        "resource": "OrganizationInvitation",
                        "code": "unprocessable",
                        "field": "data",
                        "message": message,
                    }
                ],
            )
        invite(
            request.state,
            user.login,
            "admin" if role == "admin" else "member",
            request.identity.login,
            auto_accept=False,
        )
        _record(request, "org.invite_member", user.login, permission=role)
        invitation = next(inv for inv in request.state.invitations.values() if inv.login == user.login)
    elif "email" in body:
        invitation = Invitation(
            id=request.state.new_id(),
            login=None,
            email=str(body["email"]),
            role=role,
            inviter=request.identity.login,
        )
        request.state.invitations[invitation.id] = invitation
        _record(request, "org.invite_member", None, email=invitation.email, permission=role)
    else:
        raise ApiError(
            422,
            "Validation Failed",
            errors=[{"resource": "OrganizationInvitation", "code": "missing_field", "field": "invitee_id"}],
        )
    invitation.team_ids = team_ids
    body_json = invitation_json(request.base_url, request.state, invitation)
    if request.settings.auto_accept_invitations and invitation.login is not None:
        accept_invitation(request.state, invitation.id)
    return Response(201, body_json)


@routes.delete("/orgs/{org}/invitations/{invitation_id}")
def cancel_invitation(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    invitation = request.state.invitations.pop(int(request.params["invitation_id"]), None)
    if invitation is None:
        raise not_found(f"{MEMBERS_DOCS}#cancel-an-organization-invitation")
    if invitation.login is not None:
        membership = request.state.memberships.get(invitation.login)
        if membership is not None and membership.state == "pending":
            del request.state.memberships[invitation.login]
    _record(request, "org.cancel_invitation", invitation.login, email=invitation.email)
    return Response(204)


@routes.get("/orgs/{org}/outside_collaborators")
def list_outside_collaborators(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    state = request.state
    wanted = access.outside_collaborators(state)
    if request.query.get("filter") == "2fa_disabled":
        wanted = [login for login in wanted if login in state.audit.two_factor_disabled]
    return paginate(request, [user_json(request.base_url, state.users[login]) for login in wanted])
