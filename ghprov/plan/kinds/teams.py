"""Teams themselves: description, privacy and parent (memberships and grants are in team_links)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model import LiveOrganization, Organization, Team
from ghprov.plan.changes import Action, Change, Kind, address
from ghprov.plan.context import DiffContext, field_changes
from ghprov.plan.kinds.edits import entry, rename
from ghprov.plan.kinds.renames import protected_from_prune
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames

TEAM_SETTINGS = ("description", "privacy", "parent")


def plan_teams(ctx: DiffContext) -> None:
    """Create or update declared teams; delete unlisted ones only with prune.teams."""
    for name in sorted(ctx.desired.teams):
        team = ctx.desired.teams[name]
        live_name = ctx.live_team_name(name)
        current = ctx.live_team(name)
        managed = [field for field in TEAM_SETTINGS if field in team.model_fields_set]
        if current is None:
            ctx.touch(f"teams/{name}")
            fields = field_changes(None, team, managed)
            ctx.add(Change(Kind.TEAM, Action.CREATE, (name,), fields, team, None))
            continue
        for field in managed:
            ctx.touch(f"teams/{live_name}/{field}")
        # Compare against the live team as it will be after renames (its parent may be renamed too).
        renamed_parent = ctx.team_name_after_renames(current.parent) if current.parent else None
        comparable = current.model_copy(update={"parent": renamed_parent})
        fields = field_changes(comparable, team, managed)
        if fields:
            ctx.add(Change(Kind.TEAM, Action.UPDATE, (name,), fields, team, current))
    if not ctx.desired.prune.teams:
        return
    ctx.touch("teams")
    keep = set(ctx.desired.teams) | set(ctx.team_renames.values()) | protected_from_prune(ctx.desired.teams)
    for live_name in sorted(set(ctx.live.state.teams) - keep):
        current = ctx.live.state.teams[live_name]
        fields = field_changes(current, None, [f for f in TEAM_SETTINGS if getattr(current, f) is not None])
        ctx.add(Change(Kind.TEAM, Action.DELETE, (live_name,), fields, None, current))


def team_depth(teams: dict[str, Team], name: str) -> int:
    """How many ancestors a team has (parents sort before children); cycles stop the walk."""
    depth, seen = 0, {name}
    parent = teams[name].parent if name in teams else None
    while parent is not None and parent in teams and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = teams[parent].parent
    return depth


def _references(change: Change, team_names: TeamNames) -> Iterable[str]:
    parent = change.desired.parent if isinstance(change.desired, Team) else None
    return [address(Kind.TEAM, team_names(parent))] if parent else []


def _live_digests(live: LiveOrganization) -> Iterable[tuple[str, Any]]:
    # A team's value holds its members and grants, so their changes show up under the team.
    for name, team in live.state.teams.items():
        yield address(Kind.TEAM, name), team.model_dump(mode="json")


def _nesting(organization: Organization, key: tuple[str, ...]) -> int:
    return team_depth(organization.teams, key[0])


def _project(organization: dict[str, Any], change: Change) -> None:
    teams = entry(organization, "teams")
    (name,) = change.key
    if change.action is Action.RENAME:
        rename(teams, change)
        for team in teams.values():
            if team.get("parent") == change.fields[0].before:
                team["parent"] = name
    elif change.action is Action.DELETE:
        teams.pop(name, None)
    elif isinstance(change.desired, Team):
        # Members and grants are changes of their own kinds; only the team's settings come from here.
        settings = {
            field: getattr(change.desired, field)
            for field in TEAM_SETTINGS
            if field in change.desired.model_fields_set
        }
        entry(teams, name).update(settings)


TEAM = KindSpec(
    Kind.TEAM,
    label="team",
    scope=Scope.TEAM,
    payload=PayloadShape.MODEL,
    model=Team,
    differ=plan_teams,
    prune_switch="teams",
    references=_references,
    live_count=lambda organization: len(organization.teams),
    live_digests=_live_digests,
    nesting=_nesting,
    project=_project,
)
