"""REPOSITORY_COLLABORATOR and REPOSITORY_INVITATION changes → the collaborator and invitation endpoints.

``PUT /repos/{owner}/{repo}/collaborators/{username}`` grants a role: at once for an organisation
member, as an invitation (201) for anyone else; sent again it changes an existing collaborator's
role. A pending invitation is changed with ``PATCH …/invitations/{id}``, whose ``permissions`` knows
the five built-in roles only, so moving an invitation to a custom role cancels it and invites again.
"""

from __future__ import annotations

from ghprov.github.write.facts import ResourceId
from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.github.write.team_repositories import rest_permission
from ghprov.model import BUILTIN_ROLES
from ghprov.plan.changes import Action, Change


def _grant(target: Target, repo: str, login: str, role: str) -> WriteRequest:
    grant = path("repos", target.org, repo, "collaborators", login)
    return WriteRequest("PUT", grant, {"permission": rest_permission(role)})


def write_collaborator(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY_COLLABORATOR change (key: repository, login)."""
    repo, login = change.key
    if change.action is Action.DELETE:
        # Removing someone who is no longer a collaborator is what the change wanted.
        grant = path("repos", target.org, repo, "collaborators", login)
        return [WriteRequest("DELETE", grant, already_done=frozenset({404}))]
    if change.action is Action.RENAME or not isinstance(change.desired, str) or not change.desired:
        return Unsupported("a collaborator grant needs a role name")
    return [_grant(target, repo, login, change.desired)]


def _invitation_id(change: Change, target: Target) -> ResourceId:
    repo, login = change.key
    listing = f"/repos/{target.org}/{repo}/invitations"
    return ResourceId(change.address, listing, "invitee.login", login)


def write_invitation(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY_INVITATION change (key: repository, login): re-role or cancel."""
    repo, login = change.key
    invitation = path("repos", target.org, repo, "invitations", _invitation_id(change, target))
    if change.action is Action.DELETE:
        # 404: the invitation was accepted, declined or cancelled meanwhile (a saved plan notices an
        # acceptance through its digests; the others leave nothing to cancel).
        return [WriteRequest("DELETE", invitation, already_done=frozenset({404}))]
    if change.action is not Action.UPDATE or not isinstance(change.desired, str) or not change.desired:
        return Unsupported("an invitation is changed or cancelled; a new one is a collaborator change")
    role = change.desired
    if role in BUILTIN_ROLES:
        return [WriteRequest("PATCH", invitation, {"permissions": role})]
    return [WriteRequest("DELETE", invitation), _grant(target, repo, login, role)]
