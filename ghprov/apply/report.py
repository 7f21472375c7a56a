"""What apply did: one result per change, the request counts, and text/JSON renderings."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table


class Status(enum.Enum):
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ChangeResult:
    """The outcome of one change: GitHub's message when it failed, the reason when it was skipped."""

    address: str
    action: str
    status: Status
    message: str = ""
    # The writes this change sent that GitHub accepted, e.g. "PUT /orgs/acme/memberships/alice".
    requests: tuple[str, ...] = ()


@dataclass
class ApplyReport:
    """Every change's result plus how many requests apply planned, sent, retried and looked up."""

    organization: str
    results: list[ChangeResult] = field(default_factory=list)
    # Write requests the writers produced for the changes that ran.
    planned_writes: int = 0
    # Distinct write requests sent (a retried request counts once; its retries are in ``retries``).
    writes: int = 0
    retries: int = 0
    # Planned writes left out because GitHub already had the value (e.g. the default branch name).
    elided_writes: int = 0
    # GETs made to resolve names to ids or to read a branch's commit.
    lookups: list[str] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many changes ended with ``status``."""
        return sum(1 for result in self.results if result.status is status)

    @property
    def ok(self) -> bool:
        """True when every change was made."""
        return all(result.status is Status.DONE for result in self.results)

    @property
    def exit_code(self) -> int:
        """0 when every change was made, 1 otherwise (a re-run finishes the rest)."""
        return 0 if self.ok else 1

    def summary(self) -> str:
        """One line: ``3 done, 1 failed, 2 skipped; 7 writes, 1 retry, 2 lookups``."""
        retries = f"{self.retries} retr{'y' if self.retries == 1 else 'ies'}"
        return (
            f"{self.count(Status.DONE)} done, {self.count(Status.FAILED)} failed, "
            f"{self.count(Status.SKIPPED)} skipped; {self.writes} write{'' if self.writes == 1 else 's'}, "
            f"{retries}, {len(self.lookups)} lookup{'' if len(self.lookups) == 1 else 's'}"
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description of the report."""
        return {
            "organization": self.organization,
            "ok": self.ok,
            "summary": {
                "done": self.count(Status.DONE),
                "failed": self.count(Status.FAILED),
                "skipped": self.count(Status.SKIPPED),
                "planned_writes": self.planned_writes,
                "writes": self.writes,
                "retries": self.retries,
                "elided_writes": self.elided_writes,
                "lookups": len(self.lookups),
            },
            "results": [
                {
                    "address": result.address,
                    "action": result.action,
                    "status": result.status.value,
                    "message": result.message,
                    "requests": list(result.requests),
                }
                for result in self.results
            ],
        }


def render_json(report: ApplyReport) -> str:
    """The report as indented JSON."""
    return json.dumps(report.to_dict(), indent=2, sort_keys=False)


STATUS_STYLE = {Status.DONE: "green", Status.FAILED: "bold red", Status.SKIPPED: "yellow"}


def render_text(report: ApplyReport, console: Console) -> None:
    """Print the report as a table (change, action, status, detail) and a summary line."""
    table = Table(title=f"apply: {report.organization}", show_lines=False)
    table.add_column("change", overflow="fold")
    table.add_column("action")
    table.add_column("status")
    table.add_column("detail", overflow="fold")
    for result in report.results:
        style = STATUS_STYLE[result.status]
        detail = result.message or (f"{len(result.requests)} write(s)" if result.requests else "")
        table.add_row(result.address, result.action, f"[{style}]{result.status.value}[/]", detail)
    console.print(table)
    console.print(report.summary())
