"""GitHub's limits and failures: primary and secondary rate limits, injected faults."""

from __future__ import annotations

import math
import random
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from ghprov_testbeds.sandbox.settings import FaultSpec, SandboxSettings

SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
    "If you reach out to GitHub Support for help, please include the request ID."
)
SECONDARY_DOCS = (
    "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)
PRIMARY_DOCS = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api"
WINDOW_S = 3600


@dataclass
class Bucket:
    """One identity's hourly quota for one resource (``core`` or ``graphql``)."""

    limit: int
    used: int = 0
    reset: int = field(default_factory=lambda: int(time.time()) + WINDOW_S)

    def roll(self) -> None:
        if time.time() >= self.reset:
            self.used = 0
            self.reset = int(time.time()) + WINDOW_S

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def headers(self, resource: str) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset),
            "x-ratelimit-used": str(self.used),
            "x-ratelimit-resource": resource,
        }


class RateLimits:
    """Primary limits per (identity, resource); concurrency and write-rate secondary limits per identity."""

    def __init__(self, settings: SandboxSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, str], Bucket] = {}
        self._in_flight: dict[str, int] = {}
        self._writes: dict[str, deque[float]] = {}

    def bucket(self, who: str, resource: str) -> Bucket:
        with self._lock:
            limit = self.settings.graphql_rate_limit if resource == "graphql" else self.settings.rate_limit
            bucket = self._buckets.setdefault((who, resource), Bucket(limit=limit))
            bucket.limit = limit
            bucket.roll()
            return bucket

    def charge(self, who: str, resource: str, points: int = 1) -> None:
        bucket = self.bucket(who, resource)
        with self._lock:
            bucket.used += points

    def enter(self, who: str) -> bool:
        """Count a request in flight; False when it exceeds the concurrency limit."""
        with self._lock:
            current = self._in_flight.get(who, 0) + 1
            self._in_flight[who] = current
            return current <= self.settings.max_concurrent

    def leave(self, who: str) -> None:
        with self._lock:
            self._in_flight[who] = max(0, self._in_flight.get(who, 1) - 1)

    def admit_write(self, who: str) -> int | None:
        """Record a write; None if admitted, else the seconds to wait (for ``Retry-After``)."""
        allowed = self.settings.writes_per_window
        if allowed is None:
            return None
        window = self.settings.write_window_s
        now = time.monotonic()
        with self._lock:
            writes = self._writes.setdefault(who, deque())
            while writes and now - writes[0] >= window:
                writes.popleft()
            if len(writes) >= allowed:
                return max(1, math.ceil(window - (now - writes[0])))
            writes.append(now)
            return None

    def reset(self) -> None:
        """Forget every counter (tests use this between scenarios)."""
        with self._lock:
            self._buckets.clear()
            self._writes.clear()


class FaultInjector:
    """Decides, reproducibly for a seed, whether a request fails with a 5xx or a connection reset."""

    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        self._random = random.Random(spec.seed)
        self._lock = threading.Lock()

    def draw(self) -> str | None:
        """ "5xx", "reset" or None."""
        if not self.spec.active:
            return None
        with self._lock:
            roll = self._random.random()
        if roll < self.spec.server_error:
            return "5xx"
        if roll < self.spec.server_error + self.spec.reset:
            return "reset"
        return None
