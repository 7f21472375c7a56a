"""The configuration is read once per command: the service loads it and hands the loaded value on
(to seed the embedded sandbox, to read the organisation it names, to diff), instead of the CLI
parsing it for the organisation's name and the service parsing it again."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ghprov.cli.commands import register_all
from ghprov.cli.main import app
from ghprov.config import loader

CONFIG = Path(__file__).resolve().parents[2] / "config"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """Every configuration load, as the files it merged."""
    for name in ("GHPROV_TOKEN", "GITHUB_TOKEN", "GHPROV_API_URL", "GHPROV_APP_ID", "GHPROV_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GHPROV_WRITE_INTERVAL_SECONDS", "0")
    calls: list[list[str]] = []
    merge = loader.merge_files

    def counting(files: Any) -> Any:
        calls.append([file.name for file in files])
        return merge(files)

    monkeypatch.setattr(loader, "merge_files", counting)
    register_all(app)
    yield calls


def invoke(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(arguments))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


def test_plan_reads_the_config_once(reads: list[list[str]]) -> None:
    code, stdout = invoke("plan", "--config", str(CONFIG), "--sandbox")
    assert code == 2, stdout
    assert "acme-fleet" in stdout
    assert len(reads) == 1


def test_apply_reads_the_config_once(reads: list[list[str]]) -> None:
    code, stdout = invoke("apply", "--config", str(CONFIG), "--sandbox", "--yes", "--json")
    assert code == 0, stdout
    assert '"ok": true' in stdout
    assert len(reads) == 1


def test_audit_export_reads_the_config_once_and_names_the_organisation(
    reads: list[list[str]], tmp_path: Path
) -> None:
    code, _ = invoke(
        "audit", "export", "--config", str(CONFIG), "--sandbox", "--out", str(tmp_path), "--fail-on", "none"
    )
    assert code == 0
    assert len(reads) == 1
    snapshot = json.loads((tmp_path / "snapshot.json").read_text(encoding="utf-8"))
    assert snapshot["organization"]["login"] == "acme-fleet"
