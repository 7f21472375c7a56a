"""Safety rails apply checks before writing: pure functions over the plan, the live and the desired state.

Rails and the flag that overrides each (``None``: a lockout guard, only a config change lifts it):
- deletions need ``--allow-delete`` and the kind's ``prune`` switch; repositories are never deleted;
- removal circuit breaker: more than ``max_removal_ratio`` of current members, teams, team memberships
  or team grants removed needs ``--force``;
- never remove or demote the last owner, nor the identity applying the plan;
- never leave a repository without an admin: an owner, an admin team's member or an admin collaborator;
- bots keep the bypass the config gives them (directly or through a team): review and force-push
  bypass, push allowance (``restrictions``), a ruleset's pull-request and direct-push bypass (``bypass``);
- a branch requiring approvals needs someone besides bots with write access through a team (or the
  organisation's base permission); owners' implicit admin does not count. Override: ``--force``;
- making a repository public needs ``--allow-public``; archiving or unarchiving needs ``--allow-archive``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ghprov.errors import UnsafePlan
from ghprov.model import LiveOrganization, Organization, Repository
from ghprov.plan.bypass import bot_bypass_violations
from ghprov.plan.changes import Action, Kind, Plan, address
from ghprov.plan.kinds.registry import KINDS, spec_of
from ghprov.plan.mergeable import unmergeable_branches
from ghprov.plan.repository_admins import admin_lockouts
from ghprov.plan.violations import SafetyViolation


@dataclass(frozen=True)
class SafetyOptions:
    allow_delete: bool = False
    max_removal_ratio: float = 0.25
    force: bool = False
    allow_public: bool = False
    allow_archive: bool = False
    # Login of the user applying the plan ("" for a GitHub App, which is not an org member).
    applying_identity: str = ""


def _deletions(plan: Plan, desired: Organization, options: SafetyOptions) -> list[SafetyViolation]:
    violations = []
    for change in plan.changes:
        if change.action is not Action.DELETE:
            continue
        switch = spec_of(change.kind).prune_switch
        if switch is None:
            message = f"ghprov never deletes a {change.kind.value.replace('_', ' ')}"
            violations.append(SafetyViolation("never-deleted", change.address, message, None))
        elif not getattr(desired.prune, switch):
            message = f"removal is not enabled: set prune.{switch}: true in the config"
            violations.append(SafetyViolation("prune-disabled", change.address, message, None))
        elif not options.allow_delete:
            message = "the plan removes this"
            violations.append(
                SafetyViolation("delete-not-allowed", change.address, message, "--allow-delete")
            )
    return violations


def _circuit_breaker(plan: Plan, live: LiveOrganization, options: SafetyOptions) -> list[SafetyViolation]:
    current = {spec.kind: spec.live_count(live.state) for spec in KINDS if spec.live_count is not None}
    violations = []
    for kind, total in current.items():
        removed = sum(1 for c in plan.changes if c.kind is kind and c.action is Action.DELETE)
        if removed == 0 or options.force:
            continue
        ratio = removed / total if total else 1.0
        if ratio > options.max_removal_ratio:
            message = (
                f"the plan removes {removed} of {total} ({ratio:.0%}), more than the "
                f"{options.max_removal_ratio:.0%} the removal circuit breaker allows"
            )
            override = "--force (or a higher --max-removal-ratio)"
            violations.append(SafetyViolation("removal-ratio", address(kind, "*"), message, override))
    return violations


def _owners(plan: Plan, live: LiveOrganization, options: SafetyOptions) -> list[SafetyViolation]:
    owners = set(live.state.members.owners) if live.state.members is not None else set()
    losing = {
        c.key[0]
        for c in plan.changes
        if c.kind is Kind.ORGANIZATION_MEMBERSHIP and c.key[0] in owners and c.desired != "admin"
    }
    violations = []
    if owners and not owners - losing:
        message = f"the plan removes or demotes every owner ({', '.join(sorted(owners))}); one must remain"
        violations.append(
            SafetyViolation("last-owner", address(Kind.ORGANIZATION_MEMBERSHIP, "*"), message, None)
        )
    if options.applying_identity in losing:
        message = f"{options.applying_identity} is applying this plan and must remain an owner"
        violations.append(
            SafetyViolation(
                "applying-identity",
                address(Kind.ORGANIZATION_MEMBERSHIP, options.applying_identity),
                message,
                None,
            )
        )
    return violations


def _exposure(plan: Plan, options: SafetyOptions) -> list[SafetyViolation]:
    violations = []
    for change in plan.changes:
        if change.kind is not Kind.REPOSITORY or change.action not in (Action.CREATE, Action.UPDATE):
            continue
        desired = change.desired
        values = (
            desired
            if isinstance(desired, Mapping)
            else desired.settings()
            if isinstance(desired, Repository)
            else {}
        )
        if values.get("visibility") == "public" and not options.allow_public:
            message = "the plan makes this repository public"
            violations.append(SafetyViolation("public-repository", change.address, message, "--allow-public"))
        archived = values.get("archived")
        # A repository the plan creates is not archived yet: `archived: false` there unarchives nothing.
        creates_unarchived = change.action is Action.CREATE and archived is False
        if archived is not None and not creates_unarchived and not options.allow_archive:
            verb = "archives" if archived else "unarchives"
            message = f"the plan {verb} this repository"
            violations.append(SafetyViolation("archive", change.address, message, "--allow-archive"))
    return violations


def check_plan_safety(
    plan: Plan, live: LiveOrganization, desired: Organization, options: SafetyOptions
) -> list[SafetyViolation]:
    """Every rail the plan breaks under ``options`` (empty: safe to apply)."""
    violations = _deletions(plan, desired, options)
    violations += _circuit_breaker(plan, live, options)
    violations += _owners(plan, live, options)
    violations += admin_lockouts(plan, live)
    violations += bot_bypass_violations(plan, desired)
    if not options.force:
        violations += unmergeable_branches(plan, live, desired)
    violations += _exposure(plan, options)
    return violations


def raise_if_unsafe(violations: list[SafetyViolation]) -> None:
    """Raise UnsafePlan naming every violation and the flags that would lift them."""
    if not violations:
        return
    lines = "\n".join(f"  {violation}" for violation in violations)
    flags = sorted({v.override for v in violations if v.override})
    hint = f"review the plan; overrides: {', '.join(flags)}" if flags else "fix the configuration"
    count = len(violations)
    raise UnsafePlan(
        f"refusing to apply: {count} safety rail{'s' if count != 1 else ''} tripped:\n{lines}", hint
    )
