"""One row per cluster: what a rotation did there and how it ended."""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


class Status(enum.StrEnum):
    """A cluster's outcome. Only ``confirmed`` and ``unchanged`` count as done."""

    CONFIRMED = "confirmed"  # written (or re-requested) this run, and Flux confirmed it
    UNCHANGED = "unchanged"  # already held the token and was already confirmed: nothing written
    WRITTEN = "written"  # holds the token, but Flux did not confirm it ("written, not confirmed")
    FAILED = "failed"  # the token could not be written
    SKIPPED = "skipped"  # not attempted (the canary was not confirmed)
    PLANNED = "planned"  # dry run: this is what would be done

    @property
    def done(self) -> bool:
        return self in (Status.CONFIRMED, Status.UNCHANGED)


@dataclass
class ClusterResult:
    """The per-cluster row of a rotation report (never holds a token, only fingerprints)."""

    cluster: str
    context: str
    canary: bool = False
    status: Status = Status.SKIPPED
    action: str = "none"  # create | update | reconcile | none
    resource_version_before: str | None = None
    resource_version_after: str | None = None
    uid: str | None = None
    attempts: int = 0
    fingerprint_before: str | None = None
    fingerprint_after: str | None = None
    error_class: str | None = None
    error: str | None = None
    confirmed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    # The longest ``spec.interval`` among the Flux objects confirmed here (for the R5 grace period).
    flux_interval_seconds: float = 0.0
    # Migration: sources that still authenticate the old way (they keep using the old credential).
    old_transport: list[str] = field(default_factory=list)

    def fail(self, status: Status, error_class: str, message: str) -> ClusterResult:
        """Record a failure and return self."""
        self.status, self.error_class, self.error = status, error_class, message
        return self

    def as_dict(self) -> dict[str, Any]:
        """Plain values for the JSON report."""
        data = asdict(self)
        data["status"] = str(self.status)
        data["seconds"] = round(self.seconds, 3)
        return data
