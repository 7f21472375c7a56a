"""How the CLI talks to people: logging set-up and turning errors into messages and exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import typer

from ghprov.errors import ConfigError, GhprovError

if TYPE_CHECKING:
    from structlog.typing import Processor

P = ParamSpec("P")
R = TypeVar("R")


class _CurrentStderr:
    """Writes to whatever ``sys.stderr`` is now, so a replaced or closed stream is never kept."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(verbose: bool = False) -> None:
    """Structured logs on stderr: readable on a terminal, JSON lines otherwise."""
    # Imported here, not at the top: only commands that run log; ``--help`` and ``version`` do not.
    import logging

    import structlog

    level = logging.DEBUG if verbose else logging.WARNING
    renderer: Processor = (
        structlog.dev.ConsoleRenderer(colors=True)
        if sys.stderr.isatty()
        else structlog.processors.JSONRenderer(sort_keys=True)
    )
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=_CurrentStderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )


def print_error(error: GhprovError) -> None:
    """One error, as a person should read it: what happened, then what to do."""
    if isinstance(error, ConfigError):
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"error: {error.message}", err=True)
        return
    typer.echo(f"error: {error.message}", err=True)
    if error.hint:
        typer.echo(f"hint: {error.hint}", err=True)


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so that no traceback reaches the user and exit codes are consistent."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except GhprovError as error:
            print_error(error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(130) from None
        except Exception as error:
            typer.echo(f"error: unexpected {type(error).__name__}: {error}", err=True)
            typer.echo("hint: run again with --verbose and report this as a bug", err=True)
            raise typer.Exit(1) from None

    return wrapper
