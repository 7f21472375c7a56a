"""``ghprov plan``: show what apply would change, for one organisation or several.

Exit 0 no changes, 2 changes, 1 error, 3 changes that give write access (or a bypass) on a repository
matching ``--fail-on-access-gain``. With several organisations the most serious outcome decides.
"""

from __future__ import annotations

import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ghprov.cli.options import ApiUrlOption, SandboxOption, VerboseOption, load_settings
from ghprov.cli.reporting import configure_logging, handle_errors

if TYPE_CHECKING:
    from ghprov.plan import Plan
    from ghprov.settings import Settings


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


ConfigsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--config",
        "-c",
        envvar="GHPROV_CONFIG",
        help="Config directory (or one YAML file). Repeat it, or name a directory of config directories, "
        "to plan several organisations in one run.",
    ),
]

RotateSecretsOption = Annotated[
    bool,
    typer.Option(
        "--rotate-secrets",
        help="Send every declared secret's value again (GitHub never shows a value, so a changed "
        "value cannot be seen otherwise).",
    ),
]


@handle_errors
def plan_command(
    config: ConfigsOption = None,
    sandbox: SandboxOption = False,
    api_url: ApiUrlOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.TEXT,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json.")] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Also save the plan (for `ghprov apply PLANFILE`); with several organisations, a directory "
            "that gets one <organisation>.json each.",
        ),
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
    rotate_secrets: RotateSecretsOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Diff the config against the live organisation; change nothing."""
    from ghprov.services.organizations import organization_configs

    configure_logging(verbose)
    settings = load_settings(api_url=api_url)
    configs = organization_configs(config or [Path("config")])
    output = OutputFormat.JSON if as_json else output
    if len(configs) > 1 and rotate_secrets:
        from ghprov.errors import GhprovError

        raise GhprovError("--rotate-secrets plans one organisation", "pass one --config at a time")
    if len(configs) > 1:
        raise typer.Exit(_plan_many(configs, settings, sandbox, output, out, fail_on_access_gain or []))
    from ghprov.plan import save_plan
    from ghprov.services.planning import make_plan

    result = make_plan(configs[0], settings, sandbox=sandbox, rotate_secrets=rotate_secrets)
    emit_plan(result.plan, output)
    if out is not None:
        save_plan(result.plan, out)
        typer.echo(f"plan saved to {out}", err=True)
    flagged = _access_gains(result.plan, fail_on_access_gain or [])
    _report_gains(flagged)
    raise typer.Exit(ACCESS_GAIN_EXIT if flagged else 2 if result.plan.has_changes else 0)


def _report_gains(flagged: list[str], organization: str = "") -> None:
    if not flagged:
        return
    where = f" in {organization}" if organization else ""
    typer.echo(f"access gained on protected repositories{where} ({len(flagged)}):", err=True)
    for line in flagged:
        typer.echo(f"  {line}", err=True)


def _plan_many(
    configs: list[Path],
    settings: Settings,
    sandbox: bool,
    output: OutputFormat,
    out: Path | None,
    patterns: list[str],
) -> int:
    """Plan every organisation, print one section each and a summary; the run's exit code."""
    from ghprov.cli.reporting import print_error
    from ghprov.plan import plan_document, save_plan
    from ghprov.plan.presentation import summary_line
    from ghprov.services.organizations import plan_organizations

    outcomes = plan_organizations(configs, settings, sandbox=sandbox)
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    documents: list[dict[str, object]] = []
    rows: list[tuple[str, str]] = []
    codes: set[int] = set()
    for outcome in outcomes:
        if outcome.error is not None or outcome.result is None:
            if output is not OutputFormat.JSON:
                typer.echo(f"\n=== {outcome.config_path} ===")
            if outcome.error is not None:
                print_error(outcome.error)
            rows.append((str(outcome.config_path), "error"))
            documents.append(
                {"config": str(outcome.config_path), "error": getattr(outcome.error, "message", "")}
            )
            codes.add(1)
            continue
        plan = outcome.result.plan
        if output is OutputFormat.JSON:
            documents.append({"config": str(outcome.config_path), "plan": plan_document(plan)})
        else:
            typer.echo(f"\n=== organisation {plan.organization} ({outcome.config_path}) ===")
            emit_plan(plan, output)
        if out is not None:
            save_plan(plan, out / f"{plan.organization}.json")
        flagged = _access_gains(plan, patterns)
        _report_gains(flagged, plan.organization)
        codes.add(ACCESS_GAIN_EXIT if flagged else 2 if plan.has_changes else 0)
        rows.append((plan.organization, summary_line(plan)))
    if output is OutputFormat.JSON:
        typer.echo(json.dumps({"organizations": documents}, indent=2, ensure_ascii=False))
    else:
        typer.echo(f"\n=== {len(outcomes)} organisations ===")
        for name, line in rows:
            typer.echo(f"  {name}: {line}")
    # The most serious outcome decides: an error, then an access gain, then changes.
    return next((code for code in (1, ACCESS_GAIN_EXIT, 2) if code in codes), 0)


ACCESS_GAIN_EXIT = 3


def _access_gains(plan: Plan, patterns: list[str]) -> list[str]:
    from ghprov.plan.access_diff import gains_on

    found = {change.describe(): None for pattern in patterns for change in gains_on(plan.access, pattern)}
    return list(found)


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_command)
