"""``ghprov plan``: show what apply would change. Exit 0 no changes, 2 changes, 1 error."""

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
    raise typer.Exit(2 if result.plan.has_changes else 0)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_command)
