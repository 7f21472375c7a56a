"""``ghprov lint`` and ``ghprov audit export``: exit codes, messages, files."""

from __future__ import annotations

import json
from pathlib import Path

from audit_support import compliant_document, write_config
from typer.testing import CliRunner

from ghprov.cli.main import _register_commands, app
from ghprov_testbeds.sandbox import Sandbox

_register_commands()
runner = CliRunner()
REPO_ROOT = Path(__file__).resolve().parents[2]


def test_lint_of_a_compliant_config_exits_zero(tmp_path: Path) -> None:
    config = write_config(compliant_document(), tmp_path / "config")
    result = runner.invoke(app, ["lint", "--config", str(config), "--fail-on", "low"])
    assert result.exit_code == 0, result.output
    assert "Nothing failed." in result.stdout


def test_lint_fails_on_findings_with_config_positions(tmp_path: Path) -> None:
    document = compliant_document()
    document["settings"]["default_repository_permission"] = "write"
    config = write_config(document, tmp_path / "config")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["lint", "--config", str(config), "--out", str(out), "--format", "json,sarif"]
    )
    assert result.exit_code == 3, result.output
    assert "finding(s) at or above HIGH" in result.stderr
    report = json.loads((out / "findings.json").read_text())
    base = next(f for f in report["findings"] if f["check_id"] == "ORG-02")
    assert base["status"] == "FAILED"
    assert base["evidence"][0]["source"] == "config"
    assert base["evidence"][0]["location"].startswith(f"{config / 'org.yaml'}:")
    sarif = json.loads((out / "findings.sarif").read_text())
    region = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "ORG-02")["locations"][0][
        "physicalLocation"
    ]
    assert region["artifactLocation"]["uri"] == str(config / "org.yaml") and region["region"]["startLine"] > 1


def test_shipped_example_config_lints_without_crashing() -> None:
    result = runner.invoke(app, ["lint", "--config", str(REPO_ROOT / "config"), "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# ghprov audit: ")


def test_bad_options_are_clear_errors(tmp_path: Path) -> None:
    config = write_config(compliant_document(), tmp_path / "config")
    result = runner.invoke(app, ["lint", "--config", str(config), "--fail-on", "urgent"])
    assert result.exit_code == 1
    assert "error: unknown severity 'urgent' for --fail-on" in result.stderr
    result = runner.invoke(
        app, ["audit", "export", "--out", str(tmp_path), "--org", "acme", "--since", "yesterday", "--sandbox"]
    )
    assert result.exit_code == 1
    assert "error: --since 'yesterday' is not a date" in result.stderr
    result = runner.invoke(app, ["lint", "--config", str(config), "--format", "pdf"])
    assert result.exit_code == 1 and "unknown output format(s): pdf" in result.stderr


def test_export_cli_against_a_sandbox(tmp_path: Path) -> None:
    with Sandbox.start(org="acme", seed="d1") as sandbox:
        out = tmp_path / "out"
        result = runner.invoke(
            app,
            [
                "audit",
                "export",
                "--org",
                "acme",
                "--out",
                str(out),
                "--api-url",
                sandbox.url,
                "--fail-on",
                "critical",
            ],
            env={"GHPROV_TOKEN": sandbox.tokens["owner"]},
        )
        assert result.exit_code == 0, result.output
        assert sandbox.writes() == []
    assert sorted(p.name for p in out.iterdir()) == [
        "findings.csv",
        "findings.json",
        "findings.sarif",
        "report.md",
        "snapshot.json",
    ]
    snapshot = json.loads((out / "snapshot.json").read_text())
    fleet = [
        row
        for row in snapshot["access"]
        if row["repository"] == "d1-fleet" and row["principal"] == "user:bob"
    ]
    assert fleet == [
        {
            "principal": "user:bob",
            "repository": "d1-fleet",
            "permission": "write",
            "paths": [
                {"kind": "base_permission", "role": "read"},
                {"kind": "team", "role": "write", "team": "platform-team"},
            ],
        }
    ]
    result = runner.invoke(
        app,
        ["audit", "export", "--org", "acme", "--out", str(out), "--api-url", sandbox.url],
        env={"GHPROV_TOKEN": "nope"},
    )
    assert result.exit_code == 1
