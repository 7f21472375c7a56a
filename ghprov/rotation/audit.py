"""The rotation's audit record (R13): one JSON line for every run, however it ends.

Confirmed, partial and failed runs, dry runs, runs that were not due, runs whose token GitHub refused
(exit 3) and runs locked out by another (exit 4) each leave exactly one record. It names the actor,
tenant, token fingerprints (``sha256:`` prefixes, never a token), what each cluster held before and
after (fingerprint and resourceVersion), the outcome and, for a run that stopped, the reason.
"""

from __future__ import annotations

import datetime
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ghprov.rotation.results import ClusterResult

EVENT = "ghprov.rotation"
AuditSink = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class RunContext:
    """Who started which run of which tenant, with which token (by fingerprint), and when."""

    tenant: str
    mode: str  # rotate | rollback | dry-run
    correlation_id: str
    actor: str
    new_fingerprint: str
    started_at: datetime.datetime


def replaced_fingerprints(rows: Sequence[ClusterResult], new_fingerprint: str) -> list[str]:
    """The tokens the clusters held before this run, other than the new one."""
    found = {row.fingerprint_before for row in rows}
    return sorted(f for f in found if f and f != new_fingerprint)


def _cluster_entry(row: ClusterResult) -> dict[str, Any]:
    return {
        "status": str(row.status),
        "action": row.action,
        "fingerprint_before": row.fingerprint_before,
        "fingerprint_after": row.fingerprint_after,
        "resource_version_before": row.resource_version_before,
        "resource_version_after": row.resource_version_after,
        "error_class": row.error_class,
    }


def audit_record(
    run: RunContext,
    *,
    outcome: str,
    finished_at: datetime.datetime,
    rows: Sequence[ClusterResult] = (),
    reason: str | None = None,
    finding: str | None = None,
    credential: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One JSONL audit line; matchable with GitHub's ``personal_access_token.*`` events by fingerprint.

    ``reason`` must be ghprov's own words (error messages hold fingerprints and names, never tokens).
    """
    record: dict[str, Any] = {
        "event": EVENT,
        "time": finished_at.isoformat(),
        "started_at": run.started_at.isoformat(),
        "correlation_id": run.correlation_id,
        "actor": run.actor,
        "tenant": run.tenant,
        "mode": run.mode,
        "outcome": outcome,
        "old_fingerprints": replaced_fingerprints(rows, run.new_fingerprint),
        "new_fingerprint": run.new_fingerprint,
        "clusters": {row.cluster: _cluster_entry(row) for row in rows},
    }
    if reason is not None:
        record["reason"] = reason
    if finding is not None:
        record["finding"] = finding
    if credential:
        # Deploy keys and Apps: what the run did on GitHub (public fingerprints, ids, titles).
        record["credential"] = dict(credential)
    return record


def file_sink(path: Path) -> AuditSink:
    """Append each record to ``path`` as one JSON line; on stderr instead when that fails.

    The record is written when the run is over (the clusters may have changed), so a log file that
    cannot be written must neither lose the record nor hide the run's report behind an error.
    """

    def append(record: dict[str, Any]) -> None:
        try:
            with path.open("a", encoding="utf-8") as log:
                log.write(json.dumps(record, sort_keys=True) + "\n")
        except OSError as error:
            why = (error.strerror or type(error).__name__).lower()
            sys.stderr.write(f"warning: cannot append to the audit log {path} ({why}); the record follows\n")
            stderr_sink(record)

    return append


def stderr_sink(record: dict[str, Any]) -> None:
    """Write the record as one JSON line on stderr (when no audit log file is configured)."""
    sys.stderr.write(json.dumps(record, sort_keys=True) + "\n")
    sys.stderr.flush()
