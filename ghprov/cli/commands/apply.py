"""``ghprov apply``: make the plan's changes, safely. Exit 0 all done, 1 refused or anything failed.

Several organisations (``--config`` repeated, or a directory of config directories) are applied one
after another, and the first that is refused or fails stops the run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ghprov.cli.commands.plan import ConfigsOption, OutputFormat, RotateSecretsOption, emit_plan
from ghprov.cli.options import ApiUrlOption, SandboxOption, VerboseOption, load_settings
from ghprov.cli.reporting import configure_logging, handle_errors

if TYPE_CHECKING:
    from ghprov.plan import Plan, SafetyOptions
    from ghprov.settings import Settings


def _confirmer(assume_yes: bool, *, plan_to_stderr: bool) -> Callable[[Plan], bool]:
    def confirm(plan: Plan) -> bool:
        from ghprov.plan import print_plan

        # With --json, stdout carries only the report, so the plan goes to stderr.
        print_plan(plan, sys.stderr) if plan_to_stderr else emit_plan(plan, OutputFormat.TEXT)
        if assume_yes:
            return True
        if not sys.stdin.isatty():
            typer.echo("error: not a terminal, so nobody can confirm; pass --yes to apply", err=True)
            raise typer.Exit(1)
        return typer.confirm("Apply these changes?", default=False)

    return confirm


@handle_errors
def apply_command(
    plan_file: Annotated[
        Path | None,
        typer.Argument(help="A plan saved with `ghprov plan --out`; applied only if still current."),
    ] = None,
    config: ConfigsOption = None,
    sandbox: SandboxOption = False,
    api_url: ApiUrlOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (CI).")] = False,
    allow_delete: Annotated[
        bool, typer.Option("--allow-delete", help="Allow removals, for kinds the config's prune enables.")
    ] = False,
    max_removal_ratio: Annotated[
        float,
        typer.Option("--max-removal-ratio", min=0.0, max=1.0, help="Refuse to remove more than this share."),
    ] = 0.25,
    force: Annotated[bool, typer.Option("--force", help="Override the removal circuit breaker.")] = False,
    allow_public: Annotated[
        bool, typer.Option("--allow-public", help="Allow making repositories public.")
    ] = False,
    allow_archive: Annotated[
        bool, typer.Option("--allow-archive", help="Allow archiving and unarchiving repositories.")
    ] = False,
    write_interval: Annotated[
        float | None,
        typer.Option("--write-interval", min=0.0, help="Seconds between writes (default 1)."),
    ] = None,
    verify: Annotated[bool, typer.Option("--verify/--no-verify", help="Re-plan after applying.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the apply report as JSON.")] = False,
    rotate_secrets: RotateSecretsOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Apply the config (or a saved plan) to the organisation; several organisations one after another."""
    from ghprov.errors import GhprovError
    from ghprov.plan import SafetyOptions
    from ghprov.services.organizations import organization_configs

    configure_logging(verbose)
    settings = load_settings(api_url=api_url, write_interval_seconds=write_interval)
    safety = SafetyOptions(
        allow_delete=allow_delete,
        max_removal_ratio=max_removal_ratio,
        force=force,
        allow_public=allow_public,
        allow_archive=allow_archive,
    )
    options = _Options(yes, verify, sandbox, as_json, rotate_secrets)
    configs = organization_configs(config or [Path("config")])
    if len(configs) == 1:
        raise typer.Exit(_apply_one(configs[0], settings, safety, plan_file, options))
    if plan_file is not None:
        raise GhprovError(
            "a saved plan belongs to one organisation, but --config names several",
            "apply each organisation's saved plan with its own --config",
        )
    # One organisation after another, each through every rail; the first that does not finish cleanly
    # stops the run, so a problem is looked at before more organisations are written to.
    for index, path in enumerate(configs):
        typer.echo(f"\n=== {path} ({index + 1} of {len(configs)}) ===", err=as_json)
        try:
            code = _apply_one(path, settings, safety, None, options)
        except GhprovError as error:
            from ghprov.cli.reporting import print_error

            print_error(error)
            code = error.exit_code
        if code != 0:
            rest = ", ".join(str(p) for p in configs[index + 1 :])
            if rest:
                typer.echo(f"stopped: not attempted: {rest}", err=True)
            raise typer.Exit(code)
    raise typer.Exit(0)


@dataclass(frozen=True)
class _Options:
    """The command's switches every organisation is applied with."""

    yes: bool
    verify: bool
    sandbox: bool
    as_json: bool
    rotate_secrets: bool


def _apply_one(
    config: Path, settings: Settings, safety: SafetyOptions, plan_file: Path | None, options: _Options
) -> int:
    """Apply one organisation's config (or saved plan); the exit code."""
    from rich.console import Console

    from ghprov.apply import render_json, render_text
    from ghprov.services.applying import apply_configuration

    outcome = apply_configuration(
        config,
        settings,
        safety,
        confirm=_confirmer(options.yes, plan_to_stderr=options.as_json),
        saved_plan=plan_file,
        verify=options.verify,
        sandbox=options.sandbox,
        rotate_secrets=options.rotate_secrets,
    )
    if outcome.report is None:
        typer.echo("nothing applied: " + ("declined" if outcome.declined else "no changes"), err=True)
        return 0
    if options.as_json:
        typer.echo(render_json(outcome.report))
    else:
        render_text(outcome.report, Console(file=sys.stdout))
    if outcome.remaining is not None and outcome.remaining.has_changes:
        typer.echo(
            f"warning: a fresh plan still finds {len(outcome.remaining.changes)} change(s) after apply",
            err=True,
        )
        return 1
    return 0 if outcome.report.ok else 1


def register(app: typer.Typer) -> None:
    app.command("apply")(apply_command)
