"""A stable total order for changes, and the dependencies apply needs to skip what cannot run.

Order: creates, renames and updates by ``Kind.rank`` (renames first within a kind, parent teams
before children); then the changes that loosen a protection; then deletions in reverse kind order
(child teams before parents); archiving comes last of all. Within a group changes sort by key.
"""

from __future__ import annotations

import dataclasses

from ghprov.model import Organization, Team
from ghprov.plan.changes import Action, Change, Kind
from ghprov.plan.kinds.teams import team_depth

SortKey = tuple[int, int, int, int, tuple[str, ...]]


def resolve_dependencies(changes: list[Change]) -> list[Change]:
    """Keep only dependencies on changes in this plan that bring something into being.

    Differs name every dependency a change could have (the team, the repository, the person);
    only those created, renamed or unarchived by this plan matter to apply.
    """
    enabling = {c.address for c in changes if c.action in (Action.CREATE, Action.RENAME) or c.unarchives}
    unarchiving = {c.repository for c in changes if c.unarchives}
    resolved = []
    for change in changes:
        deps = {dep for dep in change.depends_on if dep in enabling and dep != change.address}
        if change.repository in unarchiving and not change.unarchives:
            deps.add(f"{Kind.REPOSITORY.value}:{change.repository}")
        if change.archives:
            # Archiving makes the repository read-only, so everything else on it must be done first.
            deps |= {o.address for o in changes if o.repository == change.repository and o is not change}
        resolved.append(dataclasses.replace(change, depends_on=tuple(sorted(deps))))
    return resolved


def _depth(teams: dict[str, Team], change: Change) -> int:
    return team_depth(teams, change.key[0]) if change.kind is Kind.TEAM else 0


def order_changes(changes: list[Change], desired: Organization, live: Organization) -> list[Change]:
    """Sort changes into the order apply runs them."""

    def sort_key(change: Change) -> SortKey:
        if change.archives:
            return (3, 0, 0, 0, change.key)
        if change.action is Action.DELETE:
            return (2, -change.kind.rank, 0, -_depth(live.teams, change), change.key)
        phase = 1 if change.loosens else 0
        renames_first = 0 if change.action is Action.RENAME else 1
        return (phase, change.kind.rank, renames_first, _depth(desired.teams, change), change.key)

    return sorted(changes, key=sort_key)
