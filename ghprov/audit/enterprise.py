"""The enterprise summary of several organisations' audits: ``summary.json`` and ``summary.md``.

Everything here is derived from each organisation's own results (its findings report and the access
and bypass rows of its snapshot, or for lint of its declaration), never read or computed again, so the
summary cannot disagree with the per-organisation files it points to. An organisation that could not
be audited is a row with its error, beside the others.

The access overview answers the auditor's cross-organisation question: who holds ``admin`` on a D1
repository (the profile's fleet, infra and tenant repositories), or may get around a D1 repository's
protection or an organisation ruleset, and in which organisations, through which paths.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ghprov.audit.findings import Severity, Status, failing
from ghprov.audit.profile import AuditProfile
from ghprov.audit.report import Report, Summary, Tool
from ghprov.model.bypasses import ORGANIZATION_RULESET
from ghprov.model.organization import Organization

# 1.0: first version. Major when a field is removed or changes meaning, minor when one is added.
SUMMARY_SCHEMA_VERSION = "1.0"
ADMIN = "admin"
# Where an organisation ruleset's bypass is filed: it may cover any repository, D1 ones included.
ORGANIZATION_WIDE = "(organization ruleset)"


@dataclass(frozen=True)
class AccessFacts:
    """One organisation's D1 repositories and its access and bypass rows, as its snapshot holds them."""

    d1_repositories: tuple[str, ...]
    access: tuple[dict[str, Any], ...]
    bypasses: tuple[dict[str, Any], ...]

    @classmethod
    def of(
        cls,
        organization: Organization,
        profile: AuditProfile,
        access: Iterable[dict[str, Any]],
        bypasses: Iterable[dict[str, Any]],
    ) -> AccessFacts:
        d1 = sorted(
            name
            for name, repository in organization.repositories.items()
            if profile.is_d1_repository(name, repository)
        )
        return cls(tuple(d1), tuple(access), tuple(bypasses))


@dataclass(frozen=True)
class OrganizationOutcome:
    """What one organisation's audit gave: its report and access facts, or the error that stopped it."""

    organization: str  # the login; for a config that could not be loaded, its directory's name
    config: str = ""
    directory: str = ""  # where its own outputs are, relative to the summary
    report: Report | None = None
    access: AccessFacts | None = None
    error_message: str = ""
    error_hint: str = ""
    error_problems: tuple[str, ...] = ()  # a config's problems, each with its file:line:column


class Document(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorInfo(Document):
    message: str
    hint: str = ""
    problems: list[str] = Field(default_factory=list)


class CheckCount(Document):
    """One check's FAILED (or ERROR) findings in one organisation."""

    check_id: str
    title: str
    severity: Severity
    count: int


class OrganizationSummary(Document):
    organization: str
    config: str = ""
    directory: str = ""
    # error: could not be audited; findings: something at or above --fail-on; clean otherwise.
    outcome: Literal["clean", "findings", "error"]
    error: ErrorInfo | None = None
    run_id: str = ""
    summary: Summary | None = None
    failing: int = 0
    failed_checks: list[CheckCount] = Field(default_factory=list)
    # Checks whose data could not be read completely (status ERROR: failed closed).
    errored_checks: list[CheckCount] = Field(default_factory=list)


class Holding(Document):
    """What one principal holds in one organisation: on which resource, through which paths."""

    organization: str
    resource: str
    detail: str


class PrincipalAccess(Document):
    principal: str
    organizations: list[str]
    holdings: list[Holding]


class AccessOverview(Document):
    d1_repositories: dict[str, list[str]]
    admins: list[PrincipalAccess]
    bypasses: list[PrincipalAccess]
    # Principals holding admin or a bypass in more than one organisation: one compromise, many fleets.
    in_several_organizations: list[str]


class Totals(Document):
    organizations: int
    audited: int
    errors: int
    by_status: dict[str, int]
    failed_by_severity: dict[str, int]


class EnterpriseSummary(Document):
    schema_version: str = SUMMARY_SCHEMA_VERSION
    generated_at: str
    tool: Tool = Field(default_factory=Tool)
    mode: str  # live (audit export) | config (lint)
    fail_on: str
    exit_code: int
    totals: Totals
    organizations: list[OrganizationSummary]
    access: AccessOverview


def _check_counts(report: Report, status: Status) -> list[CheckCount]:
    counted = Counter(found.check_id for found in report.findings if found.status is status)
    first = {found.check_id: found for found in reversed(report.findings) if found.check_id in counted}
    rows = [
        CheckCount(
            check_id=check_id, title=first[check_id].title, severity=first[check_id].severity, count=count
        )
        for check_id, count in counted.items()
    ]
    return sorted(rows, key=lambda row: (-row.severity.rank, row.check_id))


def _organization_summary(outcome: OrganizationOutcome, threshold: Severity | None) -> OrganizationSummary:
    base = {"organization": outcome.organization, "config": outcome.config, "directory": outcome.directory}
    if outcome.report is None:
        error = ErrorInfo(
            message=outcome.error_message or "not audited",
            hint=outcome.error_hint,
            problems=list(outcome.error_problems),
        )
        return OrganizationSummary(**base, outcome="error", error=error)
    report = outcome.report
    over = len(failing(report.findings, threshold)) if threshold is not None else 0
    return OrganizationSummary(
        **base,
        outcome="findings" if over else "clean",
        run_id=report.run_id,
        summary=report.summary,
        failing=over,
        failed_checks=_check_counts(report, Status.FAILED),
        errored_checks=_check_counts(report, Status.ERROR),
    )


def _admin_paths(row: dict[str, Any]) -> str:
    """The paths that grant the row's admin (a custom role ranking as admin when none is plain admin)."""
    paths = list(row.get("paths", ()))
    paths = [path for path in paths if path.get("role") == ADMIN] or paths
    described = []
    for path in paths:
        kind = str(path.get("kind", ""))
        where = path.get("team") or path.get("via")
        described.append(f"{kind} {where}" if where else kind)
    return ", ".join(described)


def _bypassed_repository(resource: str) -> str:
    """``d1-fleet@main`` and ``d1-fleet ruleset x`` → ``d1-fleet``; an organisation ruleset → its marker."""
    if resource.startswith(ORGANIZATION_RULESET):
        return ORGANIZATION_WIDE
    return resource.split("@", 1)[0].split(" ruleset ", 1)[0]


def _group(holdings: Iterable[tuple[str, Holding]]) -> list[PrincipalAccess]:
    by_principal: dict[str, list[Holding]] = {}
    for principal, holding in holdings:
        by_principal.setdefault(principal, []).append(holding)
    return [
        PrincipalAccess(
            principal=principal,
            organizations=sorted({held.organization for held in held_list}),
            holdings=sorted(held_list, key=lambda held: (held.organization, held.resource, held.detail)),
        )
        for principal, held_list in sorted(by_principal.items())
    ]


def access_overview(outcomes: Sequence[OrganizationOutcome]) -> AccessOverview:
    """Admins of D1 repositories and bypass holders on them (or organisation-wide), across organisations."""
    admins: list[tuple[str, Holding]] = []
    bypassers: list[tuple[str, Holding]] = []
    d1: dict[str, list[str]] = {}
    for outcome in outcomes:
        facts = outcome.access
        if facts is None:
            continue
        d1[outcome.organization] = list(facts.d1_repositories)
        wanted = set(facts.d1_repositories)
        for row in facts.access:
            if row.get("repository") in wanted and row.get("permission") == ADMIN:
                repository, detail = str(row["repository"]), _admin_paths(row)
                holding = Holding(organization=outcome.organization, resource=repository, detail=detail)
                admins.append((str(row["principal"]), holding))
        for row in facts.bypasses:
            resource = str(row.get("resource", ""))
            repository = _bypassed_repository(resource)
            if repository != ORGANIZATION_WIDE and repository not in wanted:
                continue
            detail = f"{row.get('scope')} via {row.get('path')}"
            if row.get("team"):
                detail += f" (team {row['team']})"
            if row.get("force_push"):
                detail += "; can force-push"
            holding = Holding(organization=outcome.organization, resource=resource, detail=detail)
            bypassers.append((str(row["principal"]), holding))
    admin_rows, bypass_rows = _group(admins), _group(bypassers)
    reach: dict[str, set[str]] = {}
    for held in (*admin_rows, *bypass_rows):
        reach.setdefault(held.principal, set()).update(held.organizations)
    several = sorted(principal for principal, where in reach.items() if len(where) > 1)
    return AccessOverview(
        d1_repositories=d1, admins=admin_rows, bypasses=bypass_rows, in_several_organizations=several
    )


def _totals(rows: Sequence[OrganizationSummary]) -> Totals:
    by_status = {status.value: 0 for status in Status}
    failed = {severity.value: 0 for severity in Severity}
    for row in rows:
        if row.summary is None:
            continue
        for key, count in row.summary.by_status.items():
            by_status[key] = by_status.get(key, 0) + count
        for key, count in row.summary.failed_by_severity.items():
            failed[key] = failed.get(key, 0) + count
    errors = sum(1 for row in rows if row.outcome == "error")
    return Totals(
        organizations=len(rows),
        audited=len(rows) - errors,
        errors=errors,
        by_status=by_status,
        failed_by_severity=failed,
    )


ERROR_EXIT = 1
FINDINGS_EXIT = 3


def exit_code(rows: Sequence[OrganizationSummary]) -> int:
    """The run's exit code, the worst outcome deciding: 1 an organisation not audited, 3 findings, 0."""
    outcomes = {row.outcome for row in rows}
    if "error" in outcomes:
        return ERROR_EXIT
    return FINDINGS_EXIT if "findings" in outcomes else 0


def build_summary(
    outcomes: Sequence[OrganizationOutcome],
    *,
    mode: str,
    threshold: Severity | None,
    generated_at: str,
) -> EnterpriseSummary:
    """The summary of ``outcomes`` (in their order) under ``--fail-on threshold`` (None: never fails)."""
    rows = [_organization_summary(outcome, threshold) for outcome in outcomes]
    return EnterpriseSummary(
        generated_at=generated_at,
        mode=mode,
        fail_on=threshold.value if threshold is not None else "none",
        exit_code=exit_code(rows),
        totals=_totals(rows),
        organizations=rows,
        access=access_overview(outcomes),
    )
