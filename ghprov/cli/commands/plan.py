"""``ghprov plan``: show what apply would change.

Exit 0 no changes, 2 changes, 1 error, 3 changes that give write access (or a bypass) on a repository
matching ``--fail-on-access-gain``.
"""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ghprov.cli.options import ApiUrlOption, ConfigOption, SandboxOption, VerboseOption, load_settings
from ghprov.cli.reporting import configure_logging, handle_errors

if TYPE_CHECKING:
    from ghprov.plan import Plan


class OutputFormat(enum.Enum):
    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"


def emit_plan(plan: Plan, output: OutputFormat) -> None:
    """Write the plan to stdout in the chosen format."""
    from ghprov.plan import print_plan, render_json, render_markdown

    if output is OutputFormat.JSON:
        typer.echo(render_json(plan))
    elif output is OutputFormat.MARKDOWN:
        typer.echo(render_markdown(plan))
    else:
        print_plan(plan, sys.stdout)


@handle_errors
def plan_command(
    config: ConfigOption = Path("config"),
    sandbox: SandboxOption = False,
    api_url: ApiUrlOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TEXT,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also save the plan (for `ghprov apply PLANFILE`).")
    ] = None,
    fail_on_access_gain: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on-access-gain",
            metavar="PATTERN",
            help="Exit 3 when the plan gives anyone write access or a bypass on a repository matching "
            "this glob (repeatable), e.g. 'd1-*', so a pipeline can ask for extra review.",
        ),
    ] = None,
    verbose: VerboseOption = False,
) -> None:
    """Diff the config against the live organisation; change nothing."""
    from ghprov.plan import save_plan
    from ghprov.services.planning import make_plan

    configure_logging(verbose)
    result = make_plan(config, load_settings(api_url=api_url), sandbox=sandbox)
    emit_plan(result.plan, OutputFormat.JSON if as_json else output)
    if out is not None:
        save_plan(result.plan, out)
        typer.echo(f"plan saved to {out}", err=True)
    flagged = _access_gains(result.plan, fail_on_access_gain or [])
    if flagged:
        typer.echo(f"access gained on protected repositories ({len(flagged)}):", err=True)
        for line in flagged:
            typer.echo(f"  {line}", err=True)
        raise typer.Exit(ACCESS_GAIN_EXIT)
    raise typer.Exit(2 if result.plan.has_changes else 0)


ACCESS_GAIN_EXIT = 3


def _access_gains(plan: Plan, patterns: list[str]) -> list[str]:
    from ghprov.plan.access_diff import gains_on

    found = {change.describe(): None for pattern in patterns for change in gains_on(plan.access, pattern)}
    return list(found)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_command)
