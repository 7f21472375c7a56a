"""Serialised, spaced writes: GitHub asks for at least a second between mutating requests.

The one write schedule of a client. The client sends every write (and every retry of one) through
``turn()``; apply shares the client's pacer to hold it after a Retry-After, so there is one clock
deciding when the next write may start.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Pacer:
    """Keeps ``interval`` seconds between the end of one write and the start of the next."""

    def __init__(self, interval: float, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._not_before: float | None = None
        self._turns = threading.Lock()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """One write at a time: wait for the gap, send, then start the next gap when it is done."""
        with self._turns:
            self.wait()
            try:
                yield
            finally:
                self.written()

    def wait(self) -> None:
        """Sleep until the next write may start."""
        if self._not_before is None:
            return
        delay = self._not_before - self.clock()
        if delay > 0:
            self.sleep(delay)

    def written(self) -> None:
        """Record that a write just finished."""
        self._push(self.clock() + self.interval)

    def hold(self, seconds: float) -> None:
        """Delay the next write by at least ``seconds`` from now (a Retry-After)."""
        self._push(self.clock() + max(seconds, self.interval))

    def at_least(self, interval: float) -> None:
        """Raise the gap to ``interval`` if it is shorter (a caller may ask for more spacing, never less)."""
        self.interval = max(self.interval, interval)

    def _push(self, moment: float) -> None:
        if self._not_before is None or moment > self._not_before:
            self._not_before = moment


def pacer_of(client: object) -> Pacer | None:
    """The pacer a client spaces its own writes with (``GitHubClient.pacer``), if it has one."""
    pacer = getattr(client, "pacer", None)
    return pacer if isinstance(pacer, Pacer) else None
