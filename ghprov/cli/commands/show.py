"""``ghprov show PLAN``: render a saved plan without reaching GitHub. Exit 0 no changes, 2 changes, 1 error.

The merge job of a pipeline can print (or post) the reviewed plan it is about to apply, in any of the
plan's formats, from the artifact alone: no token, no config and no network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ghprov.cli.commands.plan import OutputFormat, emit_plan
from ghprov.cli.reporting import handle_errors


@handle_errors
def show_command(
    plan_file: Annotated[Path, typer.Argument(help="A plan saved with `ghprov plan --out`.")],
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TEXT,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
) -> None:
    """Print a saved plan (text, JSON or Markdown) without reaching GitHub."""
    from ghprov.plan import load_plan

    plan = load_plan(plan_file)
    # `plan --json` exists, so a user printing its saved plan reaches for the same switch.
    emit_plan(plan, OutputFormat.JSON if as_json else output)
    raise typer.Exit(2 if plan.has_changes else 0)


def register(app: typer.Typer) -> None:
    app.command("show")(show_command)
