"""``ghprov tokens check``: are all clusters on the same credential, and does GitHub still accept it.

Exit codes for schedulers (Nagios style): 0 ok, 1 warning, 2 critical, 3 unknown.
"""

from __future__ import annotations

import json
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

tokens_app = typer.Typer(
    help="Inspect the Flux credentials (PATs, deploy keys, App keys) on the clusters.", no_args_is_help=True
)


@tokens_app.command("check")
@handle_errors
def check_command(
    config: RotationConfigOption = ROTATION_FILE,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    api_url: ApiUrlOption = None,
    verbose: VerboseOption = False,
) -> None:
    """Per tenant: the same credential (fingerprint) on every cluster, and does GitHub accept it?

    PAT: days to expiry (warn/error thresholds). Deploy key: on the repository, access as declared,
    age against rotate_after. GitHub App: the key mints a token, the installation reaches what is declared.
    """
    from ghprov.services.rotating import check_tokens

    configure_logging(verbose)
    result = check_tokens(config, load_settings(api_url=api_url))
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
    else:
        for tenant in result.tenants:
            days = "no expiry" if tenant.days_left is None else f"{tenant.days_left:.1f} days left"
            if not any(tenant.clusters.values()):
                days = "expiry unknown"  # nothing was read, so nothing was checked at GitHub
            typer.echo(f"{tenant.level.name:8} {tenant.tenant}: {tenant.agreement()}, {days}")
            for cluster, label in tenant.clusters.items():
                typer.echo(f"         {cluster}: {label or '-'}")
            for message in tenant.messages:
                typer.echo(f"         ! {message}")
        for row in result.org_tokens or []:
            typer.echo(
                f"{row['level'].upper():8} PAT {row['token_name']} of {row['owner']}: "
                f"expires {row['expires_at'] or 'never'}"
            )
    raise typer.Exit(result.level.exit_code)


def register(app: typer.Typer) -> None:
    app.add_typer(tokens_app, name="tokens")
