"""``ghprov rotate TENANT``: put a verified credential into every cluster's Secret, canary first.

Exit codes: 0 every cluster confirmed (or not due), 2 some cluster not confirmed (a dry run: some
cluster cannot be rotated), 3 token rejected (nothing written), 4 another rotation holds the lock,
1 any other error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ghprov.cli.options import (
    ROTATION_FILE,
    ApiUrlOption,
    RotationConfigOption,
    VerboseOption,
    load_settings,
)
from ghprov.cli.reporting import configure_logging, handle_errors


@handle_errors
def rotate_command(
    tenant: Annotated[str, typer.Argument(help="Tenant token to rotate (e.g. apps or flux-apps).")],
    token_from: Annotated[
        str | None,
        typer.Option(
            "--token-from",
            help="auth: pat: the new token from env:VARIABLE, file:PATH or stdin (never the token itself).",
        ),
    ] = None,
    app_key_from: Annotated[
        str | None,
        typer.Option(
            "--app-key-from",
            help="auth: github_app: a new App private key (.pem) from env:VARIABLE, file:PATH or stdin.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="auth: deploy_key: replace the key now, even if not due.")
    ] = False,
    migrate_to: Annotated[
        str | None,
        typer.Option(
            "--migrate-to",
            help="Move a PAT tenant to deploy_key or github_app (the PAT stays until no source uses it).",
        ),
    ] = None,
    config: RotationConfigOption = ROTATION_FILE,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be done; write nothing.")
    ] = False,
    rollback: Annotated[
        bool, typer.Option("--rollback", help="Restore a previous (still valid) token the same way.")
    ] = False,
    if_expiring_within: Annotated[
        str | None,
        typer.Option(
            "--if-expiring-within",
            help="Only rotate when the current token expires within this (e.g. 14d).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the JSON report instead of the table.")
    ] = False,
    report_file: Annotated[
        Path | None, typer.Option("--report", help="Also write the JSON report here.")
    ] = None,
    audit_log: Annotated[
        Path | None,
        typer.Option(
            "--audit-log",
            envvar="GHPROV_AUDIT_LOG",
            help="Append each run's audit record (JSONL) here; default: one JSON line on stderr.",
        ),
    ] = None,
    api_url: ApiUrlOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Put a verified credential in place on every cluster (canary first) and confirm it with Flux.

    The tenant's ``auth`` decides what: a PAT given with --token-from, a deploy key ghprov generates
    and registers (the old one is deleted once every cluster confirmed), or a GitHub App Secret.
    """
    from ghprov.rotation.audit import file_sink, stderr_sink
    from ghprov.rotation.durations import parse_duration
    from ghprov.rotation.report import print_table, write_json
    from ghprov.rotation.tokensource import read_private_key, read_token
    from ghprov.services.rotating import NotDue, RotateRequest, migration_target, rotate

    configure_logging(verbose)
    settings = load_settings(api_url=api_url)
    within = parse_duration(if_expiring_within) if if_expiring_within else None
    request = RotateRequest(
        config,
        tenant,
        read_token(token_from) if token_from else None,
        dry_run,
        rollback,
        within,
        force=force,
        migrate_to=migration_target(migrate_to),
        app_key=read_private_key(app_key_from) if app_key_from else None,
    )
    # Every run leaves one audit record, also one that ends in an error (refused token, lock held).
    outcome = rotate(request, settings, audit=file_sink(audit_log) if audit_log else stderr_sink)
    if isinstance(outcome, NotDue):
        typer.echo(f"not due: {outcome.reason}")
        raise typer.Exit(0)
    data = outcome.as_dict()
    if as_json:
        typer.echo(json.dumps(data, indent=2, sort_keys=True))
    else:
        print_table(outcome, sys.stdout)
    if report_file is not None:
        write_json(data, report_file)
    raise typer.Exit(outcome.exit_code)


def register(app: typer.Typer) -> None:
    app.command("rotate")(rotate_command)
