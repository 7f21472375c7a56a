"""``ghprov sandbox serve``: run the local GitHub API emulator until Ctrl-C, keeping state in a JSON file.

Only typer and ghprov.errors are imported at module level: ``ghprov --help`` builds every command, and
the emulator (ghprov_testbeds.sandbox, the config loader) is imported only when ``serve`` runs.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from ghprov.errors import ConfigError, GhprovError

if TYPE_CHECKING:
    from ghprov_testbeds.sandbox.runtime import Sandbox
    from ghprov_testbeds.sandbox.settings import SandboxSettings
    from ghprov_testbeds.sandbox.state import GitHubState

sandbox_app = typer.Typer(help="A local GitHub API emulator for trying ghprov safely.", no_args_is_help=True)
LIMITS = "GitHub's limits"


def register(app: typer.Typer) -> None:
    """Add the ``sandbox`` command group."""
    app.add_typer(sandbox_app, name="sandbox")


@dataclass(frozen=True)
class Limits:
    """The emulated limits, as given on the command line (``SandboxSettings`` field names)."""

    rate_limit: int
    graphql_rate_limit: int
    rate_limit_status: int
    max_concurrent: int
    writes_per_window: int | None
    write_window_s: float
    token_expiry_days: int
    team_visibility_delay_s: float


@sandbox_app.command("serve")
def serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0 = any free port).")] = 8787,
    state_file: Annotated[
        Path | None, typer.Option("--state", help="JSON file: loaded at start if present, saved on exit.")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="Serve this config's organisation: every account and App it names exists, and the owner "
            "token acts as its first owner (as `plan --sandbox` does).",
        ),
    ] = None,
    org: Annotated[
        str | None, typer.Option(help="Organisation login for a new state (default acme; --config names it).")
    ] = None,
    plan: Annotated[str, typer.Option(help="Plan of a new organisation: free, team or enterprise.")] = "team",
    latency_ms: Annotated[int, typer.Option(min=0, help="Delay added to every request.")] = 0,
    faults: Annotated[
        str | None, typer.Option(help="Injected faults, e.g. 5xx=0.1,reset=0.02,seed=7.")
    ] = None,
    seed: Annotated[str, typer.Option(help="Starting content of a new state: d1 or empty.")] = "d1",
    accept_invitations: Annotated[
        bool, typer.Option(help="Accept organisation invitations as soon as they are sent.")
    ] = False,
    rate_limit: Annotated[
        int,
        typer.Option(
            min=1,
            rich_help_panel=LIMITS,
            help="REST requests per hour per token (GitHub: 5000; 15000 for Enterprise Cloud Apps). "
            "A large value lifts the limit.",
        ),
    ] = 5000,
    graphql_rate_limit: Annotated[
        int, typer.Option(min=1, rich_help_panel=LIMITS, help="GraphQL points per hour per token.")
    ] = 5000,
    rate_limit_status: Annotated[
        int,
        typer.Option(rich_help_panel=LIMITS, help="Status when the limit is spent: 403 or 429."),
    ] = 403,
    max_concurrent: Annotated[
        int,
        typer.Option(min=1, rich_help_panel=LIMITS, help="Concurrent requests per token (secondary limit)."),
    ] = 100,
    writes_per_window: Annotated[
        int | None,
        typer.Option(
            min=1,
            rich_help_panel=LIMITS,
            help="Writes per --write-window per token (secondary limit; GitHub: 80 a minute). Off if unset.",
        ),
    ] = None,
    write_window: Annotated[
        float, typer.Option(min=0.001, rich_help_panel=LIMITS, help="Seconds of the write window.")
    ] = 60.0,
    token_expiry_days: Annotated[
        int, typer.Option(min=1, rich_help_panel=LIMITS, help="Lifetime of the printed user tokens.")
    ] = 30,
    team_visibility_delay: Annotated[
        float,
        typer.Option(
            min=0.0, rich_help_panel=LIMITS, help="Seconds a new team stays invisible to reads (replication)."
        ),
    ] = 0.0,
) -> None:
    """Serve the emulator on 127.0.0.1, print its URL and tokens, and save the state on Ctrl-C."""
    limits = Limits(
        rate_limit=rate_limit,
        graphql_rate_limit=graphql_rate_limit,
        rate_limit_status=rate_limit_status,
        max_concurrent=max_concurrent,
        writes_per_window=writes_per_window,
        write_window_s=write_window,
        token_expiry_days=token_expiry_days,
        team_visibility_delay_s=team_visibility_delay,
    )
    try:
        sandbox = _start(
            port, state_file, config, org, plan, latency_ms, faults, seed, accept_invitations, limits
        )
    except GhprovError as error:
        _print_error(error)
        raise typer.Exit(1) from error
    typer.echo(f"GitHub sandbox for org {sandbox.state.organization.login!r} at {sandbox.url}")
    typer.echo(f"  REST:    {sandbox.url}   GraphQL: {sandbox.url}/graphql")
    for name, token in sandbox.tokens.items():
        typer.echo(f"  {name:<7} {sandbox.logins[name]:<20} {token}")
    typer.echo("Press Ctrl-C to stop" + (f"; state is saved to {state_file}" if state_file else "") + ".")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        typer.echo("stopping")
    finally:
        sandbox.stop()
        if state_file is not None:
            state_file.write_text(sandbox.state.dumps(), encoding="utf-8")
            typer.echo(f"state saved to {state_file}")


def _print_error(error: GhprovError) -> None:
    if isinstance(error, ConfigError):
        for problem in error.problems:
            typer.echo(str(problem), err=True)
    typer.echo(f"error: {error.message}", err=True)
    if error.hint:
        typer.echo(f"hint: {error.hint}", err=True)


def _settings(latency_ms: int, faults: str | None, accept: bool, limits: Limits) -> SandboxSettings:
    from ghprov_testbeds.sandbox.settings import FaultSpec, SandboxSettings

    if limits.rate_limit_status not in (403, 429):
        raise GhprovError(
            f"unknown rate-limit status {limits.rate_limit_status}", hint="GitHub answers 403 or 429"
        )
    return SandboxSettings(
        latency_ms=latency_ms,
        faults=FaultSpec.parse(faults),
        auto_accept_invitations=accept,
        rate_limit=limits.rate_limit,
        graphql_rate_limit=limits.graphql_rate_limit,
        rate_limit_status=limits.rate_limit_status,
        max_concurrent=limits.max_concurrent,
        writes_per_window=limits.writes_per_window,
        write_window_s=limits.write_window_s,
        token_expiry_days=limits.token_expiry_days,
        team_visibility_delay_s=limits.team_visibility_delay_s,
    )


def _load_state(state_file: Path | None) -> GitHubState | None:
    from ghprov_testbeds.sandbox.state import GitHubState

    if state_file is None or not state_file.exists():
        return None
    try:
        return GitHubState.loads(state_file.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as exc:
        raise GhprovError(
            f"{state_file} is not a sandbox state file: {exc}", hint="remove it to start afresh"
        ) from exc


def _start(
    port: int,
    state_file: Path | None,
    config: Path | None,
    org: str | None,
    plan: str,
    latency_ms: int,
    faults: str | None,
    seed: str,
    accept_invitations: bool,
    limits: Limits,
) -> Sandbox:
    if plan not in ("free", "team", "enterprise"):
        raise GhprovError(f"unknown plan {plan!r}", hint="use free, team or enterprise")
    if seed not in ("d1", "empty"):
        raise GhprovError(f"unknown seed {seed!r}", hint="use d1 or empty")
    settings = _settings(latency_ms, faults, accept_invitations, limits)
    state = _load_state(state_file)
    chosen_plan: Literal["free", "team", "enterprise"] = plan  # type: ignore[assignment]
    chosen_seed: Literal["d1", "empty"] = seed  # type: ignore[assignment]
    try:
        if config is None:
            from ghprov_testbeds.sandbox.runtime import Sandbox

            return Sandbox.start(
                org or "acme", port=port, state=state, plan=chosen_plan, seed=chosen_seed, settings=settings
            )
        return _start_for_config(config, org, port, state, chosen_plan, chosen_seed, settings)
    except OSError as exc:
        raise GhprovError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror}", hint="choose another --port"
        ) from exc


def _start_for_config(
    config: Path,
    org: str | None,
    port: int,
    state: GitHubState | None,
    plan: Literal["free", "team", "enterprise"],
    seed: Literal["d1", "empty"],
    settings: SandboxSettings,
) -> Sandbox:
    from ghprov.config import load_config
    from ghprov_testbeds.sandbox.for_config import start_for_organization

    organization = load_config(config, secrets_readable=False).organization
    if org is not None and org.lower() != organization.organization.lower():
        raise GhprovError(
            f"--org {org!r} differs from the config's organisation {organization.organization!r}",
            hint="leave out --org: the config names the organisation",
        )
    try:
        return start_for_organization(
            organization, port=port, state=state, plan=plan, seed=seed, settings=settings
        )
    except ValueError as exc:
        raise GhprovError(str(exc), hint="use another --state file for this config") from exc
