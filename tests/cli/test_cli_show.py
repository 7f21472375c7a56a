"""``ghprov show``: a saved plan rendered from the file alone, in every format, with plan's exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ghprov.cli.commands import register_all
from ghprov.cli.main import app

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture
def saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("GHPROV_TOKEN", "GITHUB_TOKEN", "GHPROV_API_URL", "GHPROV_APP_ID"):
        monkeypatch.delenv(name, raising=False)
    register_all(app)
    plan_file = tmp_path / "plan.json"
    planned = CliRunner().invoke(app, ["plan", "--config", str(CONFIG), "--sandbox", "--out", str(plan_file)])
    assert planned.exit_code == 2, planned.output
    return plan_file


def test_show_renders_the_saved_plan_in_each_format(saved: Path) -> None:
    text = CliRunner().invoke(app, ["show", str(saved)])
    assert text.exit_code == 2 and "Plan: 30 to add" in text.stdout
    markdown = CliRunner().invoke(app, ["show", str(saved), "--format", "markdown"])
    assert markdown.exit_code == 2 and markdown.stdout.startswith("### ghprov plan for `acme-fleet`")
    document = CliRunner().invoke(app, ["show", str(saved), "--format", "json"])
    assert document.exit_code == 2
    assert json.loads(document.stdout)["changes"] == json.loads(saved.read_text())["changes"]


def test_show_takes_plans_json_switch(saved: Path) -> None:
    document = CliRunner().invoke(app, ["show", str(saved), "--json"])
    assert document.exit_code == 2, document.output
    assert json.loads(document.stdout)["changes"] == json.loads(saved.read_text())["changes"]


def test_show_of_an_empty_plan_exits_0_and_of_a_bad_file_explains(saved: Path, tmp_path: Path) -> None:
    document = json.loads(saved.read_text())
    document["changes"], document["access_changes"] = [], []
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(document))
    assert CliRunner().invoke(app, ["show", str(empty)]).exit_code == 0

    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = CliRunner().invoke(app, ["show", str(broken)])
    assert result.exit_code == 1 and "is not JSON" in result.stderr and "Traceback" not in result.output
