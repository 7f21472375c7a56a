"""TEAM_SYNC changes → ``PATCH /orgs/{org}/teams/{team_slug}/team-sync/group-mappings`` (the whole list)."""

from __future__ import annotations

from ghprov.github.write.facts import TeamSlug
from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.model import IdpGroups
from ghprov.plan.changes import Action, Change


def write_team_sync(change: Change, target: Target) -> Writes:
    """The team's complete mapping; GitHub replaces the list, so groups left out are unmapped."""
    if change.action not in (Action.CREATE, Action.UPDATE):
        return Unsupported("a team's IdP mapping is set as a whole; declare idp_groups: [] to remove it")
    (team,) = change.key
    groups = [
        {"group_id": group.id, "group_name": group.name, "group_description": group.description}
        for group in change.desired_model(IdpGroups).groups
    ]
    mappings = path("orgs", target.org, "teams", TeamSlug(team), "team-sync", "group-mappings")
    return [WriteRequest("PATCH", mappings, {"groups": groups})]
