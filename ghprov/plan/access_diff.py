"""What a plan does to access: who gains or loses which role on which repository, and which bypass.

Computed from the same access matrix the audit builds (``model.access``), on the live organisation and
on the organisation as the plan leaves it (``projection``), before anything is applied. Renames are
applied to both sides, so renaming a team or repository is not reported as everyone losing and
regaining access.
"""

from __future__ import annotations

import fnmatch

from ghprov.model import BranchProtection, LiveOrganization, Organization, Ruleset
from ghprov.model.access import AccessMatrix, build_matrix
from ghprov.plan.changes import BYPASS, AccessChange, Change
from ghprov.plan.kinds.registry import spec_of
from ghprov.plan.projection import project, renames_only


def access_changes(changes: list[Change], live: LiveOrganization) -> list[AccessChange]:
    """Every difference in roles and bypasses between the live organisation and the plan's result."""
    if not any(spec_of(change.kind).project for change in changes):
        return []
    before = project(live, changes, only=renames_only)
    after = project(live, changes)
    found = _role_changes(_matrix(before), _matrix(after))
    found += _bypass_changes(_bypasses(before), _bypasses(after))
    return sorted(found, key=lambda c: (c.resource, c.principal, c.before or "", c.after or ""))


def _matrix(organization: Organization) -> AccessMatrix:
    # Direct collaborators (invitations included) are part of the organisation model the plan reads.
    direct = {name: dict(repository.collaborators) for name, repository in organization.repositories.items()}
    return build_matrix(organization, direct, bots=organization.bots)


def gains_on(found: list[AccessChange], pattern: str) -> list[AccessChange]:
    """Gains of write (or more) or of a bypass on repositories matching the glob ``pattern``."""
    # Custom roles count: a custom role is at least its base role, and read-only ones are rare.
    return [
        change
        for change in found
        if change.gain
        and change.after not in ("read", "triage", None)
        and fnmatch.fnmatchcase(change.repository(), pattern)
    ]


def _role_changes(before: AccessMatrix, after: AccessMatrix) -> list[AccessChange]:
    found = []
    for key in sorted(set(before.rows) | set(after.rows)):
        old = before.rows.get(key)
        new = after.rows.get(key)
        old_role = old.role(before.rank) if old else None
        new_role = new.role(after.rank) if new else None
        if old_role == new_role:
            continue
        gain = after.rank.get(new_role or "", 0) > before.rank.get(old_role or "", 0)
        # A gain is explained by the new paths, a loss by the old ones.
        shown = new if gain else old
        via = tuple(dict.fromkeys(path.describe() for path in shown.paths)) if shown is not None else ()
        found.append(AccessChange(key[0], key[1], old_role, new_role, via, gain))
    return found


def _bypasses(organization: Organization) -> set[tuple[str, str]]:
    """(principal, resource) for every bypass granted by a protection or a ruleset."""
    found: set[tuple[str, str]] = set()
    for repo, repository in organization.repositories.items():
        for branch, protection in repository.branch_protection.items():
            found |= {(actor, f"{repo}@{branch}") for actor in _protection_actors(protection)}
        for name, ruleset in repository.rulesets.items():
            found |= {(actor, f"{repo} ruleset {name}") for actor in _ruleset_actors(ruleset)}
    for name, ruleset in organization.rulesets.items():
        found |= {(actor, f"organization ruleset {name}") for actor in _ruleset_actors(ruleset)}
    return found


def _protection_actors(protection: BranchProtection) -> list[str]:
    allowances = protection.bypass_pull_request_allowances
    return [
        *(f"user:{login}" for login in allowances.users),
        *(f"team:{team}" for team in allowances.teams),
        *(f"app:{app}" for app in allowances.apps),
    ]


def _ruleset_actors(ruleset: Ruleset) -> list[str]:
    actors = []
    for actor in ruleset.bypass_actors:
        if actor.user:
            actors.append(f"user:{actor.user}")
        elif actor.team:
            actors.append(f"team:{actor.team}")
        elif actor.app:
            actors.append(f"app:{actor.app}")
        elif actor.role:
            actors.append(f"role:{actor.role}")
        elif actor.organization_admin:
            actors.append("organization:admins")
        elif actor.enterprise_owner:
            actors.append("enterprise:owners")
        elif actor.deploy_keys:
            actors.append("deploy_keys")
    return actors


def _bypass_changes(before: set[tuple[str, str]], after: set[tuple[str, str]]) -> list[AccessChange]:
    gained = [AccessChange(p, r, None, BYPASS, (), True) for p, r in sorted(after - before)]
    lost = [AccessChange(p, r, BYPASS, None, (), False) for p, r in sorted(before - after)]
    return gained + lost
