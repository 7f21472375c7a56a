"""Errors a user meets at the command line: one clear message, a hint, exit code 1, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ghprov.cli.commands import register_all
from ghprov.cli.main import app

CONFIG = Path(__file__).resolve().parents[2] / "config"
Invoke = Callable[..., tuple[int, str]]


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    for name in ("GHPROV_TOKEN", "GITHUB_TOKEN", "GHPROV_API_URL", "GHPROV_APP_ID"):
        monkeypatch.delenv(name, raising=False)
    register_all(app)

    def invoke(*arguments: str, env: dict[str, str] | None = None) -> tuple[int, str]:
        result = CliRunner().invoke(app, list(arguments), env=env)
        assert "Traceback" not in result.output
        return result.exit_code, result.stderr

    return invoke


def test_plan_without_credentials_explains_how_to_give_them(run: Invoke) -> None:
    code, stderr = run("plan", "--config", str(CONFIG))
    assert code == 1
    assert "error: no GitHub credentials" in stderr
    assert "GHPROV_TOKEN" in stderr and "--sandbox" in stderr


def test_unreachable_api_says_so_and_names_the_url(run: Invoke) -> None:
    code, stderr = run(
        "plan",
        "--config",
        str(CONFIG),
        "--api-url",
        "http://127.0.0.1:9",
        env={"GHPROV_TOKEN": "ghp_notarealtoken", "GHPROV_RETRY_BACKOFF_SECONDS": "0"},
    )
    assert code == 1
    assert "no answer from GitHub" in stderr and "http://127.0.0.1:9" in stderr
    assert "ghp_notarealtoken" not in stderr


def test_invalid_settings_in_the_environment_are_named(run: Invoke) -> None:
    code, stderr = run("plan", "--config", str(CONFIG), env={"GHPROV_MAX_READ_CONCURRENCY": "lots"})
    assert code == 1
    assert "invalid GHPROV_* settings" in stderr and "max_read_concurrency" in stderr


def test_a_missing_saved_plan_is_reported(run: Invoke, tmp_path: Path) -> None:
    code, stderr = run("apply", str(tmp_path / "nope.json"), "--config", str(CONFIG), "--sandbox", "--yes")
    assert code == 1
    assert "nope.json" in stderr
