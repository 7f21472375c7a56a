"""Which earlier changes each change needs: those it declares, plus those creating what it names.

A grant to a new team cannot run if creating the team failed; skipping it (and saying why) is
better than sending a write bound to fail. Only changes that bring a resource into existence (or
make it writable again, like unarchiving) count as prerequisites: a failed description update
must not hold back the team's memberships.
"""

from __future__ import annotations

from ghprov.model import BranchProtection, Ruleset, is_builtin_role, normalise_role
from ghprov.plan.changes import Action, Change, Kind


def address(kind: Kind, *key: str) -> str:
    """The address a change for ``kind`` and ``key`` has (``team:platform``)."""
    return f"{kind.value}:{'/'.join(key)}"


def _role_reference(role: object) -> list[str]:
    if isinstance(role, str) and role and not is_builtin_role(str(normalise_role(role))):
        return [address(Kind.CUSTOM_ROLE, role)]
    return []


def _ruleset_references(ruleset: object) -> list[str]:
    if not isinstance(ruleset, Ruleset):
        return []
    found: list[str] = []
    for actor in ruleset.bypass_actors:
        if actor.team:
            found.append(address(Kind.TEAM, actor.team))
        if actor.role:
            found.extend(_role_reference(actor.role))
    return found


def _protection_references(protection: object) -> list[str]:
    if not isinstance(protection, BranchProtection):
        return []
    teams: set[str] = set(protection.bypass_pull_request_allowances.teams)
    for actors in (protection.dismissal_restrictions, protection.restrictions):
        if actors is not None:
            teams.update(actors.teams)
    return [address(Kind.TEAM, team) for team in sorted(teams)]


def references(change: Change) -> list[str]:
    """Addresses of the resources ``change`` needs to exist."""
    key = change.key
    kind = change.kind
    if kind is Kind.TEAM:
        parent = getattr(change.desired, "parent", None)
        return [address(Kind.TEAM, parent)] if parent else []
    if kind is Kind.TEAM_MEMBERSHIP:
        return [address(Kind.TEAM, key[0]), address(Kind.ORGANIZATION_MEMBERSHIP, key[1])]
    if kind is Kind.TEAM_REPOSITORY:
        grant = [address(Kind.TEAM, key[0]), address(Kind.REPOSITORY, key[1])]
        return [*grant, *_role_reference(change.desired)]
    if kind is Kind.BRANCH:
        return [address(Kind.REPOSITORY, key[0])]
    if kind is Kind.BRANCH_PROTECTION:
        return [
            address(Kind.REPOSITORY, key[0]),
            address(Kind.BRANCH, *key),
            *_protection_references(change.desired),
        ]
    if kind is Kind.REPOSITORY_RULESET:
        return [address(Kind.REPOSITORY, key[0]), *_ruleset_references(change.desired)]
    if kind is Kind.ORGANIZATION_RULESET:
        return _ruleset_references(change.desired)
    return []


def _enables(change: Change) -> bool:
    if change.action in (Action.CREATE, Action.RENAME):
        return True
    unarchives = isinstance(change.desired, dict) and change.desired.get("archived") is False
    return change.kind is Kind.REPOSITORY and unarchives


def prerequisites(changes: list[Change]) -> list[tuple[str, ...]]:
    """For each change (by position), the addresses of earlier changes it depends on."""
    enabling: set[str] = set()
    seen: set[str] = set()
    found: list[tuple[str, ...]] = []
    for change in changes:
        needed = [name for name in change.depends_on if name in seen]
        if change.action is not Action.DELETE:
            # The same address earlier: e.g. a repository renamed, then updated under its new name.
            inferred = [change.address, *references(change)]
            needed.extend(name for name in inferred if name in enabling)
        found.append(tuple(dict.fromkeys(needed)))
        seen.add(change.address)
        if _enables(change):
            enabling.add(change.address)
    return found
