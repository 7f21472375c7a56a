"""Examples in docs/ must keep working: every ghprov command line they run must parse.

Each command runs in an empty directory with no credentials, so after its options parse it stops
at a missing config, input or token (exit 1, ghprov's own "error:" message). A usage error
(unknown option, bad value) would show click's "Usage:" text and exit 2 instead.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from ghprov.cli.commands import register_all
from ghprov.cli.main import app

DOCS = Path(__file__).resolve().parents[2] / "docs"
WORKFLOWS = sorted((DOCS / "examples").glob("*.yml"))


def _ghprov_command_lines(workflow: Path) -> list[str]:
    """Every `ghprov ...` command in the workflow's `run:` steps, without shell redirections."""
    document = YAML(typ="safe").load(workflow.read_text())
    lines: list[str] = []
    for job in document.get("jobs", {}).values():
        for step in job.get("steps", []):
            script = str(step.get("run", "")).replace("\\\n", " ")  # join continued lines
            for raw in script.splitlines():
                for part in raw.split("||"):
                    command = part.strip()
                    if command.startswith("ghprov "):
                        lines.append(command.split(">")[0].strip())
    return lines


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_commands_parse(workflow: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = _ghprov_command_lines(workflow)
    assert commands, f"{workflow.name} runs no ghprov command"
    register_all(app)
    monkeypatch.chdir(tmp_path)
    for name in [name for name in os.environ if name.startswith("GHPROV_") or name == "GITHUB_TOKEN"]:
        monkeypatch.delenv(name)
    for line in commands:
        result = CliRunner().invoke(app, shlex.split(line)[1:])
        # A rotation that fails still leaves its audit record (one JSON line on stderr) first.
        output = "".join(line for line in result.output.splitlines(True) if not line.startswith('{"'))
        assert "Usage:" not in output and "No such option" not in output, f"{line}\n{output}"
        assert result.exit_code == 1, f"{line}\n{output}"
        assert output.startswith("error: "), f"{line}\n{output}"  # ghprov's own message, not click's
