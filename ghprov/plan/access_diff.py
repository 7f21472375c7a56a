"""What a plan does to access: who gains or loses which role on which repository, and which bypass.

Bypasses are named by what they get around (``model.bypasses``): "flux-bot loses force-push bypass on
d1-fleet@main" (``bypass_force_push_allowances``), "review bypass" (``bypass_pull_request_allowances``),
"protection bypass" (``enforce_admins: false``: admins and roles with ``bypass_branch_protection``) and
"ruleset bypass (always)" (a ruleset's ``bypass_actors``, the rules it covers in ``via``, force pushes
named when it holds ``non_fast_forward``). A bypass that appears is a gain, also on a protection or
ruleset the plan creates: reviewers of a new rule on a cluster-admin repository see whom it exempts.

Computed from the same access matrix the audit builds (``model.access``), on the live organisation and
on the organisation as the plan leaves it (``projection``), before anything is applied. Renames are
applied to both sides, so renaming a team or repository is not reported as everyone losing and
regaining access.
"""

from __future__ import annotations

import fnmatch

from ghprov.model import LiveOrganization, Organization
from ghprov.model.access import AccessMatrix, build_matrix
from ghprov.model.bypasses import ORGANIZATION_RULESET, bypasses
from ghprov.plan.changes import AccessChange, Change
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
    """Gains of write (or more) or of a bypass on repositories matching the glob ``pattern``.

    A bypass of an organisation ruleset matches every pattern: the ruleset's conditions can reach any
    repository, including ones created later, so the gate fails closed rather than guess its reach.
    """
    # Custom roles count: a custom role is at least its base role, and read-only ones are rare.
    return [
        change
        for change in found
        if change.gain
        and change.after not in ("read", "triage", None)
        and (
            change.resource.startswith(ORGANIZATION_RULESET)
            or fnmatch.fnmatchcase(change.repository(), pattern)
        )
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


def _bypasses(organization: Organization) -> dict[tuple[str, str, str], tuple[str, int, tuple[str, ...]]]:
    """(principal, resource, scope) → (what is held, its strength, the paths that grant it).

    Review, force-push and admin (``enforce_admins: false``) bypasses of a classic protection are separate
    keys, so each shows on its own line; a ruleset bypass is one key whose value carries its mode, so a
    mode change (``pull_request`` → ``always``) shows as one gain.
    """
    found: dict[tuple[str, str, str], tuple[str, int, tuple[str, ...]]] = {}
    for granted in bypasses(organization):
        key = (granted.principal, granted.resource, granted.scope)
        held = found.get(key)
        paths = (granted.describe_path(),)
        if held is None or granted.strength() > held[1]:
            found[key] = (granted.value(), granted.strength(), paths)
        elif granted.strength() == held[1]:
            found[key] = (held[0], held[1], tuple(dict.fromkeys(held[2] + paths)))
    return found


def _bypass_changes(
    before: dict[tuple[str, str, str], tuple[str, int, tuple[str, ...]]],
    after: dict[tuple[str, str, str], tuple[str, int, tuple[str, ...]]],
) -> list[AccessChange]:
    found = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None and old[0] == new[0]:
            continue
        gain = (new[1] if new else 0) > (old[1] if old else 0)
        # A gain is explained by the new paths, a loss by the old ones.
        shown = new if gain else old
        via = shown[2] if shown is not None else ()
        found.append(
            AccessChange(key[0], key[1], old[0] if old else None, new[0] if new else None, via, gain)
        )
    return found
