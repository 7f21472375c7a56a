"""The audit record's shape and where it goes (file, or stderr when the file cannot be written)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from ghprov.rotation.audit import RunContext, audit_record, file_sink
from ghprov.rotation.results import ClusterResult, Status

RUN = RunContext(
    tenant="flux-apps",
    mode="rotate",
    correlation_id="c0ffee",
    actor="ci-job",
    new_fingerprint="sha256:new",
    started_at=datetime.datetime(2026, 12, 4, 5, 0, tzinfo=datetime.UTC),
)
FINISHED = datetime.datetime(2026, 12, 4, 5, 1, tzinfo=datetime.UTC)


def skipped(cluster: str, before: str | None, version: str) -> ClusterResult:
    row = ClusterResult(cluster, cluster, fingerprint_before=before, resource_version_before=version)
    return row.fail(Status.SKIPPED, "canary", "not attempted: canary staging was not confirmed")


def test_record_carries_what_each_cluster_held() -> None:
    rows = [skipped("prod-eu", "sha256:old", "41"), skipped("prod-us", None, "")]
    record = audit_record(RUN, outcome="failed", finished_at=FINISHED, rows=rows, reason="why")
    assert record == {
        "event": "ghprov.rotation",
        "time": "2026-12-04T05:01:00+00:00",
        "started_at": "2026-12-04T05:00:00+00:00",
        "correlation_id": "c0ffee",
        "actor": "ci-job",
        "tenant": "flux-apps",
        "mode": "rotate",
        "outcome": "failed",
        "old_fingerprints": ["sha256:old"],
        "new_fingerprint": "sha256:new",
        "reason": "why",
        "clusters": {
            "prod-eu": {
                "status": "skipped",
                "action": "none",
                "fingerprint_before": "sha256:old",
                "fingerprint_after": None,
                "resource_version_before": "41",
                "resource_version_after": None,
                "error_class": "canary",
            },
            "prod-us": {
                "status": "skipped",
                "action": "none",
                "fingerprint_before": None,
                "fingerprint_after": None,
                "resource_version_before": "",
                "resource_version_after": None,
                "error_class": "canary",
            },
        },
    }


def test_file_sink_appends_one_line_per_record(tmp_path: Path) -> None:
    sink = file_sink(tmp_path / "audit.jsonl")
    sink(audit_record(RUN, outcome="refused", finished_at=FINISHED, finding="TOKEN-VERIFY-FAILED"))
    sink(audit_record(RUN, outcome="locked", finished_at=FINISHED))
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    assert [json.loads(line)["outcome"] for line in lines] == ["refused", "locked"]
    assert json.loads(lines[0])["finding"] == "TOKEN-VERIFY-FAILED"


def test_an_unwritable_audit_log_falls_back_to_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file_sink(tmp_path)(audit_record(RUN, outcome="confirmed", finished_at=FINISHED))  # a directory
    warning, line = capsys.readouterr().err.splitlines()
    assert (
        warning == f"warning: cannot append to the audit log {tmp_path} (is a directory); the record follows"
    )
    assert json.loads(line)["outcome"] == "confirmed"
