"""The rotation report (table and JSON) and its audit record (R6, R13); fingerprints only, never tokens."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from ghprov.rotation.audit import RunContext, audit_record, replaced_fingerprints
from ghprov.rotation.errors import EXIT_NOT_CONFIRMED
from ghprov.rotation.results import ClusterResult, Status


@dataclass(frozen=True)
class RotationReport(RunContext):
    """One run (who, what, when), per-cluster rows, and whether the old token may go."""

    finished_at: datetime.datetime
    clusters: list[ClusterResult]
    token_login: str | None = None
    token_expires_at: datetime.datetime | None = None
    warnings: list[str] = field(default_factory=list)
    # The longest Flux interval seen plus the confirm timeout: how long to keep the old token after
    # 100 % confirmation (R5).
    grace_seconds: float = 0.0
    # Deploy keys and Apps: the mode and what the run did on GitHub (see ``deploy_key_mode``).
    credential: dict[str, Any] = field(default_factory=dict)

    @property
    def confirmed(self) -> bool:
        """True when every cluster holds the token and Flux confirmed it."""
        return bool(self.clusters) and all(row.status.done for row in self.clusters)

    @property
    def exit_code(self) -> int:
        """0 when every cluster is done; 2 otherwise. A dry run: 2 only when a cluster's look failed."""
        if self.mode == "dry-run":
            failed = any(row.status is Status.FAILED for row in self.clusters)
            return EXIT_NOT_CONFIRMED if failed else 0
        return 0 if self.confirmed else EXIT_NOT_CONFIRMED

    def old_fingerprints(self) -> list[str]:
        """Tokens this run replaced (or would replace)."""
        return replaced_fingerprints(self.clusters, self.new_fingerprint)

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
            "credential": self.credential or {"auth": "pat"},
            "clusters": [row.as_dict() for row in self.clusters],
        }

    def audit_record(self) -> dict[str, Any]:
        """This run's audit line (see ``rotation.audit``)."""
        return audit_record(
            self,
            outcome=self.outcome,
            finished_at=self.finished_at,
            rows=self.clusters,
            credential=self.credential,
        )

    @property
    def outcome(self) -> str:
        """planned (dry run), confirmed, partial (some cluster holds the new token) or failed."""
        if self.mode == "dry-run":
            return "planned"
        if self.confirmed:
            return "confirmed"
        written = any(row.status in (Status.CONFIRMED, Status.WRITTEN) for row in self.clusters)
        return "partial" if written else "failed"


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
    console.print(dry_run_summary(report) if report.mode == "dry-run" else _verdict(report))


def _verdict(report: RotationReport) -> str:
    notes = [str(note) for note in report.credential.get("notes", [])]
    if report.confirmed:
        return "; ".join(["all clusters confirmed", *notes])
    return f"not confirmed on: {', '.join(report.old_token_in_use())} (the old token must stay valid)"


def dry_run_summary(report: RotationReport) -> str:
    """What a real run would do per cluster; a dry run confirms nothing, so it never says "not confirmed"."""
    groups: dict[str, list[str]] = {}
    for row in report.clusters:
        if row.status is Status.PLANNED:
            label = (
                "would request a reconcile on" if row.action == "reconcile" else "would write the token on"
            )
        elif row.status is Status.UNCHANGED:
            label = "already confirmed on"
        else:
            label = "cannot rotate (see error) on"
        groups.setdefault(label, []).append(row.cluster)
    parts = [f"{label}: {', '.join(names)}" for label, names in groups.items()]
    return "dry run, nothing written; " + "; ".join(parts)


def write_json(data: dict[str, Any], path: Path) -> None:
    """Write a JSON document (report) to ``path``."""
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
