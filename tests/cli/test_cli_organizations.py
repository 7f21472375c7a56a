"""Many organisations in one run: plan them together (one section each, one summary), apply in turn."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ghprov.cli.commands import register_all
from ghprov.cli.main import app
from ghprov.services.organizations import organization_configs

CONFIG = Path(__file__).resolve().parents[2] / "config"


def _organization(root: Path, name: str) -> Path:
    """A copy of the shipped D1 config for organisation ``name`` under ``root/name``."""
    directory = root / name
    directory.mkdir(parents=True)
    for source in CONFIG.glob("*.yaml"):
        text = source.read_text().replace("organization: acme-fleet", f"organization: {name}")
        (directory / source.name).write_text(text)
    return directory


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for variable in ("GHPROV_TOKEN", "GITHUB_TOKEN", "GHPROV_API_URL", "GHPROV_CONFIG"):
        monkeypatch.delenv(variable, raising=False)
    register_all(app)
    return CliRunner()


def test_a_directory_of_config_directories_is_one_organisation_each(tmp_path: Path) -> None:
    first, second = _organization(tmp_path, "fleet-a"), _organization(tmp_path, "fleet-b")
    shutil.copytree(
        CONFIG / "rotation", first / "rotation"
    )  # subdirectories of a config are not organisations
    assert organization_configs([tmp_path]) == [first, second]
    assert organization_configs([first, tmp_path]) == [first, second]
    assert organization_configs([CONFIG]) == [CONFIG]


def test_plan_prints_a_section_per_organisation_and_one_summary(tmp_path: Path, invoke: CliRunner) -> None:
    _organization(tmp_path, "fleet-a")
    _organization(tmp_path, "fleet-b")
    result = invoke.invoke(
        app, ["plan", "--config", str(tmp_path), "--sandbox", "--out", str(tmp_path / "plans")]
    )
    assert result.exit_code == 2, result.output
    assert "=== organisation fleet-a" in result.stdout and "=== organisation fleet-b" in result.stdout
    assert "=== 2 organisations ===" in result.stdout
    assert sorted(path.name for path in (tmp_path / "plans").iterdir()) == ["fleet-a.json", "fleet-b.json"]


def test_one_broken_organisation_fails_the_run_but_not_the_others_plans(
    tmp_path: Path, invoke: CliRunner
) -> None:
    _organization(tmp_path, "fleet-a")
    broken = _organization(tmp_path, "fleet-b")
    (broken / "org.yaml").write_text((broken / "org.yaml").read_text() + "\nnot_a_key: true\n")
    result = invoke.invoke(app, ["plan", "--config", str(tmp_path), "--sandbox", "--json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [entry.get("plan", {}).get("organization") for entry in document["organizations"]] == [
        "fleet-a",
        None,
    ]
    assert "not_a_key" in result.stderr and "org.yaml:" in result.stderr


def test_access_gains_in_any_organisation_decide_the_exit_code(tmp_path: Path, invoke: CliRunner) -> None:
    _organization(tmp_path, "fleet-a")
    _organization(tmp_path, "fleet-b")
    arguments = ["plan", "--config", str(tmp_path), "--sandbox", "--fail-on-access-gain", "d1-infra"]
    result = invoke.invoke(app, arguments)
    assert result.exit_code == 3
    assert "access gained on protected repositories in fleet-a" in result.stderr
    assert "gains write on d1-infra" in result.stderr


def test_apply_goes_through_organisations_in_turn(tmp_path: Path, invoke: CliRunner) -> None:
    _organization(tmp_path, "fleet-a")
    _organization(tmp_path, "fleet-b")
    result = invoke.invoke(
        app, ["apply", "--config", str(tmp_path), "--sandbox", "--yes", "--write-interval", "0"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.index("fleet-a") < result.stdout.index("fleet-b")
    saved = invoke.invoke(app, ["apply", str(tmp_path / "x.json"), "--config", str(tmp_path), "--sandbox"])
    assert saved.exit_code == 1 and "belongs to one organisation" in saved.stderr
