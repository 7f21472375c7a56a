"""The enterprise summary: per-organisation counts, failed checks, errors, access across organisations."""

from __future__ import annotations

from typing import Any

from ghprov.audit.enterprise import (
    ORGANIZATION_WIDE,
    AccessFacts,
    OrganizationOutcome,
    build_summary,
)
from ghprov.audit.export.summary_markdown import render_summary_markdown
from ghprov.audit.findings import CheckSpec, Resource, Severity, Status, finding
from ghprov.audit.report import AuthInfo, OrganizationInfo, Report, summarise

NOW = "2026-12-04T08:00:00Z"
TWO_FA = CheckSpec(
    id="ORG-01", title="2FA", severity=Severity.HIGH, namespace="org", description="", remediation=""
)
STALE = CheckSpec(
    id="ORG-08", title="Stale", severity=Severity.LOW, namespace="org", description="", remediation=""
)
PROTECTED = CheckSpec(
    id="REPO-01",
    title="Protected",
    severity=Severity.MEDIUM,
    namespace="repo",
    description="",
    remediation="",
)


def _report(login: str, *statuses: tuple[CheckSpec, Status]) -> Report:
    findings = [
        finding(spec, Resource(type="repository", name=f"r{index}"), status)
        for index, (spec, status) in enumerate(statuses)
    ]
    return Report(
        run_id=f"run-{login}",
        generated_at=NOW,
        mode="live",
        organization=OrganizationInfo(login=login, plan="team", is_enterprise=False),
        auth=AuthInfo(kind="token"),
        profile={"name": "d1"},
        summary=summarise(findings),
        findings=findings,
    )


def _admin(principal: str, repository: str, *paths: dict[str, str]) -> dict[str, Any]:
    return {"principal": principal, "repository": repository, "permission": "admin", "paths": list(paths)}


def _outcomes() -> list[OrganizationOutcome]:
    fleet_a = AccessFacts(
        d1_repositories=("d1-fleet", "d1-infra"),
        access=(
            _admin("user:alice", "d1-fleet", {"kind": "owner", "role": "admin"}),
            _admin(
                "user:carol",
                "d1-infra",
                {"kind": "team", "role": "write", "team": "devs"},
                {"kind": "direct", "role": "admin"},
            ),
            _admin("user:dave", "website", {"kind": "direct", "role": "admin"}),  # not a D1 repository
            {
                "principal": "user:erin",
                "repository": "d1-fleet",
                "permission": "write",
                "paths": [{"kind": "team", "role": "write", "team": "platform"}],
            },
        ),
        bypasses=(
            {
                "principal": "user:flux-bot",
                "resource": "d1-infra@main",
                "scope": "review",
                "path": "bypass_pull_request_allowances",
                "force_push": False,
            },
            {
                "principal": "user:mallory",
                "resource": "website@main",
                "scope": "force-push",
                "path": "bypass_force_push_allowances",
                "force_push": True,
            },
            {
                "principal": "team:sre",
                "resource": "organization ruleset everything",
                "scope": "ruleset",
                "path": "bypass_actors",
                "mode": "always",
                "rules": ["non_fast_forward"],
                "force_push": True,
            },
        ),
    )
    fleet_b = AccessFacts(
        d1_repositories=("d1-fleet",),
        access=(_admin("user:alice", "d1-fleet", {"kind": "owner", "role": "admin"}),),
        bypasses=(
            {
                "principal": "user:alice",
                "resource": "d1-fleet ruleset tags",
                "scope": "ruleset",
                "path": "bypass_actors",
                "team": "platform",
                "force_push": True,
            },
        ),
    )
    return [
        OrganizationOutcome(
            organization="fleet-a",
            config="orgs/fleet-a",
            directory="fleet-a",
            report=_report(
                "fleet-a",
                (TWO_FA, Status.FAILED),
                (PROTECTED, Status.FAILED),
                (PROTECTED, Status.FAILED),
                (STALE, Status.ERROR),
                (PROTECTED, Status.PASSED),
            ),
            access=fleet_a,
        ),
        OrganizationOutcome(
            organization="fleet-b",
            directory="fleet-b",
            report=_report("fleet-b", (PROTECTED, Status.FAILED), (TWO_FA, Status.EXCEPTED)),
            access=fleet_b,
        ),
        OrganizationOutcome(
            organization="fleet-c",
            config="orgs/fleet-c",
            error_message="GitHub returned 401 for GET /orgs/fleet-c: Bad credentials",
            error_hint="Check the token",
        ),
    ]


def test_each_organisation_keeps_its_own_counts_and_failed_checks() -> None:
    summary = build_summary(_outcomes(), mode="live", threshold=Severity.HIGH, generated_at=NOW)
    first, second, third = summary.organizations
    assert first.summary is not None and first.summary.by_status["FAILED"] == 3
    assert first.failing == 1  # ORG-01 (HIGH); ORG-08 ERRORs too, but is LOW
    assert [(check.check_id, check.count) for check in first.failed_checks] == [("ORG-01", 1), ("REPO-01", 2)]
    assert [check.check_id for check in first.errored_checks] == ["ORG-08"]
    assert first.outcome == "findings" and second.outcome == "clean"
    assert third.outcome == "error" and third.summary is None
    assert third.error is not None and third.error.hint == "Check the token"
    assert summary.totals.organizations == 3 and summary.totals.audited == 2 and summary.totals.errors == 1
    assert summary.totals.by_status["FAILED"] == 4 and summary.totals.by_status["EXCEPTED"] == 1
    assert summary.totals.failed_by_severity == {"CRITICAL": 0, "HIGH": 1, "MEDIUM": 3, "LOW": 0, "INFO": 0}


def test_the_worst_outcome_decides_the_exit_code() -> None:
    outcomes = _outcomes()
    assert build_summary(outcomes, mode="live", threshold=Severity.HIGH, generated_at=NOW).exit_code == 1
    audited = outcomes[:2]
    assert build_summary(audited, mode="live", threshold=Severity.HIGH, generated_at=NOW).exit_code == 3
    assert build_summary(audited, mode="live", threshold=None, generated_at=NOW).exit_code == 0
    critical = build_summary(audited, mode="live", threshold=Severity.CRITICAL, generated_at=NOW)
    assert critical.exit_code == 0 and critical.fail_on == "CRITICAL"


def test_access_overview_names_admins_and_bypasses_on_d1_repositories_across_organisations() -> None:
    access = build_summary(_outcomes(), mode="live", threshold=None, generated_at=NOW).access
    assert access.d1_repositories == {"fleet-a": ["d1-fleet", "d1-infra"], "fleet-b": ["d1-fleet"]}
    admins = {row.principal: row for row in access.admins}
    assert set(admins) == {"user:alice", "user:carol"}  # dave is admin of a non-D1 repository only
    assert admins["user:alice"].organizations == ["fleet-a", "fleet-b"]
    # Only the paths that grant admin explain an admin row.
    assert [held.detail for held in admins["user:carol"].holdings] == ["direct"]
    bypasses = {row.principal: row for row in access.bypasses}
    assert set(bypasses) == {"user:flux-bot", "team:sre", "user:alice"}  # mallory's is on website
    assert bypasses["team:sre"].holdings[0].resource == "organization ruleset everything"
    assert "can force-push" in bypasses["team:sre"].holdings[0].detail
    assert "(team platform)" in bypasses["user:alice"].holdings[0].detail
    assert access.in_several_organizations == ["user:alice"]
    assert ORGANIZATION_WIDE not in access.d1_repositories


def test_markdown_shows_organisations_errors_checks_by_organisation_and_access() -> None:
    summary = build_summary(_outcomes(), mode="live", threshold=Severity.HIGH, generated_at=NOW)
    text = render_summary_markdown(summary)
    assert text.startswith("# ghprov audit: 3 organisations\n")
    assert "| [fleet-a](fleet-a/report.md) | findings | 1 | 1 | 3 | 0 | 1 | 0 |" in text
    assert "| fleet-c | **error** |" in text
    assert (
        "- **fleet-c** (`orgs/fleet-c`): GitHub returned 401" in text
        and "what to do: Check the token" in text
    )
    assert "| Check | Title | Severity | fleet-a | fleet-b |" in text
    assert "| ORG-01 | 2FA | HIGH | 1 |  |" in text
    assert "| REPO-01 | Protected | MEDIUM | 2 | 1 |" in text
    assert "| ORG-08 | Stale | LOW | 1 error |  |" in text
    assert "Held in more than one organisation: `user:alice`" in text
    assert "| `user:alice` | fleet-a, fleet-b | fleet-a: `d1-fleet` | owner |" in text


def test_nothing_failed_and_nobody_holding_anything_are_said() -> None:
    clean = OrganizationOutcome(
        organization="quiet",
        directory="quiet",
        report=_report("quiet", (PROTECTED, Status.PASSED)),
        access=AccessFacts(d1_repositories=(), access=(), bypasses=()),
    )
    text = render_summary_markdown(
        build_summary([clean], mode="config", threshold=Severity.LOW, generated_at=NOW)
    )
    assert "Nothing failed." in text and "lint of the configurations" in text
    assert text.count("Nobody.") == 2 and "- quiet: none" in text
