"""The merge rail: a branch that requires approvals must keep someone (not a bot) able to approve.

Deliberately simple: a repository counts as mergeable when, after the plan, some non-bot person has
write, maintain or admin access to it through a team (child teams inherit their parent's grants) or
through the organisation's base permission. Owners' implicit admin access does not count: D1 expects
reviews from the teams that own a repository.
"""

from __future__ import annotations

from ghprov.model import BranchProtection, LiveOrganization, Organization, Ruleset
from ghprov.plan.changes import Action, Kind, Plan
from ghprov.plan.state_after import members_with_inheritance, project_access
from ghprov.plan.violations import SafetyViolation

WRITE_ROLES = frozenset({"write", "maintain", "admin"})


def _required_approvals(value: object) -> int:
    if isinstance(value, BranchProtection):
        return value.required_approving_review_count or 0
    if isinstance(value, Ruleset) and value.enforcement == "active":
        counts = [int((r.parameters or {}).get("required_approving_review_count", 0)) for r in value.rules]
        return max([0, *[c for r, c in zip(value.rules, counts, strict=True) if r.type == "pull_request"]])
    return 0


def _writes(role: str, desired: Organization, live: LiveOrganization) -> bool:
    if role in WRITE_ROLES:
        return True
    custom = desired.custom_roles.get(role) or live.state.custom_roles.get(role)
    return custom is not None and custom.base_role in {"write", "maintain"}


def _base_permission(desired: Organization, live: LiveOrganization) -> str | None:
    for settings in (desired.settings, live.state.settings):
        if settings is not None and "default_repository_permission" in settings.model_fields_set:
            return settings.default_repository_permission
    return None


def unmergeable_branches(plan: Plan, live: LiveOrganization, desired: Organization) -> list[SafetyViolation]:
    """Protections and rulesets the plan writes that require approvals nobody but bots could give."""
    projected = project_access(plan, live, desired)
    bots = set(desired.bots)
    writers_by_repo: dict[str, set[str]] = {}
    for team, grants in projected.team_grants.items():
        for repo, role in grants.items():
            if _writes(role, desired, live):
                writers_by_repo.setdefault(repo, set()).update(members_with_inheritance(projected, team))
    everyone = set(projected.org_roles) if _base_permission(desired, live) in ("write", "admin") else set()
    violations = []
    for change in plan.changes:
        if change.kind not in (Kind.BRANCH_PROTECTION, Kind.REPOSITORY_RULESET):
            continue
        if change.action not in (Action.CREATE, Action.UPDATE):
            continue
        approvals = _required_approvals(change.desired)
        repo = change.key[0]
        people = (writers_by_repo.get(repo, set()) | everyone) - bots
        if approvals > 0 and not people:
            message = (
                f"requires {approvals} approval{'s' if approvals != 1 else ''} but nobody except bots has "
                f"write access to {repo} through a team or the base permission, so nothing could be merged"
            )
            violations.append(SafetyViolation("nobody-can-merge", change.address, message, "--force"))
    return violations
