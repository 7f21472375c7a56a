"""The merge rail: a branch that requires approvals must keep someone (not a bot) able to approve.

Deliberately simple: a repository counts as mergeable when, after the plan, some non-bot person has
write, maintain or admin access to it through a team (child teams inherit their parent's grants) or
through the organisation's base permission. Owners' implicit admin access does not count: D1 expects
reviews from the teams that own a repository.
"""

from __future__ import annotations

from ghprov.model import BranchProtection, LiveOrganization, Organization, Ruleset
from ghprov.plan.changes import Action, Kind, Plan, address
from ghprov.plan.state_after import ProjectedAccess, members_with_inheritance, project_access
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


def _guards_after(plan: Plan, live: LiveOrganization) -> dict[str, tuple[str, object]]:
    """address → (repository, protection or ruleset) for every live guard, with the plan's writes on top."""
    guards: dict[str, tuple[str, object]] = {}
    for repo_name, repository in live.state.repositories.items():
        for branch, protection in repository.branch_protection.items():
            guards[address(Kind.BRANCH_PROTECTION, repo_name, branch)] = (repo_name, protection)
        for name, ruleset in repository.rulesets.items():
            guards[address(Kind.REPOSITORY_RULESET, repo_name, name)] = (repo_name, ruleset)
    for change in plan.changes:
        if change.kind not in (Kind.BRANCH_PROTECTION, Kind.REPOSITORY_RULESET):
            continue
        if change.action is Action.DELETE:
            guards.pop(change.address, None)
        else:
            guards[change.address] = (change.key[0], change.desired)
    return guards


def _writers(
    projected: ProjectedAccess, desired: Organization, live: LiveOrganization
) -> dict[str, set[str]]:
    writers_by_repo: dict[str, set[str]] = {}
    for team, grants in projected.team_grants.items():
        for repo, role in grants.items():
            if _writes(role, desired, live):
                writers_by_repo.setdefault(repo, set()).update(members_with_inheritance(projected, team))
    return writers_by_repo


def _stuck(
    guards: dict[str, tuple[str, object]],
    projected: ProjectedAccess,
    desired: Organization,
    live: LiveOrganization,
) -> dict[str, str]:
    """address → message for every guard requiring approvals that only bots (or nobody) could give."""
    writers_by_repo = _writers(projected, desired, live)
    everyone = set(projected.org_roles) if _base_permission(desired, live) in ("write", "admin") else set()
    bots = set(desired.bots)
    stuck = {}
    for where, (repo, guard) in guards.items():
        approvals = _required_approvals(guard)
        if approvals > 0 and not (writers_by_repo.get(repo, set()) | everyone) - bots:
            stuck[where] = (
                f"requires {approvals} approval{'s' if approvals != 1 else ''} but nobody except bots has "
                f"write access to {repo} through a team or the base permission, so nothing could be merged"
            )
    return stuck


def unmergeable_branches(plan: Plan, live: LiveOrganization, desired: Organization) -> list[SafetyViolation]:
    """Protected branches the plan would leave needing approvals nobody but bots could give.

    Judged on the state after the plan, so taking write access away from the last people who could
    approve is caught as well as a new protection nobody can satisfy. A branch already stuck before
    the plan is reported only if the plan writes its protection (the plan did not cause it otherwise).
    """
    after = _stuck(_guards_after(plan, live), project_access(plan, live, desired), desired, live)
    nothing = Plan(organization=plan.organization)
    before = _stuck(_guards_after(nothing, live), project_access(nothing, live, desired), desired, live)
    written = {c.address for c in plan.changes if c.kind in (Kind.BRANCH_PROTECTION, Kind.REPOSITORY_RULESET)}
    return [
        SafetyViolation("nobody-can-merge", where, message, "--force")
        for where, message in sorted(after.items())
        if where in written or where not in before
    ]
