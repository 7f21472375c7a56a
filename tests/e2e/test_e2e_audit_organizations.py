"""``ghprov audit export`` over several organisations, each on its own sandbox, one refusing the token.

The embedded sandbox (``--sandbox``) starts one emulator per organisation; the test wraps its starter
so every emulator validates its responses against GitHub's schema, and the one for ``fleet-refused``
answers as GitHub does for an expired or revoked token (401 Bad credentials).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ghprov.cli.commands import register_all
from ghprov.cli.main import app
from ghprov.model import Organization
from ghprov_testbeds.sandbox import Sandbox, for_config
from ghprov_testbeds.sandbox.settings import SandboxSettings

ROOT = Path(__file__).resolve().parents[2]
REFUSED = "fleet-refused"
OUTPUTS = {"findings.csv", "findings.json", "findings.sarif", "report.md", "snapshot.json"}


def _organization(root: Path, name: str) -> Path:
    directory = root / name
    directory.mkdir(parents=True)
    for source in (ROOT / "config").glob("*.yaml"):
        text = source.read_text().replace("organization: acme-fleet", f"organization: {name}")
        (directory / source.name).write_text(text)
    return directory


@pytest.fixture
def sandboxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Sandbox]]:
    """Every embedded sandbox the run starts; the one of ``fleet-refused`` refuses its token."""
    started: list[Sandbox] = []
    original = for_config.start_for_organization

    def start(organization: Organization, **options: Any) -> Sandbox:
        options["settings"] = SandboxSettings(validate_responses=True)
        sandbox = original(organization, **options)
        if organization.organization == REFUSED:
            with sandbox.state.lock:
                for token in sandbox.state.tokens.values():
                    token.expires_at = time.time() - 60
        started.append(sandbox)
        return sandbox

    monkeypatch.setattr(for_config, "start_for_organization", start)
    for variable in ("GHPROV_TOKEN", "GITHUB_TOKEN", "GHPROV_API_URL", "GHPROV_CONFIG"):
        monkeypatch.delenv(variable, raising=False)
    yield started
    for sandbox in started:
        assert sandbox.internal_errors == []
        assert sandbox.response_problems == []
        assert sandbox.writes() == [], "an audit must not write"


def _run(*arguments: str) -> Any:
    register_all(app)
    return CliRunner().invoke(app, list(arguments))


def test_two_organisations_are_audited_and_a_refused_token_is_reported_beside_them(
    tmp_path: Path, sandboxes: list[Sandbox]
) -> None:
    orgs = tmp_path / "orgs"
    for name in ("fleet-a", "fleet-b", REFUSED):
        _organization(orgs, name)
    evidence = tmp_path / "evidence"

    result = _run("audit", "export", "--config", str(orgs), "--out", str(evidence), "--sandbox")

    assert result.exit_code == 1, result.output
    assert len(sandboxes) == 3
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert len(lines) == 3
    refused = next(line for line in lines if REFUSED in line)
    assert "not audited: GitHub returned 401" in refused and "Check the token" in refused
    assert {path.name for path in evidence.iterdir()} == {"fleet-a", "fleet-b", "summary.json", "summary.md"}
    for name in ("fleet-a", "fleet-b"):
        assert {path.name for path in (evidence / name).iterdir()} == OUTPUTS
        report = json.loads((evidence / name / "findings.json").read_text())
        assert report["organization"]["login"] == name
        sarif = json.loads((evidence / name / "findings.sarif").read_text())
        assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
        assert sarif["runs"][0]["automationDetails"]["id"].startswith(f"ghprov-audit/{name}/")

    summary = json.loads((evidence / "summary.json").read_text())
    rows = {row["organization"]: row for row in summary["organizations"]}
    assert [row["organization"] for row in summary["organizations"]] == ["fleet-a", "fleet-b", REFUSED]
    assert rows[REFUSED]["outcome"] == "error" and rows[REFUSED]["directory"] == ""
    assert "401" in rows[REFUSED]["error"]["message"] and rows[REFUSED]["error"]["hint"]
    for name in ("fleet-a", "fleet-b"):
        own = json.loads((evidence / name / "findings.json").read_text())
        assert rows[name]["summary"] == own["summary"], "the summary repeats, never recomputes"
        assert rows[name]["directory"] == name and rows[name]["outcome"] == "findings"
    assert summary["exit_code"] == 1 and summary["totals"]["errors"] == 1
    assert summary["totals"]["audited"] == 2
    # The sandbox's owner is admin of d1-fleet in both organisations: the overview says so, once.
    several = set(summary["access"]["in_several_organizations"])
    admins = {row["principal"]: row for row in summary["access"]["admins"]}
    assert several and several <= set(admins) | {row["principal"] for row in summary["access"]["bypasses"]}
    for principal in several & set(admins):
        assert admins[principal]["organizations"] == ["fleet-a", "fleet-b"]
    markdown = (evidence / "summary.md").read_text()
    assert "## Not audited" in markdown and f"**{REFUSED}**" in markdown
    assert "[fleet-a](fleet-a/report.md)" in markdown


def test_organisations_without_configs_by_name(tmp_path: Path, sandboxes: list[Sandbox]) -> None:
    evidence = tmp_path / "evidence"
    result = _run(
        "audit",
        "export",
        "--org",
        "acme-one",
        "--org",
        "acme-two",
        "--out",
        str(evidence),
        "--sandbox",
        "--fail-on",
        "none",
    )
    assert result.exit_code == 0, result.output
    assert sorted(sandbox.state.organization.login for sandbox in sandboxes) == ["acme-one", "acme-two"]
    summary = json.loads((evidence / "summary.json").read_text())
    assert [row["config"] for row in summary["organizations"]] == ["", ""]
    assert summary["fail_on"] == "none" and summary["exit_code"] == 0
