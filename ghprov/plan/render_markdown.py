"""Markdown plan output for a pull-request comment: summary table, then a collapsible section per kind."""

from __future__ import annotations

from ghprov.plan.changes import Change, Kind, Plan
from ghprov.plan.kinds.registry import KINDS
from ghprov.plan.presentation import change_title, field_line, summary_line


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _summary_table(plan: Plan) -> list[str]:
    lines = ["| Kind | Add | Change | Remove |", "| --- | ---: | ---: | ---: |"]
    for kind in (spec.kind for spec in KINDS):
        counts = {"add": 0, "change": 0, "remove": 0}
        for change in plan.changes:
            if change.kind is kind:
                counts[change.action.verb] += 1
        if any(counts.values()):
            lines.append(f"| {kind.value} | {counts['add']} | {counts['change']} | {counts['remove']} |")
    totals = plan.summary()
    lines.append(f"| **total** | **{totals['add']}** | **{totals['change']}** | **{totals['remove']}** |")
    return lines


def _section(kind: Kind, changes: list[Change]) -> list[str]:
    label = f"{kind.value} ({len(changes)} change{'s' if len(changes) != 1 else ''})"
    lines = ["<details>", f"<summary>{label}</summary>", "", "```diff"]
    for change in changes:
        lines.append(f"{change_title(change)}  # {change.address}")
        lines += [f"    {field_line(change, field)}" for field in change.fields]
    return [*lines, "```", "", "</details>", ""]


def render_markdown(plan: Plan) -> str:
    """The plan as GitHub-flavoured Markdown."""
    lines = [f"### ghprov plan for `{plan.organization}`", "", f"**{summary_line(plan)}**", ""]
    if plan.changes:
        lines += [*_summary_table(plan), ""]
        loosening = [change.address for change in plan.changes if change.loosens]
        if loosening:
            lines += [f"> **Loosens protection:** {', '.join(f'`{a}`' for a in loosening)}", ""]
        for kind in (spec.kind for spec in KINDS):
            changes = [change for change in plan.changes if change.kind is kind]
            if changes:
                lines += _section(kind, changes)
    else:
        lines += ["No changes: the organisation matches the configuration.", ""]
    if plan.access:
        lines += ["#### Access after this plan", ""]
        lines += [f"- {'**gains**' if c.gain else 'loses'}: {_cell(c.describe())}" for c in plan.access]
        lines.append("")
    if plan.findings:
        lines += [
            "#### Findings (not changed by ghprov)",
            "",
            "| Severity | Resource | Finding |",
            "| --- | --- | --- |",
        ]
        lines += [f"| {f.severity} | `{f.address}` | {_cell(f.message)} |" for f in plan.findings]
        lines.append("")
    lines.append(f"<sub>Computed from live state `{plan.live_checksum}`.</sub>")
    return "\n".join(lines) + "\n"
