"""Repository settings: forking, security features, visibility, activity, Scorecard."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from ghprov.audit.checks import declared_actions
from ghprov.audit.checks.base import Context, Registered, skipped, spec, verdict
from ghprov.audit.findings import Finding, Severity, Status, finding
from ghprov.audit.inputs import Skipped
from ghprov.model.repository_facts import RepositoryFacts

REPO_18 = spec(
    "REPO-18",
    "Forking disabled on private repositories",
    Severity.LOW,
    "repository",
    "Private and internal repositories cannot be forked (forks escape the organisation's controls).",
    "Disable forking (organisation: members_can_fork_private_repositories: false).",
    legitify="data.repository.forking_allowed_for_repository",
)
REPO_21 = spec(
    "REPO-21",
    "Secret scanning and push protection enabled",
    Severity.MEDIUM,
    "repository",
    "Secret scanning and its push protection are on (security_and_analysis).",
    "Enable secret scanning and push protection in the repository's code security settings.",
    legitify=(
        "data.repository.secret_scanning_not_enabled",
        "data.repository.vulnerability_alerts_not_enabled",
    ),
)
REPO_23 = spec(
    "REPO-23",
    "Visibility matches the profile and the declaration",
    Severity.HIGH,
    "repository",
    "D1 repositories are private (or internal); a declared visibility is the live one.",
    "Set visibility: private in the repository's declaration and apply it.",
    cis_ssc="1.2.6",
)
REPO_24 = spec(
    "REPO-24",
    "Repository is maintained",
    Severity.INFO,
    "repository",
    "Information only: a push within the profile's window (d1-infra may be quiet legitimately).",
    "Archive repositories nobody maintains.",
    legitify="data.repository.repository_not_maintained",
    cis_ssc="1.2.7",
)
REPO_25 = spec(
    "REPO-25",
    "OpenSSF Scorecard score above 7",
    Severity.LOW,
    "repository",
    "Optional: the Scorecard score of each repository.",
    "Run OpenSSF Scorecard and fix what it reports.",
    legitify="data.repository.scorecard_score_too_low",
    allstar="scorecard",
)

SECURITY_FEATURES = ("secret_scanning", "secret_scanning_push_protection")


def _facts(ctx: Context, repo: str) -> RepositoryFacts | Skipped:
    facts = ctx.input.repository_facts
    if isinstance(facts, Skipped):
        return facts
    return facts.get(repo, RepositoryFacts())


def forking(ctx: Context) -> Iterator[Finding]:
    settings = ctx.input.organization.settings
    org_forbids = settings is not None and settings.members_can_fork_private_repositories is False
    for repo, repository in ctx.repositories:
        if repository.visibility == "public":
            continue
        resource = ctx.repository(repo)
        if org_forbids:
            yield finding(
                REPO_18,
                resource,
                Status.PASSED,
                expected={"allow_forking": False},
                actual={"members_can_fork_private_repositories": False},
                evidence=[ctx.input.locator.setting("members_can_fork_private_repositories")],
            )
            continue
        facts = _facts(ctx, repo)
        if ctx.input.mode == "config":
            yield skipped(
                REPO_18,
                resource,
                "Not declared in the config: settings.members_can_fork_private_repositories",
            )
            continue
        if isinstance(facts, Skipped) or facts.allow_forking is None:
            yield skipped(
                REPO_18,
                resource,
                facts if isinstance(facts, Skipped) else "Missing permission: allow_forking not shown",
            )
            continue
        yield finding(
            REPO_18,
            resource,
            verdict(facts.allow_forking is False),
            expected={"allow_forking": False},
            actual={"allow_forking": facts.allow_forking},
            evidence=[ctx.input.locator.repository(repo, "allow_forking")],
        )


def security_features(ctx: Context) -> Iterator[Finding]:
    for repo, _ in ctx.active_repositories():
        resource = ctx.repository(repo)
        if ctx.input.mode == "config":
            declared = declared_actions.repository_security(ctx, repo, SECURITY_FEATURES)
            if isinstance(declared, Skipped):
                yield skipped(REPO_21, resource, declared)
                continue
            yield finding(
                REPO_21,
                resource,
                verdict(all(value == "enabled" for value in declared.values.values())),
                expected=dict.fromkeys(SECURITY_FEATURES, "enabled"),
                actual=declared.values,
                evidence=declared.evidence,
            )
            continue
        facts = _facts(ctx, repo)
        analysis = None if isinstance(facts, Skipped) else facts.security_and_analysis
        if analysis is None:
            reason = (
                facts
                if isinstance(facts, Skipped)
                else (
                    "Missing permission: security_and_analysis is shown only to admins "
                    "(and needs secret scanning to be available on the plan)"
                )
            )
            yield skipped(REPO_21, resource, reason)
            continue
        actual = {name: analysis.get(name) for name in SECURITY_FEATURES}
        yield finding(
            REPO_21,
            resource,
            verdict(all(value == "enabled" for value in actual.values())),
            expected=dict.fromkeys(SECURITY_FEATURES, "enabled"),
            actual=actual,
            evidence=[
                ctx.input.locator.repository(repo, f"security_and_analysis/{n}/status")
                for n in SECURITY_FEATURES
            ],
        )


def visibility(ctx: Context) -> Iterator[Finding]:
    declared = ctx.input.declared
    for repo, repository in ctx.repositories:
        resource = ctx.repository(repo)
        wanted: list[str] = []
        if ctx.profile.is_d1_repository(repo, repository):
            wanted = list(ctx.profile.private_visibility)
        declared_repo = declared.repositories.get(repo) if declared else None
        if declared_repo is not None and declared_repo.visibility is not None:
            wanted = (
                [declared_repo.visibility]
                if not wanted
                else [v for v in wanted if v == declared_repo.visibility] or [declared_repo.visibility]
            )
        if not wanted:
            continue
        if repository.visibility is None:
            yield skipped(
                REPO_23,
                resource,
                "Not declared in the config: visibility"
                if ctx.input.mode == "config"
                else "Missing permission: visibility not shown",
            )
            continue
        yield finding(
            REPO_23,
            resource,
            verdict(repository.visibility in wanted),
            expected={"visibility": wanted},
            actual={"visibility": repository.visibility},
            evidence=[ctx.input.locator.repository(repo, "visibility")],
        )


def activity(ctx: Context) -> Iterator[Finding]:
    window = ctx.profile.inactive_repository_days
    for repo, _ in ctx.active_repositories():
        resource = ctx.repository(repo)
        if ctx.input.mode == "config":
            continue
        facts = _facts(ctx, repo)
        pushed = None if isinstance(facts, Skipped) else facts.pushed_at
        if not pushed:
            yield skipped(
                REPO_24,
                resource,
                facts if isinstance(facts, Skipped) else "Missing permission: pushed_at not shown",
            )
            continue
        age = (ctx.today - datetime.date.fromisoformat(str(pushed)[:10])).days
        yield finding(
            REPO_24,
            resource,
            verdict(age <= window),
            expected={"pushed_within_days": window},
            actual={"pushed_at": pushed, "days_since_push": age},
            evidence=[ctx.input.locator.repository(repo, "pushed_at")],
        )
    if ctx.input.mode == "config":
        yield skipped(
            REPO_24, ctx.organization, "Not expressible in the config: activity is read from GitHub"
        )


def scorecard(ctx: Context) -> Iterator[Finding]:
    yield skipped(
        REPO_25,
        ctx.organization,
        "Unmet prerequisite: needs the OpenSSF scorecard binary, which the audit does not run",
    )


CHECKS = (
    Registered(REPO_18, forking),
    Registered(REPO_21, security_features),
    Registered(REPO_23, visibility),
    Registered(REPO_24, activity),
    Registered(REPO_25, scorecard),
)
