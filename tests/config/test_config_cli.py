"""``ghprov validate`` and ``ghprov schema``: output, exit codes, and the schema's fidelity."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import typer
from config_types import WriteConfig
from typer.testing import CliRunner

from ghprov.cli.commands import validate as validate_command
from ghprov.config import config_files, config_json_schema
from ghprov.config.merge import merge_files
from ghprov.config.yaml_reader import read_yaml_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer(pretty_exceptions_enable=False)
    validate_command.register(application)
    return application


def test_validate_the_shipped_example(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["validate", "--config", str(ROOT / "config")])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "config OK: acme-fleet: 3 teams, 3 repositories, 5 branch protections, 1 repository ruleset, "
        "1 organization ruleset, 3 owners, 4 members, 1 bot, 0 custom roles (3 files)\n"
    )


def test_validate_reads_the_environment(app: typer.Typer, write_config: WriteConfig) -> None:
    write_config("org.yaml", "organization: acme\nteams: {t: {}}\n")
    result = CliRunner(env={"GHPROV_CONFIG": "org.yaml"}).invoke(app, ["validate"])
    assert result.exit_code == 0
    assert result.stdout.startswith("config OK: acme: 1 team, 0 repositories,")


def test_validate_reports_every_problem_and_exits_1(app: typer.Typer, write_config: WriteConfig) -> None:
    write_config("a.yaml", "organization: acme\nteams:\n  t: {privacy: hidden, parent: ghost}\n")
    write_config("b.yaml", "bots: {b: {teams: [x]}}\n")
    result = CliRunner().invoke(app, ["validate", "--config", "."])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "a.yaml:3:16: expected one of 'secret', 'closed', got 'hidden'",
        "a.yaml:3:32: unknown parent team 'ghost'",
        "b.yaml:1:20: unknown team 'x'",
        "3 problems in the configuration",
    ]


def test_validate_prints_warnings_and_succeeds(app: typer.Typer, write_config: WriteConfig) -> None:
    write_config("a.yaml", "organization: acme\nrepositories:\n  r:\n    branch_protection: {dev: {}}\n")
    result = CliRunner().invoke(app, ["validate", "-c", "."])
    assert result.exit_code == 0
    assert result.stderr == (
        "a.yaml:4:25: warning: branch 'dev' is neither the default branch nor listed in branches of 'r': "
        "GitHub can only protect an existing branch\n"
    )


def test_validate_a_missing_path(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", "--config", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: config path {tmp_path / 'nowhere'} does not exist\n"
        "hint: pass --config PATH or set GHPROV_CONFIG\n"
    )


def test_an_unexpected_failure_is_one_line(
    app: typer.Typer, write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(path: Path) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(validate_command, "load_config", explode)
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 1
    assert result.stderr == "internal error: RuntimeError: disk on fire\n"


def test_the_installed_command(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organization: acme\nteams: [\n", encoding="utf-8")
    ok = subprocess.run(
        [sys.executable, "-m", "ghprov", "validate", "--config", "config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    failing = subprocess.run(
        [sys.executable, "-m", "ghprov", "validate", "--config", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (ok.returncode, ok.stdout.startswith("config OK: acme-fleet")) == (0, True)
    assert failing.returncode == 1
    assert "Traceback" not in failing.stderr
    assert failing.stderr.startswith(f"{bad}:3:1: invalid YAML: ")


def test_schema_is_json_schema_2020_12(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema == config_json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "defaults" in schema["properties"]


def _merged_document(path: Path) -> dict[str, object]:
    document, _, problems = merge_files(read_yaml_file(file, str(file)) for file in config_files(path))
    assert problems == []
    return document


def test_the_shipped_example_matches_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(config_json_schema())
    assert list(validator.iter_errors(_merged_document(ROOT / "config"))) == []


def test_the_schema_accepts_both_rule_forms_and_rejects_mistakes(write_config: WriteConfig) -> None:
    validator = jsonschema.Draft202012Validator(config_json_schema())
    rules = [
        {"pull_request": {"required_approving_review_count": 1}},
        {"type": "deletion"},
        {"non_fast_forward": None},
    ]
    good = {
        "organization": "acme",
        "x-anchors": {"anything": [1]},
        "repositories": {"r": {"rulesets": {"s": {"rules": rules}}}, "empty": None},
    }
    assert list(validator.iter_errors(good)) == []
    for bad in (
        {"organization": "acme", "teams": {"t": {"privcy": "closed"}}},
        {"organization": "acme", "teams": {"t": {"privacy": "hidden"}}},
        {"organization": "acme", "defaults": {"repository": {"visibility": "hidden"}}},
        {"organization": "acme", "rulesets": {"s": {"rules": [{"a": {}, "b": {}}]}}},
        {"teams": {}},
    ):
        assert not validator.is_valid(bad), bad
