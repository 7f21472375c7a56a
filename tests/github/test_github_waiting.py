"""Waiting before retries: one status line on a terminal, one warning per reason in logs."""

from __future__ import annotations

import io
import threading

from github_support import FakeClock
from rich.console import Console
from structlog.testing import capture_logs

from ghprov.github.waiting import RetryWaits


def levels(logs: list[dict[str, object]]) -> list[tuple[object, object]]:
    return [(entry["log_level"], entry["reason"]) for entry in logs if entry["event"] == "github.retry"]


def test_logs_warn_once_per_reason_and_keep_the_repeats_at_debug_level() -> None:
    clock = FakeClock()
    waits = RetryWaits(clock.sleep, clock, interactive=False, quiet_seconds=30)
    with capture_logs() as logs:
        for path in (f"/orgs/acme/r{n}" for n in range(7)):
            waits.wait(0.5, reason="connection refused", method="GET", path=path, attempt=1)
        waits.wait(7, reason="secondary rate limit", method="PUT", path="/orgs/acme/x", attempt=1)
    assert levels(logs) == [("warning", "connection refused")] + [("debug", "connection refused")] * 6 + [
        ("warning", "secondary rate limit")
    ]
    warning = logs[0]
    assert (warning["method"], warning["path"], warning["wait_seconds"], warning["attempt"]) == (
        "GET",
        "/orgs/acme/r0",
        0.5,
        1,
    )
    assert clock.sleeps == [0.5] * 7 + [7]


def test_a_reason_warns_again_once_the_quiet_period_is_over() -> None:
    clock = FakeClock()
    waits = RetryWaits(clock.sleep, clock, interactive=False, quiet_seconds=30)
    with capture_logs() as logs:
        waits.wait(20, reason="server error")
        waits.wait(20, reason="server error")
        waits.wait(1, reason="server error")
    assert [level for level, _ in levels(logs)] == ["warning", "debug", "warning"]


def test_a_terminal_gets_one_transient_status_line_and_no_log_lines() -> None:
    clock = FakeClock()
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    waits = RetryWaits(clock.sleep, clock, interactive=True, console=console)
    with capture_logs() as logs:
        waits.wait(3, reason="connection refused", method="GET", path="/orgs/acme")
    assert [level for level, _ in levels(logs)] == ["debug"]
    # A long wait counts down in one-second steps on the status line.
    assert clock.sleeps == [1.0, 1.0, 1.0]
    shown = screen.getvalue()
    assert "GitHub: connection refused; retrying 1 request in 1 s" in shown
    # Transient: the line is erased once nobody waits.
    assert shown.endswith("\x1b[2K") and waits._status is None


def test_parallel_waits_share_one_status_line() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    started = threading.Barrier(4)  # three waiting threads and this one
    release = threading.Event()

    def sleep(_: float) -> None:
        started.wait(timeout=5)
        release.wait(timeout=5)

    waits = RetryWaits(sleep, lambda: 0.0, interactive=True, console=console)
    threads = [
        threading.Thread(target=waits.wait, args=(0.5,), kwargs={"reason": "connection refused"})
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    started.wait(timeout=5)
    status = waits._status
    assert status is not None and waits._waiting == 3
    release.set()
    for thread in threads:
        thread.join(timeout=5)
    assert waits._status is None and waits._waiting == 0
