"""REST: the authenticated user's organisations and memberships (``/user/orgs``, ``/user/memberships/orgs``).

Clients call these first to find out which organisations a token reaches. The sandbox has one
organisation: an active member sees it in ``/user/orgs``; a pending invitee sees only the ``pending``
membership (GitHub lists invitations there, and ``?state=`` filters them). An App installation is not a
user: 403, as GitHub answers for every ``/user`` endpoint. ``PATCH /user/memberships/orgs/{org}`` is the
invitee accepting, as the web's "Join" does (the organisation's audit log records ``org.add_member``).
"""

from __future__ import annotations

from ghprov_testbeds.sandbox.render_org import org_simple_json
from ghprov_testbeds.sandbox.rest_members import accept_invitation, membership_json
from ghprov_testbeds.sandbox.rest_orgs import NOT_FOR_INTEGRATIONS
from ghprov_testbeds.sandbox.state import Membership
from ghprov_testbeds.sandbox.wire import Request, Response, RouteTable, forbidden, not_found, paginate

routes = RouteTable()
MEMBERSHIPS_DOCS = "https://docs.github.com/rest/orgs/members"


def _own_membership(request: Request) -> Membership | None:
    if request.identity.is_installation:
        raise forbidden(NOT_FOR_INTEGRATIONS, MEMBERSHIPS_DOCS)
    return request.state.memberships.get(request.identity.login)


@routes.get("/user/orgs")
def list_own_orgs(request: Request) -> Response:
    membership = _own_membership(request)
    active = membership is not None and membership.state == "active"
    return paginate(request, [org_simple_json(request.base_url, request.state)] if active else [])


@routes.get("/user/memberships/orgs")
def list_own_memberships(request: Request) -> Response:
    membership = _own_membership(request)
    wanted = request.query.get("state")
    shown = membership is not None and wanted in (None, membership.state)
    login = request.identity.login
    items = [membership_json(request, login, membership)] if shown and membership is not None else []
    return paginate(request, items)


def _own_membership_in(request: Request, anchor: str) -> Membership:
    membership = _own_membership(request)
    if request.params["org"].lower() != request.state.organization.login.lower() or membership is None:
        raise not_found(f"{MEMBERSHIPS_DOCS}#{anchor}")
    return membership


@routes.get("/user/memberships/orgs/{org}")
def get_own_membership(request: Request) -> Response:
    membership = _own_membership_in(request, "get-an-organization-membership-for-the-authenticated-user")
    return Response(200, membership_json(request, request.identity.login, membership))


@routes.patch("/user/memberships/orgs/{org}")
def accept_own_invitation(request: Request) -> Response:
    """The invitee joins (``{"state": "active"}``, the only value GitHub takes), as "Join" on the web."""
    login = request.identity.login
    membership = _own_membership_in(request, "update-an-organization-membership-for-the-authenticated-user")
    if membership.state == "pending":
        invitation = next(
            (ident for ident, inv in request.state.invitations.items() if inv.login == login), None
        )
        if invitation is None:
            membership.state = "active"
        else:
            accept_invitation(request.state, invitation)
    return Response(200, membership_json(request, login, request.state.memberships[login]))
