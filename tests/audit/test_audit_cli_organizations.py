"""``ghprov lint`` and ``ghprov audit export`` over several organisations: exit codes and files.

0: nothing at or above --fail-on anywhere; 3: findings at or above it in some organisation; 1: some
organisation could not be audited (a broken config, GitHub refusing), whatever the others found.
"""

from __future__ import annotations

import json
from pathlib import Path

from audit_support import compliant_document, write_config
from typer.testing import CliRunner

from ghprov.cli.main import _register_commands, app

_register_commands()
runner = CliRunner()


def _weak(org: str) -> dict[str, object]:
    document = compliant_document(org)
    settings = document["settings"]
    assert isinstance(settings, dict)
    settings["default_repository_permission"] = "write"  # ORG-02 fails (HIGH under the D1 profile)
    return document


def _orgs(root: Path, *documents: dict[str, object]) -> Path:
    for document in documents:
        write_config(document, root / str(document["organization"]))
    return root


def test_lint_of_clean_configs_exits_zero_and_writes_one_directory_each(tmp_path: Path) -> None:
    orgs = _orgs(tmp_path / "orgs", compliant_document("acme-a"), compliant_document("acme-b"))
    out = tmp_path / "lint"
    result = runner.invoke(
        app, ["lint", "--config", str(orgs), "--out", str(out), "--format", "json,sarif", "--fail-on", "low"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == ["acme-a", "acme-b", "summary.json", "summary.md"]
    assert sorted(path.name for path in (out / "acme-a").iterdir()) == ["findings.json", "findings.sarif"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["mode"] == "config" and summary["exit_code"] == 0
    assert [row["outcome"] for row in summary["organizations"]] == ["clean", "clean"]
    assert "2 organisations: 2 audited, 0 not audited; 0 finding(s) at or above LOW" in result.stderr


def test_findings_in_one_organisation_exit_three(tmp_path: Path) -> None:
    first = write_config(compliant_document("acme-a"), tmp_path / "a")
    second = write_config(_weak("acme-b"), tmp_path / "b")
    result = runner.invoke(app, ["lint", "--config", str(first), "--config", str(second)])
    assert result.exit_code == 3, result.output
    # Without --out: each organisation's report, then the summary, on stdout.
    assert "# ghprov audit: acme-a" in result.stdout and "# ghprov audit: acme-b" in result.stdout
    assert "# ghprov audit: 2 organisations" in result.stdout
    assert "| ORG-02 |" in result.stdout
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 2 and any("acme-b" in line and "3 at or above HIGH" in line for line in progress)
    assert (
        runner.invoke(app, ["lint", "-c", str(first), "-c", str(second), "--fail-on", "none"]).exit_code == 0
    )


def test_an_organisation_that_cannot_be_audited_exits_one_beside_findings(tmp_path: Path) -> None:
    orgs = _orgs(tmp_path / "orgs", _weak("acme-a"))
    broken = orgs / "acme-broken"
    broken.mkdir()
    (broken / "org.yaml").write_text("organization: acme-broken\nnot_a_key: true\n")
    out = tmp_path / "lint"
    result = runner.invoke(app, ["lint", "--config", str(orgs), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{broken / 'org.yaml'}:2:" in result.stderr and "not_a_key" in result.stderr
    summary = json.loads((out / "summary.json").read_text())
    rows = {row["organization"]: row for row in summary["organizations"]}
    assert rows["acme-a"]["outcome"] == "findings" and (out / "acme-a" / "report.md").is_file()
    assert rows["acme-broken"]["outcome"] == "error"
    assert any("not_a_key" in problem for problem in rows["acme-broken"]["error"]["problems"])
    assert not (out / "acme-broken").exists()


def test_the_same_organisation_twice_is_an_error_for_the_second(tmp_path: Path) -> None:
    first = write_config(compliant_document("acme-a"), tmp_path / "one")
    second = write_config(compliant_document("acme-a"), tmp_path / "two")
    result = runner.invoke(app, ["lint", "-c", str(first), "-c", str(second), "--fail-on", "none"])
    assert result.exit_code == 1
    assert "organisation acme-a is declared by" in result.stderr


def test_export_of_several_organisations_exit_codes(tmp_path: Path) -> None:
    arguments = ["audit", "export", "--org", "acme-a", "--org", "acme-b", "--sandbox"]
    # The embedded sandbox's D1 organisation fails HIGH checks (2FA, D1-01 …).
    failing = runner.invoke(app, [*arguments, "--out", str(tmp_path / "high")])
    assert failing.exit_code == 3, failing.output
    clean = runner.invoke(app, [*arguments, "--out", str(tmp_path / "none"), "--fail-on", "none"])
    assert clean.exit_code == 0, clean.output
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "org.yaml").write_text("organization: [\n")
    errored = runner.invoke(app, [*arguments, "--config", str(broken), "--out", str(tmp_path / "err")])
    assert errored.exit_code == 1, errored.output
    summary = json.loads((tmp_path / "err" / "summary.json").read_text())
    assert [row["outcome"] for row in summary["organizations"]] == ["error", "findings", "findings"]
    assert "Traceback" not in errored.output
