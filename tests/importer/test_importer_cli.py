"""``ghprov import`` end to end: the command against a running sandbox, then ``ghprov plan`` on its output."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ghprov.cli.commands import importing, plan
from ghprov_testbeds.sandbox import Sandbox

pytestmark = pytest.mark.e2e


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer(pretty_exceptions_enable=False)
    importing.register(application)
    plan.register(application)
    return application


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start(org="acme", seed="d1") as running:
        yield running
        assert running.internal_errors == []


def test_import_writes_a_configuration_that_plans_clean(
    app: typer.Typer, sandbox: Sandbox, tmp_path: Path
) -> None:
    runner = CliRunner(env={"GHPROV_TOKEN": sandbox.tokens["owner"]})
    out = tmp_path / "imported"
    bot = sandbox.logins["bot"]
    result = runner.invoke(
        app, ["import", "--org", "acme", "--out", str(out), "--api-url", sandbox.url, "--bot", bot]
    )
    assert result.exit_code == 0, result.output
    warnings = result.stderr.splitlines()
    assert result.stdout == (
        f"imported acme: 1 team, 1 repository, {len(warnings)} warnings → {out} "
        "(org.yaml, repositories.yaml, teams.yaml)\n"
    )
    assert all(line.startswith("warning: settings/") for line in warnings)
    assert f"  {bot}: {{}}\n" in (out / "org.yaml").read_text(encoding="utf-8")
    assert sandbox.writes() == []

    planned = runner.invoke(app, ["plan", "--config", str(out), "--api-url", sandbox.url])
    assert planned.exit_code == 0, planned.output
    assert sandbox.writes() == []


def test_import_refuses_a_directory_with_configuration(app: typer.Typer, tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text("organization: acme\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", "--org", "acme", "--out", str(tmp_path), "--sandbox"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"error: {tmp_path} already holds configuration files ({tmp_path / 'org.yaml'})\n"
    )
    assert "hint: choose an empty --out directory, or pass --force" in result.stderr


def test_import_rejects_an_unknown_kind(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["import", "--org", "acme", "--out", str(tmp_path), "--only", "people"])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: unknown kind for --only: people\n"
        "hint: choose from settings, members, custom_roles, custom_organization_roles, custom_properties, "
        "teams, repositories, rulesets\n"
    )


def test_import_from_the_embedded_sandbox_with_a_selection(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "import",
            "--org",
            "acme",
            "--out",
            str(tmp_path),
            "--sandbox",
            "--only",
            "teams",
            "--repos",
            "d1-*",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["org.yaml", "repositories.yaml", "teams.yaml"]
    assert "repositories:\n  d1-fleet: {}\n" in (tmp_path / "repositories.yaml").read_text(encoding="utf-8")
