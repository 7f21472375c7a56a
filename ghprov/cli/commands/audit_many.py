"""``audit export`` and ``lint`` over several organisations: a line per organisation, a summary, an exit code.

Each organisation's line appears on stderr as soon as it is done (the reader's progress bars are off:
two organisations at once would interleave them). The exit code is the worst outcome, as for plan:
1 if any organisation could not be audited, else 3 if any has findings at or above ``--fail-on``, else 0.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ghprov.cli.reporting import print_error

if TYPE_CHECKING:
    from ghprov.audit.enterprise import EnterpriseSummary
    from ghprov.audit.findings import Severity
    from ghprov.services.audit_organizations import OrganizationAudit
    from ghprov.services.auditing import AuditOptions
    from ghprov.settings import Settings


def _counts(audit: OrganizationAudit, threshold: Severity | None) -> str:
    from ghprov.audit.findings import failing

    assert audit.result is not None
    summary = audit.result.report.summary
    failed = [
        f"{count} {severity.lower()}" for severity, count in summary.failed_by_severity.items() if count
    ]
    parts = [f"{summary.by_status.get('PASSED', 0)} passed", f"{summary.by_status.get('FAILED', 0)} failed"]
    if failed:
        parts[-1] += f" ({', '.join(failed)})"
    for status in ("ERROR", "EXCEPTED"):
        if summary.by_status.get(status):
            parts.append(f"{summary.by_status[status]} {status.lower()}")
    if threshold is not None:
        over = len(failing(audit.result.report.findings, threshold))
        parts.append(f"{over} at or above {threshold.value}")
    return ", ".join(parts)


def _progress(
    total: int, threshold: Severity | None, *, timed: bool = True
) -> Callable[[OrganizationAudit], None]:
    """One stderr line per organisation, in the order they finish (``timed``: with its wall time)."""
    finished = 0

    def report(audit: OrganizationAudit) -> None:
        nonlocal finished
        finished += 1
        head = f"[{finished}/{total}] {audit.target.name}"
        error = audit.error or audit.target.error
        if error is not None:
            hint = f" (hint: {error.hint})" if error.hint else ""
            typer.echo(f"{head}: not audited: {error.message}{hint}", err=True)
            return
        where = f" -> {audit.directory}" if audit.directory is not None else ""
        took = f" ({audit.seconds:.1f} s)" if timed else ""
        typer.echo(f"{head}: {_counts(audit, threshold)}{where}{took}", err=True)

    return report


def _finish(
    audits: list[OrganizationAudit], out: Path | None, mode: str, threshold: Severity | None
) -> EnterpriseSummary:
    from ghprov.errors import ConfigError
    from ghprov.services.audit_organizations import summarise_organizations

    # A broken config's problems, each with its file:line:column, are what its owner fixes from.
    for audit in audits:
        error = audit.error or audit.target.error
        if isinstance(error, ConfigError):
            print_error(error)
    summary, written = summarise_organizations(audits, out, mode=mode, threshold=threshold)
    for path in written:
        typer.echo(f"wrote {path}", err=True)
    totals = summary.totals
    over = sum(row.failing for row in summary.organizations)
    line = f"{totals.organizations} organisations: {totals.audited} audited, {totals.errors} not audited"
    if threshold is not None:
        line += f"; {over} finding(s) at or above {threshold.value}"
    typer.echo(line, err=True)
    return summary


def export_many(
    settings: Settings,
    configs: list[Path],
    organizations: list[str],
    options: AuditOptions,
    threshold: Severity | None,
    sandbox: bool,
    default_rotation: Path | None,
) -> int:
    """Audit every organisation into ``options.out/<organisation>/``; the run's exit code."""
    from ghprov.services.audit_organizations import audit_targets, export_organizations

    targets = audit_targets(configs, organizations)
    audits = export_organizations(
        settings,
        targets,
        options,
        sandbox=sandbox,
        default_rotation=default_rotation,
        done=_progress(len(targets), threshold),
    )
    return _finish(audits, options.out, "live", threshold).exit_code


def lint_many(configs: list[Path], options: AuditOptions, threshold: Severity | None) -> int:
    """Lint every config; without ``--out`` each organisation's Markdown report goes to stdout."""
    from ghprov.audit.export import render_markdown
    from ghprov.services.audit_organizations import audit_targets, lint_organizations

    targets = audit_targets(configs, [])
    audits = lint_organizations(targets, options, done=_progress(len(targets), threshold, timed=False))
    summary = _finish(audits, options.out, "config", threshold)
    if options.out is None:
        from ghprov.audit.export.summary_markdown import render_summary_markdown

        for audit in audits:
            if audit.result is not None:
                typer.echo(render_markdown(audit.result.report))
        typer.echo(render_summary_markdown(summary), nl=False)
    return summary.exit_code
