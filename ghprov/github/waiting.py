"""Waiting before a retry, told once rather than per request.

A read sends up to eight requests at a time; when GitHub is unreachable or throttling, every one of
them retries. People see one transient status line on a terminal; logs (CI, pipes) get one structured
``github.retry`` warning per reason and ``quiet_seconds``, with the repeats at debug level
(``--verbose``), so a failing read costs a line, not one per request and attempt.
"""

from __future__ import annotations

import functools
import math
import sys
import threading
from collections.abc import Callable
from typing import Any

import structlog
from rich.console import Console
from rich.status import Status

log = structlog.get_logger("ghprov.github")

# Long waits on a terminal count down in steps of this many seconds.
COUNTDOWN_STEP = 1.0


@functools.cache
def stderr_console() -> Console:
    """The terminal console every live display of the github layer shares, so they nest, not clash."""
    return Console(stderr=True)


class RetryWaits:
    """Sleeps before retries and says so, without a flood; shared by every thread of one client."""

    def __init__(
        self,
        sleep: Callable[[float], None],
        clock: Callable[[], float],
        *,
        interactive: bool | None = None,
        quiet_seconds: float = 30.0,
        console: Console | None = None,
    ) -> None:
        self._sleep = sleep
        self._clock = clock
        self._interactive = sys.stderr.isatty() if interactive is None else interactive
        self._quiet_seconds = quiet_seconds
        self._console = console
        self._lock = threading.Lock()
        self._last_warning: dict[str, float] = {}
        self._waiting = 0
        self._status: Status | None = None

    def wait(self, seconds: float, *, reason: str, **fields: Any) -> None:
        """Sleep ``seconds`` before retrying after ``reason``; ``fields`` describe the request."""
        self._tell(seconds, reason, fields)
        if not self._interactive:
            self._sleep(seconds)
            return
        self._enter(reason, seconds)
        try:
            remaining = seconds
            while remaining > 0:
                step = min(COUNTDOWN_STEP, remaining)
                self._sleep(step)
                remaining -= step
                if remaining > 0:
                    self._update(reason, remaining)
        finally:
            self._leave()

    def _tell(self, seconds: float, reason: str, fields: dict[str, Any]) -> None:
        now = self._clock()
        with self._lock:
            last = self._last_warning.get(reason)
            loud = not self._interactive and (last is None or now - last >= self._quiet_seconds)
            if loud:
                self._last_warning[reason] = now
        emit = log.warning if loud else log.debug
        emit("github.retry", reason=reason, wait_seconds=round(seconds, 1), **fields)

    def _enter(self, reason: str, seconds: float) -> None:
        with self._lock:
            self._waiting += 1
            text = self._text(reason, seconds)
            if self._status is None:
                self._status = (self._console or stderr_console()).status(text)
                self._status.start()
            else:
                self._status.update(text)

    def _update(self, reason: str, remaining: float) -> None:
        with self._lock:
            if self._status is not None:
                self._status.update(self._text(reason, remaining))

    def _leave(self) -> None:
        with self._lock:
            self._waiting -= 1
            if self._waiting == 0 and self._status is not None:
                self._status.stop()
                self._status = None

    def _text(self, reason: str, seconds: float) -> str:
        requests = "1 request" if self._waiting == 1 else f"{self._waiting} requests"
        return f"GitHub: {reason}; retrying {requests} in {math.ceil(max(seconds, 0))} s"
