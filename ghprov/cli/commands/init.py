"""``ghprov init d1``: generate the D1 reference configuration. Exit 0 written, 1 error."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ghprov.cli.reporting import handle_errors

init_app = typer.Typer(help="Generate a starting configuration.", no_args_is_help=True)

ListOption = list[str] | None


@init_app.command("d1")
@handle_errors
def d1_command(
    org: Annotated[str, typer.Option("--org", help="The organisation's login.")],
    bot: Annotated[str, typer.Option("--bot", help="The Flux bot account's login.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the configuration to.")],
    tenant: Annotated[
        ListOption, typer.Option("--tenant", help="Tenant names, comma-separated or repeated (e.g. apps).")
    ] = None,
    cluster: Annotated[
        ListOption, typer.Option("--cluster", help="Cluster (kube context) names; the first is the canary.")
    ] = None,
    owner: Annotated[ListOption, typer.Option("--owner", help="Organisation owners (logins).")] = None,
    maintainer: Annotated[
        ListOption, typer.Option("--maintainer", help="TEAM=LOGIN[,LOGIN]: TEAM is 'platform' or a tenant.")
    ] = None,
    member: Annotated[
        ListOption, typer.Option("--member", help="TEAM=LOGIN[,LOGIN]: TEAM is 'platform' or a tenant.")
    ] = None,
    namespaces: Annotated[
        ListOption,
        typer.Option("--namespaces", help="TENANT=NS[,NS]: namespaces of the tenant's GitRepositories."),
    ] = None,
    signed_automation: Annotated[
        bool,
        typer.Option(
            "--signed-automation",
            help="Flux image automation signs its commits: require signatures everywhere.",
        ),
    ] = False,
    auth: Annotated[
        str,
        typer.Option(
            "--auth",
            help="How Flux authenticates to GitHub: pat (a person mints PATs), deploy-key or github-app.",
        ),
    ] = "pat",
    app: Annotated[
        ListOption,
        typer.Option(
            "--app", help="--auth github-app: TEAM=SLUG/APP_ID/INSTALLATION_ID for platform and each tenant."
        ),
    ] = None,
    receiver_url: Annotated[
        ListOption,
        typer.Option(
            "--receiver-url",
            help="[TEAM=]URL of a Flux Receiver (.status.webhookPath on the cluster's public host), "
            "repeated per cluster and namespace; TEAM is 'platform' (the default) or a tenant.",
        ),
    ] = None,
    receiver_secret: Annotated[
        ListOption,
        typer.Option(
            "--receiver-secret",
            help="[TEAM=]REF: reference (env:NAME, file:PATH) of the Receivers' token "
            "(default env:FLUX_RECEIVER_TOKEN, env:FLUX_RECEIVER_TOKEN_<TENANT>).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace generated files in a directory that has YAML already.")
    ] = False,
) -> None:
    """Generate the Flux D1 layout: repositories, teams, protections, the bot and the rotation file."""
    from ghprov.importer import split_list
    from ghprov.scaffold import D1Options, parse_assignments
    from ghprov.scaffold.options import PLATFORM, parse_apps
    from ghprov.scaffold.receivers import split_keyed
    from ghprov.services.scaffolding import scaffold_d1

    options = D1Options(
        organization=org,
        bot=bot,
        tenants=split_list(tenant),
        clusters=split_list(cluster),
        owners=split_list(owner),
        maintainers=parse_assignments(maintainer, "--maintainer"),
        members=parse_assignments(member, "--member"),
        namespaces=parse_assignments(namespaces, "--namespaces"),
        signed_automation=signed_automation,
        auth=auth.replace("-", "_"),
        apps=parse_apps(app),
        receivers=split_keyed(receiver_url, PLATFORM),
        receiver_secrets=split_keyed(receiver_secret, PLATFORM),
    )
    outcome = scaffold_d1(options, out, force=force)
    for warning in outcome.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for path in outcome.other_files:
        typer.echo(f"warning: {path} was already there and is merged with the generated files", err=True)
    typer.echo(f"generated the D1 layout of {org} in {out}: {', '.join(outcome.files)}")
    typer.echo(f"next: ghprov validate --config {out} && ghprov plan --config {out}")


def register(app: typer.Typer) -> None:
    app.add_typer(init_app, name="init")
