"""Organisation membership: PUT sets the role (inviting a non-member), DELETE removes or un-invites."""

from __future__ import annotations

from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.plan.changes import Action, Change

ORGANIZATION_ROLES = ("admin", "member")


def write_organization_membership(change: Change, target: Target) -> Writes:
    """Requests for an ORGANIZATION_MEMBERSHIP change (key: login; desired: admin | member)."""
    (login,) = change.key
    membership = path("orgs", target.org, "memberships", login)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", membership)]
    if change.action is Action.RENAME:
        return Unsupported("a member's login cannot be renamed by the organisation")
    if change.desired not in ORGANIZATION_ROLES:
        return Unsupported(
            f"organisation role {change.desired!r} cannot be set through the API (admin or member)"
        )
    # A role change is a PUT in place, never remove-then-add (that would drop team memberships).
    return [WriteRequest("PUT", membership, {"role": change.desired})]
