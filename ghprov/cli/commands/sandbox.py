"""``ghprov sandbox serve``: run the local GitHub API emulator until Ctrl-C, keeping state in a JSON file."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from ghprov.errors import GhprovError

if TYPE_CHECKING:
    from ghprov.sandbox.runtime import Sandbox

sandbox_app = typer.Typer(help="A local GitHub API emulator for trying ghprov safely.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``sandbox`` command group."""
    app.add_typer(sandbox_app, name="sandbox")


@sandbox_app.command("serve")
def serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (0 = any free port).")] = 8787,
    state_file: Annotated[
        Path | None, typer.Option("--state", help="JSON file: loaded at start if present, saved on exit.")
    ] = None,
    org: Annotated[str, typer.Option(help="Organisation login for a new state.")] = "acme",
    plan: Annotated[str, typer.Option(help="Plan of a new organisation: free, team or enterprise.")] = "team",
    latency_ms: Annotated[int, typer.Option(help="Delay added to every request.")] = 0,
    faults: Annotated[
        str | None, typer.Option(help="Injected faults, e.g. 5xx=0.1,reset=0.02,seed=7.")
    ] = None,
    seed: Annotated[str, typer.Option(help="Starting content of a new state: d1 or empty.")] = "d1",
    accept_invitations: Annotated[
        bool, typer.Option(help="Accept organisation invitations as soon as they are sent.")
    ] = False,
) -> None:
    """Serve the emulator on 127.0.0.1, print its URL and tokens, and save the state on Ctrl-C."""
    try:
        sandbox = _start(port, state_file, org, plan, latency_ms, faults, seed, accept_invitations)
    except GhprovError as error:
        typer.echo(f"error: {error.message}", err=True)
        if error.hint:
            typer.echo(f"hint: {error.hint}", err=True)
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


def _start(
    port: int,
    state_file: Path | None,
    org: str,
    plan: str,
    latency_ms: int,
    faults: str | None,
    seed: str,
    accept_invitations: bool,
) -> Sandbox:
    from ghprov.sandbox.runtime import Sandbox
    from ghprov.sandbox.settings import FaultSpec, SandboxSettings
    from ghprov.sandbox.state import GitHubState

    if plan not in ("free", "team", "enterprise"):
        raise GhprovError(f"unknown plan {plan!r}", hint="use free, team or enterprise")
    if seed not in ("d1", "empty"):
        raise GhprovError(f"unknown seed {seed!r}", hint="use d1 or empty")
    settings = SandboxSettings(
        latency_ms=latency_ms, faults=FaultSpec.parse(faults), auto_accept_invitations=accept_invitations
    )
    state = None
    if state_file is not None and state_file.exists():
        try:
            state = GitHubState.loads(state_file.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError) as exc:
            raise GhprovError(
                f"{state_file} is not a sandbox state file: {exc}", hint="remove it to start afresh"
            ) from exc
    chosen_plan: Literal["free", "team", "enterprise"] = plan  # type: ignore[assignment]
    chosen_seed: Literal["d1", "empty"] = seed  # type: ignore[assignment]
    try:
        return Sandbox.start(
            org, port=port, state=state, plan=chosen_plan, seed=chosen_seed, settings=settings
        )
    except OSError as exc:
        raise GhprovError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror}", hint="choose another --port"
        ) from exc
