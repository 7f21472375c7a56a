"""Events of an organisation's audit log (GitHub Enterprise Cloud)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AuditLogEvent:
    """One event: what the audit reasons with, plus GitHub's record kept verbatim as evidence.

    The audit exports ``record`` unchanged (auditors compare it with GitHub's own export), so it is
    the one place GitHub's JSON travels on; nothing reads fields out of it.
    """

    action: str
    # ISO 8601 UTC (``2026-11-26T10:00:00Z``), from ``@timestamp`` (milliseconds) or ``created_at``.
    at: str | None
    record: Mapping[str, Any] = field(default_factory=dict)
