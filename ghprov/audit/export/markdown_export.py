"""A report a person reads: the summary table first, then what failed, what is excepted, what was skipped."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ghprov.audit.findings import Finding, Severity, Status
from ghprov.audit.report import Report

ORDER = [severity for severity in Severity]


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _short(value: Any, limit: int = 120) -> str:
    text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
    text = _escape(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _resource(found: Finding) -> str:
    name = f"{found.resource.type} `{found.resource.name}`"
    return f"{name} @ `{found.resource.branch}`" if found.resource.branch else name


def _summary(report: Report) -> list[str]:
    by_check: dict[str, Counter[str]] = {}
    titles: dict[str, tuple[str, str]] = {}
    for found in report.findings:
        by_check.setdefault(found.check_id, Counter())[found.status.value] += 1
        titles[found.check_id] = (found.title, found.severity.value)
    lines = [
        "| Check | Title | Severity | Passed | Failed | Excepted | Skipped | Error |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for check_id, counts in by_check.items():
        title, severity = titles[check_id]
        lines.append(
            f"| {check_id} | {_escape(title)} | {severity} | {counts['PASSED']} | {counts['FAILED']} "
            f"| {counts['EXCEPTED']} | {counts['SKIPPED']} | {counts['ERROR']} |"
        )
    return lines


def render_markdown(report: Report) -> str:
    """The whole report as Markdown (GitHub-flavoured tables)."""
    summary = report.summary
    failed = sorted(
        (f for f in report.findings if f.status in (Status.FAILED, Status.ERROR)),
        key=lambda f: (-f.severity.rank, f.check_id, f.resource_key()),
    )
    lines = [
        f"# ghprov audit: {report.organization.login}",
        "",
        f"Generated {report.generated_at} by ghprov {report.tool.version} ({report.mode} audit, profile "
        f"`{report.profile.get('name', '')}`, plan `{report.organization.plan or 'unknown'}`).",
        "",
        "## Summary",
        "",
        "| Status | Findings |",
        "|---|---|",
        *(f"| {status} | {count} |" for status, count in summary.by_status.items()),
        "",
        "| Failed by severity | " + " | ".join(s.value for s in ORDER) + " |",
        "|---|" + "---|" * len(ORDER),
        "| | " + " | ".join(str(summary.failed_by_severity.get(s.value, 0)) for s in ORDER) + " |",
        "",
        "### By check",
        "",
        *_summary(report),
        "",
        "## Failed",
        "",
    ]
    if failed:
        lines += [
            "| Severity | Check | Resource | Expected | Actual | Detail | Evidence |",
            "|---|---|---|---|---|---|---|",
        ]
        for found in failed:
            evidence = "<br>".join(_escape(f"{e.location} {e.pointer}".strip()) for e in found.evidence[:3])
            detail = found.message or (found.status.value if found.status is Status.ERROR else "")
            lines.append(
                f"| {found.severity.value} | {found.check_id} | {_resource(found)} "
                f"| {_short(found.expected)} | {_short(found.actual)} | {_escape(detail)} | {evidence} |"
            )
    else:
        lines.append("Nothing failed.")
    excepted = [f for f in report.findings if f.exception is not None]
    lines += ["", "## Exceptions", ""]
    if excepted:
        lines += ["| Check | Resource | Status | Justification | Expires |", "|---|---|---|---|---|"]
        for found in excepted:
            assert found.exception is not None
            lines.append(
                f"| {found.check_id} | {_resource(found)} | {found.status.value} "
                f"| {_escape(found.exception.justification)} | {found.exception.expires_at} |"
            )
    else:
        lines.append("No exceptions applied.")
    skipped = [f for f in report.findings if f.status is Status.SKIPPED]
    lines += ["", "## Skipped", ""]
    if skipped:
        lines += ["| Check | Resource | Reason |", "|---|---|---|"]
        lines += [f"| {f.check_id} | {_resource(f)} | {_escape(f.skip_reason)} |" for f in skipped]
    else:
        lines.append("Nothing skipped.")
    return "\n".join(lines) + "\n"
