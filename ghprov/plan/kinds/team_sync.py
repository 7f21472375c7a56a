"""Team synchronization: a team's IdP group mapping, replaced as a whole (``PATCH …/group-mappings``).

Where a team's membership comes from the IdP (groups mapped, live or desired), the membership differ
plans no member changes for it and says why (``team_links``): the IdP would undo them.
"""

from __future__ import annotations

from collections.abc import Iterable

from ghprov.model import IdpGroups, Organization
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext, plain
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames


def plan_team_sync(ctx: DiffContext) -> None:
    """A mapping change for every team whose config sets ``idp_groups`` and whose live mapping differs."""
    for name in sorted(ctx.desired.teams):
        team = ctx.desired.teams[name]
        if "idp_groups" not in team.model_fields_set:
            continue
        current_team = ctx.live_team(name)
        if current_team is not None:
            ctx.touch(f"teams/{ctx.live_team_name(name)}/idp_groups")
        wanted = IdpGroups(groups=team.idp_groups)
        current = IdpGroups(groups=current_team.idp_groups if current_team is not None else ())
        if wanted.ids() == current.ids() and set(wanted.groups) == set(current.groups):
            continue
        before = sorted(group.name for group in current.groups)
        after = sorted(group.name for group in wanted.groups)
        fields = (FieldChange("idp_groups", plain(before), plain(after)),)
        action = Action.CREATE if current_team is None else Action.UPDATE
        ctx.add(Change(Kind.TEAM_SYNC, action, (name,), fields, wanted, current if current_team else None))


def _references(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.TEAM, change.key[0])]


def synced_teams(organization: Organization) -> set[str]:
    """Teams whose membership an IdP owns."""
    return {name for name, team in organization.teams.items() if team.synced}


TEAM_SYNC = KindSpec(
    Kind.TEAM_SYNC,
    label="IdP groups of",
    scope=Scope.TEAM,
    payload=PayloadShape.MODEL,
    model=IdpGroups,
    differ=plan_team_sync,
    references=_references,
)
