"""The ``ghprov`` command: a thin typer app; each command lives in its own module."""

from __future__ import annotations

import sys

import typer

from ghprov import __version__

app = typer.Typer(
    name="ghprov",
    help="Declarative GitHub organisations for the Flux CD D1 reference architecture.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command("version")
def version() -> None:
    """Print ghprov's version."""
    typer.echo(__version__)


def _register_commands() -> None:
    # Each command module adds its commands to ``app``; keep imports here so ``ghprov version`` stays fast.
    from ghprov.cli import commands

    commands.register_all(app)


def run() -> None:
    """Console-script entry point."""
    _register_commands()
    sys.exit(app(standalone_mode=True))
