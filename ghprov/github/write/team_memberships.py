"""Team membership: PUT with the team role (member or maintainer), DELETE to remove."""

from __future__ import annotations

from ghprov.github.write.facts import TeamSlug
from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.plan.changes import Action, Change

TEAM_ROLES = ("member", "maintainer")


def write_team_membership(change: Change, target: Target) -> Writes:
    """Requests for a TEAM_MEMBERSHIP change (key: team name, login)."""
    team, login = change.key
    membership = path("orgs", target.org, "teams", TeamSlug(team), "memberships", login)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", membership)]
    if change.action is Action.RENAME:
        return Unsupported("team memberships cannot be renamed")
    if change.desired not in TEAM_ROLES:
        return Unsupported(f"team role {change.desired!r} is not one of member, maintainer")
    return [WriteRequest("PUT", membership, {"role": change.desired})]
