"""``ghprov tokens check``: are all clusters on the same token, and how long until it expires.

Exit codes for schedulers (Nagios style): 0 ok, 1 warning, 2 critical, 3 unknown.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ghprov.cli.commands.rotate import RotationConfigOption
from ghprov.cli.options import ApiUrlOption, VerboseOption, load_settings
from ghprov.cli.reporting import configure_logging, handle_errors
from ghprov.rotation.config import DEFAULT_PATH


def register(app: typer.Typer) -> None:
    tokens = typer.Typer(help="Inspect the Flux tokens on the clusters.", no_args_is_help=True)
    app.add_typer(tokens, name="tokens")

    @tokens.command("check")
    @handle_errors
    def check_command(
        config: RotationConfigOption = DEFAULT_PATH,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        api_url: ApiUrlOption = None,
        verbose: VerboseOption = False,
    ) -> None:
        """Per tenant: same token (fingerprint) on every cluster? Days to expiry (warn/error thresholds)."""
        from ghprov.services.rotating import check_tokens

        configure_logging(verbose)
        result = check_tokens(Path(config), load_settings(api_url=api_url))
        if as_json:
            typer.echo(json.dumps(result.as_dict(), indent=2, sort_keys=True))
        else:
            for tenant in result.tenants:
                days = "no expiry" if tenant.days_left is None else f"{tenant.days_left:.1f} days left"
                same = "same token" if tenant.consistent else "DIFFERENT tokens"
                count = len(tenant.clusters)
                typer.echo(f"{tenant.level.name:8} {tenant.tenant}: {same} on {count} clusters, {days}")
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
