"""Fixtures for the config tests: a scratch config directory, and the problems a config produces."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from config_types import Problems, WriteConfig

from ghprov.config import load_config
from ghprov.errors import ConfigError


@pytest.fixture
def write_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> WriteConfig:
    """Write a (dedented) YAML file into a scratch directory, which becomes the working directory so that
    problems name files as ``a.yaml``."""
    monkeypatch.chdir(tmp_path)

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture
def problems(write_config: WriteConfig) -> Problems:
    """Load the scratch directory, expecting a ConfigError; its problems as "file:line:col: message"."""

    def load() -> list[str]:
        with pytest.raises(ConfigError) as raised:
            load_config(Path("."))
        found = [str(problem) for problem in raised.value.problems]
        print("\n".join(found))  # a failing comparison then shows every problem
        return found

    return load
