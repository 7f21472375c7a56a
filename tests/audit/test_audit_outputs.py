"""SARIF against the SARIF 2.1.0 schema, CSV and Markdown shapes, exceptions and their expiry."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import jsonschema
import pytest
from audit_support import export

from ghprov.audit.exceptions import apply_exceptions, load_exceptions
from ghprov.audit.export import render_csv, render_markdown, render_sarif
from ghprov.audit.findings import Status
from ghprov.errors import ConfigError
from ghprov_testbeds.sandbox import Sandbox

SCHEMA = Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json"


def test_sarif_is_valid_sarif_2_1_0(weak: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, config = weak
    result = export(sandbox, "app", tmp_path / "out", config_path=config)
    log = json.loads(render_sarif(result.report))
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(log)
    run = log["runs"][0]
    failed = [f for f in result.report.findings if f.status is Status.FAILED]
    assert len(run["results"]) == len(failed)
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    two_fa = next(r for r in run["results"] if r["ruleId"] == "ORG-01")
    assert two_fa["level"] == "error"
    assert (
        run["tool"]["driver"]["rules"][rule_ids.index("ORG-01")]["properties"]["security-severity"] == "7.0"
    )


def test_csv_has_one_row_per_finding_and_markdown_starts_with_the_summary(
    weak: tuple[Sandbox, Path], tmp_path: Path
) -> None:
    sandbox, _ = weak
    result = export(sandbox, "owner", tmp_path / "out")
    rows = list(csv.DictReader(io.StringIO(render_csv(result.report))))
    assert len(rows) == len(result.report.findings)
    assert {row["status"] for row in rows} >= {"PASSED", "FAILED", "SKIPPED"}
    markdown = render_markdown(result.report)
    assert markdown.index("## Summary") < markdown.index("## Failed") < markdown.index("## Skipped")


def _exceptions(tmp_path: Path, expires: str) -> Path:
    path = tmp_path / "exceptions.yaml"
    path.write_text(
        "exceptions:\n"
        "  - check: REPO-14\n"
        "    resource: 'branch:d1-fleet@main'\n"
        "    justification: apps-team bootstraps clusters until the bot takes over\n"
        f"    expires: {expires}\n"
        "    approved_by: platform-leads\n"
    )
    return path


def test_exceptions_accept_a_finding_until_they_expire(weak: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, _ = weak
    today = datetime.date(2026, 11, 26)
    result = export(
        sandbox, "owner", tmp_path / "a", exceptions_path=_exceptions(tmp_path, "2026-12-31"), today=today
    )
    found = next(
        f for f in result.report.findings if f.check_id == "REPO-14" and f.resource.name == "d1-fleet"
    )
    assert found.status is Status.EXCEPTED
    assert found.exception is not None and found.exception.approved_by == "platform-leads"

    entries = load_exceptions(_exceptions(tmp_path, "2026-11-25"))
    expired = apply_exceptions([found.but(status=Status.FAILED, exception=None)], entries, today)
    assert expired[0].status is Status.FAILED
    assert expired[0].message.endswith("exception expired on 2026-11-25")


def test_exceptions_file_problems_are_reported_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "exceptions.yaml"
    path.write_text(
        "exceptions:\n  - check: ORG-02\n    resource: '*'\n"
        "  - check: ORG-01\n    resource: x\n    justification: y\n    expires: soon\n"
    )
    with pytest.raises(ConfigError) as raised:
        load_exceptions(path)
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:2:1: exception needs justification, expires",
        f"{path}:4:1: expires must be a date (YYYY-MM-DD)",
    ]
