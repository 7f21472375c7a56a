"""``ghprov validate`` (check a configuration offline) and ``ghprov schema`` (print its JSON Schema)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ghprov.errors import ConfigError, GhprovError

if TYPE_CHECKING:
    from ghprov.config import LoadedConfig

T = TypeVar("T")

ConfigOption = Annotated[
    Path,
    typer.Option(
        "--config",
        "-c",
        envvar="GHPROV_CONFIG",
        help="A directory of YAML files (merged) or one YAML file.",
        show_default=True,
    ),
]


# ghprov.config builds the pydantic models on import; these two import it when a command needs it,
# so that ``ghprov --help`` does not pay for it.
def load_config(path: Path) -> LoadedConfig:
    """The configuration at ``path`` (see ``ghprov.config.load_config``)."""
    from ghprov.config import load_config as load

    return load(path)


def config_json_schema() -> dict[str, Any]:
    """The configuration's JSON Schema (see ``ghprov.config.config_json_schema``)."""
    from ghprov.config import config_json_schema as build

    return build()


def register(app: typer.Typer) -> None:
    """Add ``validate`` and ``schema`` to the ghprov command."""
    app.command("validate")(validate)
    app.command("schema")(schema)


def validate(config: ConfigOption = Path("config")) -> None:
    """Check a configuration offline: syntax, types, and every name it refers to."""
    loaded = _run(lambda: load_config(config))
    for warning in loaded.warnings:
        typer.echo(f"{warning.file}:{warning.line}:{warning.column}: warning: {warning.message}", err=True)
    typer.echo(summary(loaded))


def schema() -> None:
    """Print the JSON Schema (2020-12) of the configuration."""
    typer.echo(json.dumps(_run(config_json_schema), indent=2, sort_keys=False))


def summary(loaded: LoadedConfig) -> str:
    """One line: what the configuration declares."""
    org = loaded.organization
    repositories = org.repositories.values()
    protections = sum(len(repository.branch_protection) for repository in repositories)
    repository_rulesets = sum(len(repository.rulesets) for repository in repositories)
    members = org.members
    owners = len(members.owners) if members else 0
    plain_members = len(members.members) if members else 0
    parts = [
        _count(len(org.teams), "team"),
        _count(len(org.repositories), "repository", "repositories"),
        _count(protections, "branch protection"),
        _count(repository_rulesets, "repository ruleset"),
        _count(len(org.rulesets), "organization ruleset"),
        _count(owners, "owner"),
        _count(plain_members, "member"),
        _count(len(org.bots), "bot"),
        _count(len(org.custom_roles), "custom role"),
    ]
    files = _count(len(loaded.source_files), "file")
    return f"config OK: {org.organization}: {', '.join(parts)} ({files})"


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _run(action: Callable[[], T]) -> T:
    # Every failure becomes a message and exit code 1: a user never sees a traceback.
    try:
        return action()
    except ConfigError as error:
        for problem in error.problems:
            typer.echo(str(problem), err=True)
        typer.echo(error.message, err=True)
    except GhprovError as error:
        typer.echo(f"error: {error.message}", err=True)
        if error.hint:
            typer.echo(f"hint: {error.hint}", err=True)
    except Exception as error:  # the last line of defence against a traceback
        typer.echo(f"internal error: {type(error).__name__}: {error}", err=True)
    raise typer.Exit(code=1)
