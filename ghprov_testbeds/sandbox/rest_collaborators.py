"""REST: granting users a role on a repository directly, and the invitations that grants to non-members are.

``PUT /repos/{owner}/{repo}/collaborators/{username}`` adds an organisation member at once (204) and
invites anyone else (201, a ``repository-invitation``); sent again it changes the role of a
collaborator (204) or of the pending invitation (201). A member cannot be given less than the
organisation's base permission ("Cannot assign …", as GitHub's reference documents). Only
repository admins may do any of this or see the invitations. ``accept_invitation`` plays the
invitee's part for tests and seeds. Grants live in ``state.audit.collaborators`` (where GraphQL's
``Repository.collaborators`` and the audit read them), invitations in the repository's features.
"""

from __future__ import annotations

from typing import Any

from ghprov.model.roles import ROLE_ALIASES
from ghprov_testbeds.sandbox import access, audit_events, lookup
from ghprov_testbeds.sandbox.render_org import user_json
from ghprov_testbeds.sandbox.render_repo import repo_minimal_json
from ghprov_testbeds.sandbox.state import GitHubState, Repository, now_iso
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, not_found, paginate

routes = RouteTable()
DOCS = "https://docs.github.com/rest/collaborators/collaborators#add-a-repository-collaborator"
INVITATIONS_DOCS = "https://docs.github.com/rest/collaborators/invitations"
# repository-invitation ``permissions`` knows the built-in roles only; a custom role shows its base role.
INVITATION_PERMISSIONS = ("read", "triage", "write", "maintain", "admin")


def _grants(state: GitHubState, repo: Repository) -> dict[str, str]:
    return state.audit.collaborators.setdefault(repo.name.lower(), {})


def _invitations(state: GitHubState, repo: Repository) -> list[dict[str, Any]]:
    return state.features.repository(repo.name).invitations


def _role(request: Request, permission: str) -> str:
    """The role a ``permission`` names (pull/push as read/write, custom roles by name), or GitHub's 422."""
    role = ROLE_ALIASES.get(permission.lower(), permission.lower())
    if role in access.ROLE_RANK:
        return role
    custom = request.state.custom_role_by_name(permission)
    if custom is None:
        raise ApiError(422, f"{permission} is not a valid permission.", errors=[], documentation_url=DOCS)
    return custom.name


def _shown_permission(state: GitHubState, role: str) -> str:
    if role in INVITATION_PERMISSIONS:
        return role
    custom = state.custom_role_by_name(role)
    return custom.base_role if custom is not None else "read"


def invitation_json(request: Request, repo: Repository, invitation: dict[str, Any]) -> dict[str, Any]:
    state, base = request.state, request.base_url
    invitee, inviter = state.users.get(invitation["invitee"]), state.users.get(invitation["inviter"])
    org = state.organization.login
    return {
        "id": invitation["id"],
        "node_id": invitation["node_id"],
        "repository": repo_minimal_json(
            base, state, repo, access.repository_role(state, request.identity, repo)
        ),
        "invitee": user_json(base, invitee) if invitee is not None else None,
        "inviter": user_json(base, inviter) if inviter is not None else None,
        "permissions": _shown_permission(state, invitation["permissions"]),
        "created_at": invitation["created_at"],
        "expired": False,
        "url": f"{base}/user/repository_invitations/{invitation['id']}",
        "html_url": f"https://github.com/{org}/{repo.name}/invitations",
    }


def invite(state: GitHubState, repo: Repository, login: str, role: str, inviter: str) -> dict[str, Any]:
    """A pending invitation of ``login`` to ``repo`` (seeding and the PUT below)."""
    with state.lock:
        ident = state.new_id()
        invitation = {
            "id": ident,
            "node_id": f"RI_{ident}",
            "invitee": login,
            "inviter": inviter,
            "permissions": role,
            "created_at": now_iso(),
        }
        _invitations(state, repo).append(invitation)
        return invitation


def accept_invitation(state: GitHubState, repo_name: str, login: str) -> None:
    """The invitee accepts: the invitation becomes a direct grant of its role."""
    repo = state.repository(repo_name)
    if repo is None:
        raise KeyError(repo_name)
    with state.lock:
        pending = _invitations(state, repo)
        invitation = next(item for item in pending if item["invitee"] == login)
        pending.remove(invitation)
        _grants(state, repo)[login] = invitation["permissions"]
    audit_events.record_as(
        state, "repository_invitation.accept", login, user=login, **audit_events.repo_keys(state, repo)
    )


def _check_base_permission(request: Request, login: str, role: str) -> None:
    """A member's direct role may not be below the organisation's base permission."""
    state = request.state
    membership = state.memberships.get(login)
    if membership is None or membership.state != "active":
        return
    base = access.BASE_ROLE.get(str(state.organization.settings.get("default_repository_permission", "read")))
    if base not in (None, "none") and access.role_rank(state, role) < access.ROLE_RANK[base]:
        raise ApiError(422, f"Cannot assign {login} permission of {role}", errors=[], documentation_url=DOCS)


@routes.put("/repos/{owner}/{repo}/collaborators/{username}")
def add_collaborator(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    state = request.state
    login = request.params["username"]
    if login not in state.users:
        raise not_found(DOCS)
    role = _role(request, str(request.json_object().get("permission", "push")))
    _check_base_permission(request, login, role)
    membership = state.memberships.get(login)
    grants = _grants(state, repo)
    event = audit_events.repo_keys(state, repo)
    if login in grants or (membership is not None and membership.state == "active"):
        with state.lock:
            added = login not in grants
            grants[login] = role
        if added:
            audit_events.record(request, "repo.add_member", user=login, **event)
        return Response(204)
    pending = next((item for item in _invitations(state, repo) if item["invitee"] == login), None)
    if pending is not None:
        with state.lock:
            pending["permissions"] = role
        return Response(201, invitation_json(request, repo, pending))
    invitation = invite(state, repo, login, role, request.identity.login)
    audit_events.record(request, "repository_invitation.create", user=login, **event)
    return Response(201, invitation_json(request, repo, invitation))


@routes.delete("/repos/{owner}/{repo}/collaborators/{username}")
def remove_collaborator(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    state = request.state
    login = request.params["username"]
    with state.lock:
        removed = _grants(state, repo).pop(login, None)
        # Removing a collaborator also cancels what is still pending for them.
        pending = _invitations(state, repo)
        pending[:] = [item for item in pending if item["invitee"] != login]
    if removed is not None:
        audit_events.record(request, "repo.remove_member", user=login, **audit_events.repo_keys(state, repo))
    return Response(204)


@routes.get("/repos/{owner}/{repo}/invitations")
def list_invitations(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    items = [invitation_json(request, repo, item) for item in _invitations(request.state, repo)]
    return paginate(request, items)


def _invitation(request: Request) -> tuple[Repository, dict[str, Any]]:
    repo = lookup.repository(request, needed="admin")
    wanted = request.params["invitation_id"]
    for item in _invitations(request.state, repo):
        if str(item["id"]) == wanted:
            return repo, item
    raise not_found(INVITATIONS_DOCS)


@routes.patch("/repos/{owner}/{repo}/invitations/{invitation_id}")
def update_invitation(request: Request) -> Response:
    repo, invitation = _invitation(request)
    lookup.writable(repo)
    permissions = request.json_object().get("permissions")
    if permissions is not None:
        with request.state.lock:
            invitation["permissions"] = str(permissions)
    return Response(200, invitation_json(request, repo, invitation))


@routes.delete("/repos/{owner}/{repo}/invitations/{invitation_id}")
def delete_invitation(request: Request) -> Response:
    repo, invitation = _invitation(request)
    lookup.writable(repo)
    with request.state.lock:
        _invitations(request.state, repo).remove(invitation)
    return Response(204)
