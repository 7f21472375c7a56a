"""Serialised, spaced writes: GitHub asks for at least a second between mutating requests."""

from __future__ import annotations

from collections.abc import Callable


class Pacer:
    """Keeps ``interval`` seconds between the end of one write and the start of the next."""

    def __init__(self, interval: float, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._not_before: float | None = None

    def wait(self) -> None:
        """Sleep until the next write may start."""
        if self._not_before is None:
            return
        delay = self._not_before - self.clock()
        if delay > 0:
            self.sleep(delay)

    def written(self) -> None:
        """Record that a write just finished (measured after any retries inside the client)."""
        self._push(self.clock() + self.interval)

    def hold(self, seconds: float) -> None:
        """Delay the next write by at least ``seconds`` from now (a Retry-After)."""
        self._push(self.clock() + max(seconds, self.interval))

    def _push(self, moment: float) -> None:
        if self._not_before is None or moment > self._not_before:
            self._not_before = moment
