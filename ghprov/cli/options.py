"""Options shared by several commands, and building ``Settings`` from environment plus flags.

This module is imported to build ``ghprov --help``: it must stay cheap (typer and the standard
library only). Settings (pydantic) are imported when a command actually runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ghprov.errors import GhprovError

if TYPE_CHECKING:
    from ghprov.settings import Settings

# The rotation file's conventional place. Kept here rather than imported from ghprov.rotation so that
# building the command tree does not import the rotation (and Kubernetes) code; a test keeps the two
# equal.
ROTATION_FILE = Path("config/rotation/rotation.yaml")

ConfigOption = Annotated[
    Path,
    typer.Option("--config", "-c", envvar="GHPROV_CONFIG", help="Config directory (or one YAML file)."),
]
RotationConfigOption = Annotated[
    Path, typer.Option("--config", "-c", envvar="GHPROV_ROTATION_CONFIG", help="The rotation file.")
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
    from pydantic import ValidationError

    from ghprov.settings import Settings

    try:
        settings = Settings()
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors())
        raise GhprovError(f"invalid GHPROV_* settings: {details}", hint="check your environment") from None
    updates = {name: value for name, value in overrides.items() if value is not None}
    return settings.model_copy(update=updates) if updates else settings
