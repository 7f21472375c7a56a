"""Options shared by several commands, and building ``Settings`` from environment plus flags."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from ghprov.errors import GhprovError
from ghprov.settings import Settings

ConfigOption = Annotated[
    Path,
    typer.Option("--config", "-c", envvar="GHPROV_CONFIG", help="Config directory (or one YAML file)."),
]
SandboxOption = Annotated[
    bool,
    typer.Option(
        "--sandbox",
        help="Run against an embedded GitHub emulator seeded with a D1-like organisation (no token needed).",
    ),
]
ApiUrlOption = Annotated[
    str | None,
    typer.Option(
        "--api-url",
        help="GitHub API base URL (GitHub Enterprise Server, or a sandbox). [env: GHPROV_API_URL]",
    ),
]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Log every request (never tokens).")]


def load_settings(**overrides: Any) -> Settings:
    """Settings from ``GHPROV_*`` variables, with command-line flags (non-None overrides) on top."""
    try:
        settings = Settings()
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise GhprovError(f"invalid GHPROV_* settings: {details}", hint="check your environment") from None
    updates = {name: value for name, value in overrides.items() if value is not None}
    return settings.model_copy(update=updates) if updates else settings
