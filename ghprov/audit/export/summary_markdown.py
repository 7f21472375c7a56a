"""The enterprise summary for people (summary.md): one row per organisation, then what failed, then access."""

from __future__ import annotations

from ghprov.audit.enterprise import CheckCount, EnterpriseSummary, PrincipalAccess
from ghprov.audit.findings import Severity, Status

STATUSES = [status.value for status in Status]
SEVERITIES = [severity.value for severity in Severity]


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _link(directory: str, name: str) -> str:
    return f"[{name}]({directory}/report.md)" if directory else _escape(name)


def _organizations(summary: EnterpriseSummary) -> list[str]:
    lines = [
        "| Organisation | Outcome | At or above fail-on | "
        + " | ".join(status.title() for status in STATUSES)
        + " | "
        + " | ".join(f"Failed {severity.lower()}" for severity in SEVERITIES)
        + " |",
        "|---|---|---|" + "---|" * (len(STATUSES) + len(SEVERITIES)),
    ]
    for row in summary.organizations:
        if row.summary is None:
            blanks = " | ".join("-" for _ in (*STATUSES, *SEVERITIES))
            lines.append(f"| {_escape(row.organization)} | **error** | - | {blanks} |")
            continue
        statuses = " | ".join(str(row.summary.by_status.get(status, 0)) for status in STATUSES)
        severities = " | ".join(str(row.summary.failed_by_severity.get(level, 0)) for level in SEVERITIES)
        name = _link(row.directory, row.organization) if row.directory else _escape(row.organization)
        lines.append(f"| {name} | {row.outcome} | {row.failing} | {statuses} | {severities} |")
    return lines


def _errors(summary: EnterpriseSummary) -> list[str]:
    failed = [row for row in summary.organizations if row.error is not None]
    if not failed:
        return []
    lines = ["", "## Not audited", ""]
    for row in failed:
        assert row.error is not None
        where = f" (`{row.config}`)" if row.config else ""
        lines.append(f"- **{_escape(row.organization)}**{where}: {_escape(row.error.message)}")
        lines.extend(f"  - `{_escape(problem)}`" for problem in row.error.problems)
        if row.error.hint:
            lines.append(f"  - what to do: {_escape(row.error.hint)}")
    return lines


def _failed_checks(summary: EnterpriseSummary) -> list[str]:
    """One row per check that failed anywhere, one column per audited organisation: compare at a glance."""
    audited = [row for row in summary.organizations if row.summary is not None]
    checks: dict[str, CheckCount] = {}
    cells: dict[tuple[str, str], str] = {}
    for row in audited:
        for check in row.failed_checks:
            checks.setdefault(check.check_id, check)
            cells[(check.check_id, row.organization)] = str(check.count)
        for check in row.errored_checks:
            checks.setdefault(check.check_id, check)
            failed = cells.get((check.check_id, row.organization))
            errored = f"{check.count} error"
            cells[(check.check_id, row.organization)] = f"{failed} + {errored}" if failed else errored
    lines = ["", "## Failed checks", ""]
    if not checks:
        return [*lines, "Nothing failed."]
    lines += [
        "FAILED findings per check and organisation (`error`: the data could not be read completely).",
        "",
        "| Check | Title | Severity | " + " | ".join(_escape(row.organization) for row in audited) + " |",
        "|---|---|---|" + "---|" * len(audited),
    ]
    for check in sorted(checks.values(), key=lambda found: (-found.severity.rank, found.check_id)):
        counts = " | ".join(cells.get((check.check_id, row.organization), "") for row in audited)
        lines.append(f"| {check.check_id} | {_escape(check.title)} | {check.severity.value} | {counts} |")
    return lines


def _principals(title: str, rows: list[PrincipalAccess], empty: str) -> list[str]:
    lines = ["", f"### {title}", ""]
    if not rows:
        return [*lines, empty]
    lines += ["| Principal | Organisations | Where | How |", "|---|---|---|---|"]
    for row in rows:
        for index, held in enumerate(row.holdings):
            principal = f"`{row.principal}`" if index == 0 else ""
            organizations = ", ".join(row.organizations) if index == 0 else ""
            lines.append(
                f"| {principal} | {organizations} | {_escape(held.organization)}: `{held.resource}` "
                f"| {_escape(held.detail)} |"
            )
    return lines


def _access(summary: EnterpriseSummary) -> list[str]:
    access = summary.access
    lines = ["", "## Access to D1 repositories across organisations", ""]
    for organization, repositories in access.d1_repositories.items():
        names = ", ".join(f"`{name}`" for name in repositories) or "none"
        lines.append(f"- {_escape(organization)}: {names}")
    if access.in_several_organizations:
        lines += [
            "",
            "Held in more than one organisation: "
            + ", ".join(f"`{name}`" for name in access.in_several_organizations),
        ]
    lines += _principals("Admin on a D1 repository", access.admins, "Nobody.")
    lines += _principals("Bypass on a D1 repository or an organisation ruleset", access.bypasses, "Nobody.")
    return lines


def render_summary_markdown(summary: EnterpriseSummary) -> str:
    totals = summary.totals
    mode = "lint of the configurations" if summary.mode == "config" else "audit of the live organisations"
    lines = [
        f"# ghprov audit: {totals.organizations} organisations",
        "",
        f"Generated {summary.generated_at} by ghprov {summary.tool.version} ({mode}); "
        f"{totals.audited} audited, {totals.errors} not; fail-on `{summary.fail_on}`, exit code "
        f"{summary.exit_code}. Each organisation's own reports are in its directory.",
        "",
        *_organizations(summary),
        *_errors(summary),
        *_failed_checks(summary),
        *_access(summary),
    ]
    return "\n".join(lines) + "\n"
