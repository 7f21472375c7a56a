"""``ghprov import``: write the configuration of an existing organisation. Exit 0 written, 1 error."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ghprov.cli.options import ApiUrlOption, SandboxOption, VerboseOption, load_settings
from ghprov.cli.reporting import configure_logging, handle_errors

# Kept in step with ``importer.options.KINDS`` by a test (the importer is not imported to build --help).
ONLY_HELP = (
    "Sections to import (comma-separated or repeated): settings (with the organisation's Actions "
    "policy, runner groups, code security configurations, webhooks, secrets, variables and App "
    "installations), members, custom_roles, custom_properties, teams, repositories, rulesets. "
    "Default: all."
)


@handle_errors
def import_command(
    org: Annotated[str, typer.Option("--org", help="The organisation to import.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the configuration to.")],
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help=ONLY_HELP),
    ] = None,
    repos: Annotated[
        list[str] | None,
        typer.Option("--repos", help="Import only repositories whose name matches this glob (repeatable)."),
    ] = None,
    bot: Annotated[
        list[str] | None,
        typer.Option("--bot", help="Declare this member under bots rather than members (repeatable)."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace generated files in a directory that has YAML already."),
    ] = False,
    sandbox: SandboxOption = False,
    api_url: ApiUrlOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Read an organisation (read-only) and write a configuration that describes it."""
    from ghprov.importer import ImportOptions, parse_kinds, split_list
    from ghprov.services.importing import import_configuration

    configure_logging(verbose)
    options = ImportOptions(kinds=parse_kinds(only), repositories=split_list(repos), bots=split_list(bot))
    settings = load_settings(api_url=api_url)
    outcome = import_configuration(settings, org, out, options, force=force, sandbox=sandbox)
    for warning in outcome.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for problem in outcome.config_warnings:
        typer.echo(f"{problem.file}:{problem.line}:{problem.column}: warning: {problem.message}", err=True)
    for path in outcome.other_files:
        typer.echo(f"warning: {path} was already there and is merged with the imported files", err=True)
    organization = outcome.config.organization
    counts = ", ".join(
        _count(number, noun)
        for number, noun in (
            (len(organization.teams), "team"),
            (len(organization.repositories), "repository"),
            (len(outcome.warnings), "warning"),
        )
    )
    typer.echo(f"imported {organization.organization}: {counts} → {out} ({', '.join(outcome.files)})")


def _count(number: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{number} {noun if number == 1 else plural}"


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
