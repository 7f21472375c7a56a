"""The rotation report (table and JSON) and its audit record (R6, R13); fingerprints only, never tokens."""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from ghprov.rotation.results import ClusterResult, Status


@dataclass
class RotationReport:
    """One run: tenant, token fingerprints, per-cluster rows, and whether the old token may go."""

    tenant: str
    mode: str  # rotate | rollback | dry-run
    correlation_id: str
    actor: str
    new_fingerprint: str
    started_at: datetime.datetime
    finished_at: datetime.datetime
    clusters: list[ClusterResult]
    token_login: str | None = None
    token_expires_at: datetime.datetime | None = None
    warnings: list[str] = field(default_factory=list)
    # The longest Flux interval seen plus the confirm timeout: how long to keep the old token after
    # 100 % confirmation (R5).
    grace_seconds: float = 0.0

    @property
    def confirmed(self) -> bool:
        """True when every cluster holds the token and Flux confirmed it."""
        return bool(self.clusters) and all(row.status.done for row in self.clusters)

    def old_fingerprints(self) -> list[str]:
        """Tokens this run replaced (or would replace)."""
        found = {row.fingerprint_before for row in self.clusters}
        return sorted(f for f in found if f and f != self.new_fingerprint)

    def old_token_in_use(self) -> list[str]:
        """Clusters still on another token (or unconfirmed): the old token must stay valid for them."""
        return [row.cluster for row in self.clusters if not row.status.done]

    def as_dict(self) -> dict[str, Any]:
        """The JSON report."""
        revoke_after = None
        if self.confirmed and self.mode == "rotate":
            revoke_after = (self.finished_at + datetime.timedelta(seconds=self.grace_seconds)).isoformat()
        return {
            "tenant": self.tenant,
            "mode": self.mode,
            "correlation_id": self.correlation_id,
            "actor": self.actor,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat(),
            "new_fingerprint": self.new_fingerprint,
            "old_fingerprints": self.old_fingerprints(),
            "token": {
                "login": self.token_login,
                "expires_at": self.token_expires_at.isoformat() if self.token_expires_at else None,
            },
            "confirmed": self.confirmed,
            "old_token": {
                "still_in_use_on": self.old_token_in_use(),
                "revocable_after": revoke_after,
            },
            "warnings": self.warnings,
            "clusters": [row.as_dict() for row in self.clusters],
        }

    def audit_record(self) -> dict[str, Any]:
        """One JSONL audit line; matchable with GitHub's personal_access_token.* events by fingerprint."""
        return {
            "event": "ghprov.rotation",
            "time": self.finished_at.isoformat(),
            "correlation_id": self.correlation_id,
            "actor": self.actor,
            "tenant": self.tenant,
            "mode": self.mode,
            "old_fingerprints": self.old_fingerprints(),
            "new_fingerprint": self.new_fingerprint,
            "outcome": "confirmed" if self.confirmed else "partial" if self._any_written() else "failed",
            "clusters": {row.cluster: str(row.status) for row in self.clusters},
        }

    def _any_written(self) -> bool:
        return any(row.status in (Status.CONFIRMED, Status.WRITTEN) for row in self.clusters)


def print_table(report: RotationReport, out: TextIO) -> None:
    """The human view: one row per cluster, then the verdict."""
    table = Table(title=f"{report.mode} {report.tenant} → {report.new_fingerprint}", title_justify="left")
    for column in ("cluster", "status", "action", "rv before→after", "attempts", "seconds", "error"):
        table.add_column(column)
    for row in report.clusters:
        name = f"{row.cluster} (canary)" if row.canary else row.cluster
        versions = f"{row.resource_version_before or '-'}→{row.resource_version_after or '-'}"
        table.add_row(
            name,
            str(row.status),
            row.action,
            versions,
            str(row.attempts),
            f"{row.seconds:.1f}",
            row.error or "",
        )
    console = Console(file=out, width=160, soft_wrap=True)
    console.print(table)
    verdict = (
        "all clusters confirmed"
        if report.confirmed
        else f"not confirmed on: {', '.join(report.old_token_in_use())} (the old token must stay valid)"
    )
    console.print(verdict)


def write_json(data: dict[str, Any], path: Path) -> None:
    """Write a JSON document (report) to ``path``."""
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def append_audit(records: Sequence[dict[str, Any]], path: Path) -> None:
    """Append audit records as JSON lines."""
    with path.open("a", encoding="utf-8") as log:
        for record in records:
            log.write(json.dumps(record, sort_keys=True) + "\n")
