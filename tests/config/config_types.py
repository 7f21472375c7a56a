"""Types of the config tests' fixtures (importable, unlike conftest)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

WriteConfig = Callable[[str, str], Path]
Problems = Callable[[], list[str]]
