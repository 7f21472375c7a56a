"""Human plan output: grouped per resource, ``+ ~ -`` symbols, old → new per field; colour on a TTY."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from ghprov.plan.changes import Action, Plan
from ghprov.plan.presentation import change_title, field_line, grouped, summary_line

ACTION_STYLE = {
    Action.CREATE: "green",
    Action.UPDATE: "yellow",
    Action.RENAME: "yellow",
    Action.DELETE: "red",
}


def render_text(plan: Plan) -> Text:
    """The plan as styled text; ``.plain`` gives it without colour."""
    text = Text()
    if not plan.changes:
        text.append("No changes: the organisation matches the configuration.\n")
    for heading, changes in grouped(plan):
        text.append(f"\n{heading}\n", style="bold")
        for change in changes:
            style = ACTION_STYLE[change.action]
            text.append(f"  {change_title(change)}\n", style=f"{style} bold" if change.loosens else style)
            for field in change.fields:
                text.append(f"      {field_line(change, field)}\n", style=style)
    if plan.access:
        text.append("\nAccess after this plan:\n", style="bold")
        for access in plan.access:
            symbol, style = ("+", "green") if access.gain else ("-", "red")
            text.append(f"  {symbol} {access.describe()}\n", style=style)
    if plan.findings:
        text.append("\nFindings (not changed by ghprov):\n", style="bold")
        for finding in plan.findings:
            text.append(f"  ! {finding.address}: {finding.message}\n", style="cyan")
    text.append(f"\n{summary_line(plan)}\n", style="bold")
    return text


def render_plain(plan: Plan) -> str:
    """The plan as plain text (no colour codes)."""
    return render_text(plan).plain


def print_plan(plan: Plan, stream: TextIO) -> None:
    """Print the plan to ``stream``: coloured when it is a terminal (rich decides), plain otherwise."""
    Console(file=stream, highlight=False, soft_wrap=True).print(render_text(plan), end="")
