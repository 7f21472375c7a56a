"""A stable total order for changes, and each change's dependencies, computed once for plan and apply.

Order: creates, renames and updates by kind rank (renames first within a kind, parent teams before
children); then the changes that loosen a protection (and those of a kind that must follow a kind
whose change loosens: ``KindSpec.follows``); then deletions in reverse kind order (child
teams before parents); archiving comes last of all. Within a group changes sort by key.

Dependencies: a change depends on the changes of this plan that bring into being what it names (its
kind's ``references``), so apply can skip, naming the cause, a grant to a team whose creation failed
rather than send a write bound to fail. Only changes that create, rename or unarchive count: a failed
description update must not hold back the team's memberships. Saved plans store the result, so apply
never computes it again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ghprov.model import Organization
from ghprov.plan.changes import Action, Change, Kind, address
from ghprov.plan.kinds.registry import spec_of
from ghprov.plan.kinds.spec import TeamNames

SortKey = tuple[int, int, int, int, tuple[str, ...]]


def _same_name(reference: str) -> str:
    return reference


def enables(change: Change) -> bool:
    """True when ``change`` brings its resource into being (or makes it writable again)."""
    return change.action in (Action.CREATE, Action.RENAME) or change.unarchives


def references(change: Change, team_names: TeamNames = _same_name) -> list[str]:
    """Addresses of the resources ``change`` needs to exist (none for a deletion)."""
    if change.action is Action.DELETE:
        return []
    return list(spec_of(change.kind).references(change, team_names))


def resolve_dependencies(changes: list[Change], team_names: TeamNames = _same_name) -> list[Change]:
    """Each change with ``depends_on`` set to the changes of this plan it needs to have succeeded."""
    enabling: dict[str, list[Change]] = {}
    for change in changes:
        if enables(change):
            enabling.setdefault(change.address, []).append(change)
    unarchiving = {c.repository for c in changes if c.unarchives}
    resolved = []
    for change in changes:
        named = {*change.depends_on, *references(change, team_names)}
        deps = {dep for dep in named if dep in enabling and dep != change.address}
        if change.action is not Action.DELETE and any(
            o is not change for o in enabling.get(change.address, [])
        ):
            # The same address enabled by another change: e.g. a repository renamed, then updated.
            deps.add(change.address)
        if change.repository in unarchiving and not change.unarchives:
            deps.add(address(Kind.REPOSITORY, change.repository or ""))
        if change.archives:
            # Archiving makes the repository read-only, so everything else on it must be done first.
            deps |= {o.address for o in changes if o.repository == change.repository and o is not change}
        resolved.append(dataclasses.replace(change, depends_on=tuple(sorted(deps))))
    return resolved


def _depth(organization: Organization, change: Change) -> int:
    nesting: Callable[[Organization, tuple[str, ...]], int] | None = spec_of(change.kind).nesting
    return nesting(organization, change.key) if nesting is not None else 0


def order_changes(changes: list[Change], desired: Organization, live: Organization) -> list[Change]:
    """Sort changes into the order apply runs them."""
    # Kinds with a loosening change in this plan: the kinds that must follow them run with the
    # loosening changes too (``KindSpec.follows``).
    loosening = {c.kind for c in changes if c.loosens and c.action is not Action.DELETE and not c.archives}

    def sort_key(change: Change) -> SortKey:
        if change.archives:
            return (3, 0, 0, 0, change.key)
        spec = spec_of(change.kind)
        rank = spec.rank
        if change.action is Action.DELETE:
            return (2, -rank, 0, -_depth(live, change), change.key)
        phase = 1 if change.loosens or loosening.intersection(spec.follows) else 0
        renames_first = 0 if change.action is Action.RENAME else 1
        return (phase, rank, renames_first, _depth(desired, change), change.key)

    return sorted(changes, key=sort_key)
