"""A safety rail's verdict on one resource, with the flag (if any) that overrides it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SafetyViolation:
    rule: str
    address: str
    message: str
    # The flag that lifts this rail, or None when only a config change can.
    override: str | None

    def __str__(self) -> str:
        lift = f" (override: {self.override})" if self.override else " (change the config to lift this)"
        return f"{self.address}: {self.message}{lift}"
