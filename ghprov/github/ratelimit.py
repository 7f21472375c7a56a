"""GitHub's rate limits: telling primary from secondary limits, and how long each asks to wait.

Rules from GitHub's best-practices page: honour ``retry-after`` when present; else, with
``x-ratelimit-remaining: 0``, wait for ``x-ratelimit-reset``; else wait at least a minute and back
off exponentially on repeats.
"""

from __future__ import annotations

import email.utils
import enum
import time
from collections.abc import Mapping

SECONDARY_DEFAULT_WAIT = 60.0
SECONDARY_MAX_WAIT = 600.0


class Throttle(enum.Enum):
    """Why GitHub refused a request, as far as rate limits go."""

    NONE = "none"
    PRIMARY = "primary"
    SECONDARY = "secondary"


def classify(status: int, headers: Mapping[str, str], message: str) -> Throttle:
    """Which rate limit (if any) a response reports."""
    if status not in (403, 429):
        return Throttle.NONE
    lowered = message.lower()
    if headers.get("retry-after") is not None or "secondary rate limit" in lowered:
        return Throttle.SECONDARY
    if headers.get("x-ratelimit-remaining") == "0" or lowered.startswith("api rate limit exceeded"):
        return Throttle.PRIMARY
    if status == 429 or lowered.endswith("please wait a few minutes before you try again."):
        return Throttle.SECONDARY
    return Throttle.NONE


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds: GitHub sends a number; HTTP also allows a date (RFC 9110 §10.2.3)."""
    if value is None:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # unreadable: the caller falls back to GitHub's documented one-minute wait
    return max(0.0, moment.timestamp() - time.time())


def secondary_wait(headers: Mapping[str, str], repeat: int) -> float:
    """Seconds to wait after a secondary limit: ``retry-after``, else a minute doubling per repeat."""
    retry_after = retry_after_seconds(headers.get("retry-after"))
    if retry_after is not None:
        return retry_after
    doubled: float = SECONDARY_DEFAULT_WAIT * 2.0 ** max(0, repeat - 1)
    return min(doubled, SECONDARY_MAX_WAIT)


def reset_at(headers: Mapping[str, str]) -> float | None:
    """The primary limit's reset as epoch seconds, when GitHub said."""
    value = headers.get("x-ratelimit-reset")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
