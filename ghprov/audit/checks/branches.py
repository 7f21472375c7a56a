"""Branch protection (REPO-01, REPO-03 … REPO-13): classic protection and rulesets, whichever satisfies each.

REPO-02 (force pushes, and who may still make them) is ``force_push``.

Each check is applied to the default branch and to the branches the profile names (D1's
``production``), plus every branch with a classic protection. A check passes when the classic
protection or any active ruleset satisfies it; the finding names that source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ghprov.audit.branches import BranchRules
from ghprov.audit.checks.base import Context, Registered, error, spec, verdict
from ghprov.audit.findings import CheckSpec, Evidence, Finding, Severity, Status, finding
from ghprov.audit.locate import Locator
from ghprov.model.bypasses import BYPASS_PERMISSION

CLASSIC = "classic_protection"


@dataclass(frozen=True)
class Satisfier:
    """A source (classic protection or a ruleset) that meets a check, with where it says so."""

    source: str
    evidence: Evidence
    value: Any = True


Evaluate = Callable[[BranchRules, Locator], list[Satisfier]]


def _classic(
    rules: BranchRules, locator: Locator, field: str, test: Callable[[Any], bool]
) -> list[Satisfier]:
    classic = rules.classic
    if classic is None:
        return []
    value: Any = classic
    for part in field.split("."):
        value = getattr(value, part, None) if value is not None else None
    if not test(value):
        return []
    return [Satisfier(CLASSIC, locator.protection(rules.repo, rules.branch, field), value)]


def _ruleset(
    rules: BranchRules,
    locator: Locator,
    rule_type: str,
    parameter: str = "",
    test: Callable[[Any], bool] = bool,
) -> list[Satisfier]:
    found = []
    for applied, rule in rules.rules(rule_type):
        value = (rule.parameters or {}).get(parameter) if parameter else True
        if test(value):
            pointer = f"/rules[type={rule_type}]" + (f"/parameters/{parameter}" if parameter else "")
            found.append(
                Satisfier(applied.source, locator.ruleset(applied.repository, applied.name, pointer), value)
            )
    return found


def _requires_pr(rules: BranchRules, locator: Locator, field: str, parameter: str) -> list[Satisfier]:
    classic = rules.classic
    satisfied = []
    if classic is not None and classic.requires_pull_request:
        satisfied += _classic(rules, locator, field, lambda value: value is True)
    return satisfied + _ruleset(rules, locator, "pull_request", parameter, lambda value: value is True)


def _approvals(rules: BranchRules, locator: Locator, minimum: int) -> list[Satisfier]:
    classic = rules.classic
    satisfied = []
    if classic is not None and classic.requires_pull_request:
        satisfied += _classic(
            rules, locator, "required_approving_review_count", lambda value: (value or 0) >= minimum
        )
    return satisfied + _ruleset(
        rules, locator, "pull_request", "required_approving_review_count", lambda v: int(v or 0) >= minimum
    )


def approval_count(rules: BranchRules) -> int:
    """The approvals GitHub will demand: the highest of the classic protection and every ruleset."""
    counts = [
        int(value or 0) for _, value in rules.rule_values("pull_request", "required_approving_review_count")
    ]
    if rules.classic is not None and rules.classic.requires_pull_request:
        counts.append(rules.classic.required_approving_review_count or 0)
    return max(counts, default=0)


def _spec(
    check_id: str, title: str, severity: Severity, remediation: str, description: str = "", **aliases: Any
) -> CheckSpec:
    return spec(check_id, title, severity, "branch", description or title, remediation, **aliases)


REPO_01 = _spec(
    "REPO-01",
    "Branch is protected",
    Severity.MEDIUM,
    "Add a classic branch protection or a ruleset targeting the branch.",
    "The default branch, and the branches the profile names, have a classic protection or an active ruleset.",
    legitify="data.repository.missing_default_branch_protection",
    scorecard="Branch-Protection",
    allstar="branch",
)
REPO_03 = _spec(
    "REPO-03",
    "Branch deletion blocked",
    Severity.MEDIUM,
    "Set allow_deletions: false, or add a deletion ruleset rule.",
    legitify="data.repository.missing_default_branch_protection_deletion",
    scorecard="Branch-Protection/tier1",
    cis_ssc="1.1.17",
)
REPO_04 = _spec(
    "REPO-04",
    "Rules also apply to administrators",
    Severity.MEDIUM,
    "Set enforce_admins: true; remove organisation-admin and admin-role bypass actors from rulesets.",
    scorecard="Branch-Protection/tier1",
    cis_ssc="1.1.14",
    allstar="branch.enforceOnAdmins",
)
REPO_05 = _spec(
    "REPO-05",
    "Pull request with at least one approval",
    Severity.HIGH,
    "Set required_approving_review_count: 1 or more (or a pull_request ruleset rule).",
    legitify="data.repository.code_review_not_required",
    scorecard="Branch-Protection/tier2",
    allstar="branch.requireApproval",
)
REPO_06 = _spec(
    "REPO-06",
    "Approvals meet the profile",
    Severity.MEDIUM,
    "Raise required_approving_review_count to the profile's value for this branch.",
    "D1: two approvals on d1-fleet main and on production branches, one on the branches the bot pushes to.",
    legitify="data.repository.code_review_by_two_members_not_required",
    scorecard="Branch-Protection/tier4",
    cis_ssc="1.1.3",
    allstar="branch.approvalCount",
)
REPO_07 = _spec(
    "REPO-07",
    "Stale approvals dismissed on push",
    Severity.LOW,
    "Set dismiss_stale_reviews: true (rulesets: dismiss_stale_reviews_on_push).",
    legitify="data.repository.dismisses_stale_reviews",
    scorecard="Branch-Protection/tier5",
    cis_ssc="1.1.4",
    allstar="branch.dismissStale",
)
REPO_08 = _spec(
    "REPO-08",
    "Most recent push must be approved",
    Severity.MEDIUM,
    "Set require_last_push_approval: true.",
    scorecard="Branch-Protection/tier2",
)
REPO_09 = _spec(
    "REPO-09",
    "Code-owner review required",
    Severity.LOW,
    "Set require_code_owner_reviews: true and add a CODEOWNERS file.",
    "Code-owner review is required and a CODEOWNERS file (.github/, root or docs/) names the owners.",
    legitify="data.repository.code_review_not_limited_to_code_owners",
    scorecard="Branch-Protection/tier4",
    cis_ssc="1.1.6",
    allstar="branch.requireCodeOwnerReviews",
)
REPO_10 = _spec(
    "REPO-10",
    "At least one required status check",
    Severity.MEDIUM,
    "Require the manifests CI job (required_status_checks.contexts).",
    legitify="data.repository.requires_status_checks",
    scorecard="Branch-Protection/tier3",
    cis_ssc="1.1.9",
    allstar="branch.requireStatusChecks",
)
REPO_11 = _spec(
    "REPO-11",
    "Branch must be up to date before merging",
    Severity.MEDIUM,
    "Set required_status_checks.strict: true (rulesets: strict_required_status_checks_policy).",
    legitify="data.repository.requires_branches_up_to_date_before_merge",
    scorecard="Branch-Protection/tier2",
    cis_ssc="1.1.10",
    allstar="branch.requireUpToDateBranch",
)
REPO_12 = _spec(
    "REPO-12",
    "Signed commits required",
    Severity.LOW,
    "Set required_signatures: true (or a required_signatures ruleset rule).",
    legitify="data.repository.no_signed_commits",
    cis_ssc="1.1.12",
    allstar="branch.requireSignedCommits",
)
REPO_13 = _spec(
    "REPO-13",
    "Linear history and resolved conversations",
    Severity.LOW,
    "Set required_linear_history and required_conversation_resolution (or the ruleset equivalents).",
    legitify=("data.repository.non_linear_history", "data.repository.no_conversation_resolution"),
    cis_ssc=("1.1.13", "1.1.11"),
)


def _is_true(value: Any) -> bool:
    return value is True


def _is_false(value: Any) -> bool:
    return value is False


# check id → (spec, evaluation, expected value, classic field cited when nothing satisfies it)
SIMPLE: dict[str, tuple[CheckSpec, Evaluate, Any, str]] = {
    "REPO-03": (
        REPO_03,
        lambda r, loc: _classic(r, loc, "allow_deletions", _is_false) + _ruleset(r, loc, "deletion"),
        {"deletion": "blocked"},
        "allow_deletions",
    ),
    "REPO-05": (
        REPO_05,
        lambda r, loc: _approvals(r, loc, 1),
        {"required_approving_review_count": ">= 1"},
        "required_approving_review_count",
    ),
    "REPO-07": (
        REPO_07,
        lambda r, loc: _requires_pr(r, loc, "dismiss_stale_reviews", "dismiss_stale_reviews_on_push"),
        {"dismiss_stale_reviews": True},
        "dismiss_stale_reviews",
    ),
    "REPO-08": (
        REPO_08,
        lambda r, loc: _requires_pr(r, loc, "require_last_push_approval", "require_last_push_approval"),
        {"require_last_push_approval": True},
        "require_last_push_approval",
    ),
    "REPO-09": (
        REPO_09,
        lambda r, loc: _requires_pr(r, loc, "require_code_owner_reviews", "require_code_owner_review"),
        {"require_code_owner_reviews": True},
        "require_code_owner_reviews",
    ),
    "REPO-10": (
        REPO_10,
        lambda r, loc: (
            _classic(r, loc, "required_status_checks.contexts", bool)
            + _ruleset(r, loc, "required_status_checks", "required_status_checks", bool)
        ),
        {"required_status_checks": ">= 1"},
        "required_status_checks",
    ),
    "REPO-11": (
        REPO_11,
        lambda r, loc: (
            _classic(r, loc, "required_status_checks.strict", _is_true)
            + _ruleset(r, loc, "required_status_checks", "strict_required_status_checks_policy", _is_true)
        ),
        {"strict": True},
        "required_status_checks.strict",
    ),
    "REPO-12": (
        REPO_12,
        lambda r, loc: (
            _classic(r, loc, "required_signatures", _is_true) + _ruleset(r, loc, "required_signatures")
        ),
        {"required_signatures": True},
        "required_signatures",
    ),
}


def _audited(ctx: Context) -> Iterator[tuple[str, str, BranchRules | None, str | None]]:
    """(repo, branch, rules or None, why unreadable) for every audited branch of every active repository."""
    for repo, repository in ctx.active_repositories():
        blind = ctx.protection_unknown(repo)
        for branch in ctx.branches(repo, repository):
            yield repo, branch, None if blind else ctx.rules(repo, branch), blind


def _unprotected(ctx: Context, check: CheckSpec, repo: str, branch: str, expected: Any) -> Finding:
    return finding(
        check,
        ctx.repository(repo, branch),
        Status.FAILED,
        expected=expected,
        actual="unprotected",
        message=f"{branch} has no classic protection and no active ruleset",
        evidence=[ctx.input.locator.protection(repo, branch)],
    )


def _failure_evidence(ctx: Context, rules: BranchRules, field: str, rule_type: str = "") -> list[Evidence]:
    """Where the unmet requirement would be: the classic field, and each ruleset that could hold it."""
    found = []
    if rules.classic is not None:
        found.append(ctx.input.locator.protection(rules.repo, rules.branch, field))
    pointer = f"/rules[type={rule_type}]" if rule_type else "/rules"
    found += [ctx.input.locator.ruleset(a.repository, a.name, pointer) for a in rules.rulesets]
    return found


def _judge(
    ctx: Context, check: CheckSpec, rules: BranchRules, satisfied: list[Satisfier], expected: Any, field: str
) -> Finding:
    if not rules.protected:
        return _unprotected(ctx, check, rules.repo, rules.branch, expected)
    evidence = [s.evidence for s in satisfied] or _failure_evidence(ctx, rules, field)
    return finding(
        check,
        ctx.repository(rules.repo, rules.branch),
        verdict(bool(satisfied)),
        expected=expected,
        actual={"satisfied_by": [s.source for s in satisfied]} if satisfied else "not required",
        evidence=evidence,
        source_of_truth=", ".join(dict.fromkeys(s.source for s in satisfied)),
    )


def _all_sources(ctx: Context, rules: BranchRules) -> list[Evidence]:
    found = []
    if rules.classic is not None:
        found.append(ctx.input.locator.protection(rules.repo, rules.branch))
    found += [ctx.input.locator.ruleset(a.repository, a.name) for a in rules.rulesets]
    return found


def simple_checks(check_id: str) -> Callable[[Context], Iterator[Finding]]:
    check, evaluate, expected, field = SIMPLE[check_id]

    def run(ctx: Context) -> Iterator[Finding]:
        for repo, branch, rules, blind in _audited(ctx):
            if rules is None:
                yield error(check, ctx.repository(repo, branch), f"protections could not be read: {blind}")
            else:
                yield _judge(ctx, check, rules, evaluate(rules, ctx.input.locator), expected, field)

    return run


def protected(ctx: Context) -> Iterator[Finding]:
    for repo, branch, rules, blind in _audited(ctx):
        if rules is None:
            yield error(REPO_01, ctx.repository(repo, branch), f"protections could not be read: {blind}")
            continue
        sources = ([CLASSIC] if rules.classic is not None else []) + [a.source for a in rules.rulesets]
        yield finding(
            REPO_01,
            ctx.repository(repo, branch),
            verdict(rules.protected),
            expected="classic protection or active ruleset",
            actual={"protected_by": sources} if sources else "unprotected",
            evidence=_all_sources(ctx, rules) or [ctx.input.locator.protection(repo, branch)],
            source_of_truth=", ".join(sources),
        )


def admins_included(ctx: Context) -> Iterator[Finding]:
    expected = {"enforce_admins": True, "admin_bypass": []}
    for repo, branch, rules, blind in _audited(ctx):
        if rules is None:
            yield error(REPO_04, ctx.repository(repo, branch), f"protections could not be read: {blind}")
            continue
        if not rules.protected:
            yield _unprotected(ctx, REPO_04, repo, branch, expected)
            continue
        problems: list[str] = []
        evidence: list[Evidence] = []
        if rules.classic is not None and not rules.classic.enforce_admins:
            # GitHub lets custom roles with bypass_branch_protection through on the same switch.
            roles = sorted(
                name
                for name, role in ctx.input.organization.custom_roles.items()
                if BYPASS_PERMISSION in role.permissions
            )
            also = f" (nor to custom role {', '.join(roles)}: {BYPASS_PERMISSION})" if roles else ""
            problems.append("classic protection does not apply to administrators" + also)
            evidence.append(ctx.input.locator.protection(repo, branch, "enforce_admins"))
        for applied in rules.rulesets:
            for index, actor in enumerate(applied.ruleset.bypass_actors):
                # Enterprise owners stand above the organisation's admins.
                if actor.organization_admin or actor.enterprise_owner or actor.role == "admin":
                    problems.append(
                        f"{applied.source} lets {actor.kind} {actor.name or ''} bypass".replace("  ", " ")
                    )
                    evidence.append(
                        ctx.input.locator.ruleset(applied.repository, applied.name, f"/bypass_actors/{index}")
                    )
        yield finding(
            REPO_04,
            ctx.repository(repo, branch),
            verdict(not problems),
            expected=expected,
            actual={"problems": problems},
            message="; ".join(problems),
            evidence=evidence or _all_sources(ctx, rules),
        )


def approvals_for_profile(ctx: Context) -> Iterator[Finding]:
    for repo, repository in ctx.active_repositories():
        blind = ctx.protection_unknown(repo)
        default = repository.default_branch or "main"
        for branch in ctx.branches(repo, repository):
            required = ctx.profile.required_approvals(repo, repository, branch, default)
            if required is None:
                continue
            resource = ctx.repository(repo, branch)
            if blind:
                yield error(REPO_06, resource, f"protections could not be read: {blind}")
                continue
            rules = ctx.rules(repo, branch)
            expected = {"required_approving_review_count": required}
            if not rules.protected:
                yield _unprotected(ctx, REPO_06, repo, branch, expected)
                continue
            count = approval_count(rules)
            satisfied = _approvals(rules, ctx.input.locator, required)
            yield finding(
                REPO_06,
                resource,
                verdict(count >= required),
                expected=expected,
                actual={"required_approving_review_count": count},
                message=f"PR approvals below threshold {required} : {count} for branch {branch}"
                if count < required
                else "",
                evidence=[s.evidence for s in satisfied]
                or _failure_evidence(ctx, rules, "required_approving_review_count", "pull_request"),
                source_of_truth=", ".join(dict.fromkeys(s.source for s in satisfied)),
            )


def history_and_conversations(ctx: Context) -> Iterator[Finding]:
    expected = {"required_linear_history": True, "required_conversation_resolution": True}
    for repo, branch, rules, blind in _audited(ctx):
        if rules is None:
            yield error(REPO_13, ctx.repository(repo, branch), f"protections could not be read: {blind}")
            continue
        locator = ctx.input.locator
        linear = _classic(rules, locator, "required_linear_history", _is_true) + _ruleset(
            rules, locator, "required_linear_history"
        )
        conversations = _classic(rules, locator, "required_conversation_resolution", _is_true) + _ruleset(
            rules, locator, "pull_request", "required_review_thread_resolution", _is_true
        )
        if not rules.protected:
            yield _unprotected(ctx, REPO_13, repo, branch, expected)
            continue
        yield finding(
            REPO_13,
            ctx.repository(repo, branch),
            verdict(bool(linear) and bool(conversations)),
            expected=expected,
            actual={
                "required_linear_history": bool(linear),
                "required_conversation_resolution": bool(conversations),
            },
            evidence=[s.evidence for s in linear + conversations] or _all_sources(ctx, rules),
            source_of_truth=", ".join(dict.fromkeys(s.source for s in linear + conversations)),
        )


CHECKS = (
    Registered(REPO_01, protected),
    Registered(REPO_03, simple_checks("REPO-03")),
    Registered(REPO_04, admins_included),
    Registered(REPO_05, simple_checks("REPO-05")),
    Registered(REPO_06, approvals_for_profile),
    Registered(REPO_07, simple_checks("REPO-07")),
    Registered(REPO_08, simple_checks("REPO-08")),
    Registered(REPO_10, simple_checks("REPO-10")),
    Registered(REPO_11, simple_checks("REPO-11")),
    Registered(REPO_12, simple_checks("REPO-12")),
    Registered(REPO_13, history_and_conversations),
)
