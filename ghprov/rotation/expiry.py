"""Token expiry: days left and the warn/error policy (R14)."""

from __future__ import annotations

import datetime
import enum

from ghprov.rotation.config import ExpiryPolicy


class Level(enum.IntEnum):
    """Scheduler-style severities; their order is their badness."""

    OK = 0
    WARNING = 1
    UNKNOWN = 2
    CRITICAL = 3

    @property
    def exit_code(self) -> int:
        """Nagios-style: 0 ok, 1 warning, 2 critical, 3 unknown."""
        return {Level.OK: 0, Level.WARNING: 1, Level.CRITICAL: 2, Level.UNKNOWN: 3}[self]


def days_left(expires_at: datetime.datetime | None, now: datetime.datetime) -> float | None:
    """Days until expiry (negative once expired); None when the token does not expire."""
    if expires_at is None:
        return None
    return (expires_at - now).total_seconds() / 86400


def classify_expiry(days: float | None, policy: ExpiryPolicy) -> Level:
    """OK, WARNING below ``warn_days``, CRITICAL below ``error_days`` (or expired)."""
    if days is None:
        return Level.OK
    if days < policy.error_days or days <= 0:
        return Level.CRITICAL
    if days < policy.warn_days:
        return Level.WARNING
    return Level.OK
