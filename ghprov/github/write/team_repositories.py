"""A team's access to a repository: PUT with the role, DELETE to revoke."""

from __future__ import annotations

from ghprov.github.write.facts import TeamSlug
from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.roles import REST_PERMISSION, normalise_role
from ghprov.plan.changes import Action, Change


def rest_permission(role: str) -> str:
    """The REST ``permission`` for a role: read/write become pull/push; others (custom too) as named."""
    normalised = str(normalise_role(role))
    return REST_PERMISSION.get(normalised, normalised)


def write_team_repository(change: Change, target: Target) -> Writes:
    """Requests for a TEAM_REPOSITORY change (key: team name, repository)."""
    team, repository = change.key
    grant = path("orgs", target.org, "teams", TeamSlug(team), "repos", target.org, repository)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", grant)]
    if change.action is Action.RENAME or not isinstance(change.desired, str) or not change.desired:
        return Unsupported("a team grant needs a role name")
    return [WriteRequest("PUT", grant, {"permission": rest_permission(change.desired)})]
