"""``ghprov audit export`` and ``ghprov lint``: exit 0 clean, 3 findings at or above --fail-on, 1 error.

With several organisations the worst outcome decides: 1 if any organisation could not be audited (the
others' results are still written), else 3 if any has findings at or above --fail-on, else 0.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ghprov.cli.options import (
    ROTATION_FILE,
    ApiUrlOption,
    SandboxOption,
    VerboseOption,
    load_settings,
)
from ghprov.cli.reporting import configure_logging, handle_errors
from ghprov.errors import GhprovError

if TYPE_CHECKING:
    from ghprov.audit.findings import Severity

FINDINGS_EXIT = 3

FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="Comma-separated outputs: json, csv, md, sarif.")
]
FailOnOption = Annotated[
    str,
    typer.Option(
        "--fail-on",
        help="Exit 3 when a FAILED finding has this severity or higher (critical … info, or none).",
    ),
]
ProfileOption = Annotated[
    Path | None, typer.Option("--profile", help="YAML file overriding the D1 profile's thresholds and roles.")
]
ExceptionsOption = Annotated[
    Path | None,
    typer.Option(
        "--exceptions", help="YAML file of accepted exceptions (check, resource, justification, expires)."
    ),
]


def _threshold(value: str) -> Severity | None:
    from ghprov.audit.findings import Severity

    if value.lower() == "none":
        return None
    try:
        return Severity(value.upper())
    except ValueError:
        raise GhprovError(
            f"unknown severity {value!r} for --fail-on", hint="use critical, high, medium, low, info or none"
        ) from None


def _since(value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise GhprovError(f"--since {value!r} is not a date", hint="use YYYY-MM-DD") from None


def _finish(
    findings_failing: int, threshold: Severity | None, summary: dict[str, int], written: list[Path]
) -> None:
    for path in written:
        typer.echo(f"wrote {path}", err=True)
    counts = ", ".join(f"{count} {status.lower()}" for status, count in summary.items())
    typer.echo(f"checks: {counts}", err=True)
    if threshold is not None and findings_failing:
        typer.echo(f"{findings_failing} finding(s) at or above {threshold.value}", err=True)
        raise typer.Exit(FINDINGS_EXIT)


audit_app = typer.Typer(help="Audit an organisation: who can do what, and departures from D1's guidance.")


ConfigsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--config",
        "-c",
        help="Declaration to compare with (drift checks). Repeat it, or name a directory of config "
        "directories, to audit several organisations in one run.",
    ),
]


@audit_app.command("export")
@handle_errors
def export_command(
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="Directory for the snapshot and the reports; with several organisations, one "
            "sub-directory each plus summary.json and summary.md.",
        ),
    ],
    org: Annotated[
        list[str] | None,
        typer.Option(
            "--org",
            help="Organisation (default: the config's). Repeat it to audit several, with or without configs.",
        ),
    ] = None,
    config: ConfigsOption = None,
    output: FormatOption = "json,csv,md,sarif",
    since: Annotated[
        str | None, typer.Option("--since", help="Export audit-log events since DATE (GHEC).")
    ] = None,
    fail_on: FailOnOption = "high",
    profile: ProfileOption = None,
    exceptions: ExceptionsOption = None,
    deep: Annotated[
        bool,
        typer.Option("--deep", help="Also read each repository's Actions, webhooks, secrets, SECURITY.md."),
    ] = False,
    rotation_config: Annotated[
        Path | None,
        typer.Option(
            "--rotation-config",
            help="Rotation file whose tenant tokens ORG-17 compares with the PAT grants "
            "(default: the config directory's rotation/rotation.yaml with several organisations, else "
            "config/rotation/rotation.yaml when it exists).",
        ),
    ] = None,
    sandbox: SandboxOption = False,
    api_url: ApiUrlOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Snapshot the organisation(s) and report every check (read-only)."""
    from ghprov.audit.findings import failing
    from ghprov.services.auditing import AuditOptions, export_audit, parse_formats
    from ghprov.services.organizations import organization_configs

    configure_logging(verbose)
    threshold = _threshold(fail_on)
    configs = organization_configs(config) if config else []
    organizations = list(dict.fromkeys(org or []))
    default_rotation = ROTATION_FILE if ROTATION_FILE.is_file() else None
    options = AuditOptions(
        out=out,
        formats=parse_formats(output),
        since=_since(since),
        profile_path=profile,
        exceptions_path=exceptions,
        deep=deep,
        rotation_path=rotation_config,
    )
    settings = load_settings(api_url=api_url)
    if len(configs) > 1 or len(organizations) > 1:
        from ghprov.cli.commands.audit_many import export_many

        raise typer.Exit(
            export_many(settings, configs, organizations, options, threshold, sandbox, default_rotation)
        )
    options.config_path = configs[0] if configs else None
    options.rotation_path = rotation_config or default_rotation
    result = export_audit(settings, organizations[0] if organizations else None, options, sandbox=sandbox)
    failed = failing(result.report.findings, threshold) if threshold else []
    _finish(len(failed), threshold, result.report.summary.by_status, result.written)


@audit_app.command("schema")
@handle_errors
def schema_command() -> None:
    """Print the JSON Schema of the snapshot and findings documents."""
    from ghprov.audit.report import SCHEMA_VERSION, Report, Snapshot

    document = {
        "schema_version": SCHEMA_VERSION,
        "snapshot": Snapshot.model_json_schema(),
        "findings": Report.model_json_schema(),
    }
    typer.echo(json.dumps(document, indent=2))


@handle_errors
def lint_command(
    config: Annotated[
        list[Path] | None,
        typer.Option(
            "--config",
            "-c",
            envvar="GHPROV_CONFIG",
            help="Config directory (or one YAML file) [default: config]. Repeat it, or name a directory "
            "of config directories, to lint several organisations in one run.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Also write the reports to this directory (several organisations: one sub-directory "
            "each, plus summary.json and summary.md).",
        ),
    ] = None,
    output: FormatOption = "md",
    fail_on: FailOnOption = "high",
    profile: ProfileOption = None,
    exceptions: ExceptionsOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Run the audit checks on the desired config, before anything is applied."""
    from ghprov.audit.export import render_markdown
    from ghprov.audit.findings import failing
    from ghprov.services.auditing import AuditOptions, lint_config, parse_formats
    from ghprov.services.organizations import organization_configs

    configure_logging(verbose)
    threshold = _threshold(fail_on)
    configs = organization_configs(config or [Path("config")])
    options = AuditOptions(
        out=out, formats=parse_formats(output), profile_path=profile, exceptions_path=exceptions
    )
    if len(configs) > 1:
        from ghprov.cli.commands.audit_many import lint_many

        raise typer.Exit(lint_many(configs, options, threshold))
    result = lint_config(configs[0], options)
    if out is None:
        typer.echo(render_markdown(result.report), nl=False)
    failed = failing(result.report.findings, threshold) if threshold else []
    _finish(len(failed), threshold, result.report.summary.by_status, result.written)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")
    app.command("lint")(lint_command)
