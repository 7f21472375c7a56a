"""`ghprov plan` when nothing listens at the API URL: one clear error, exit 1, a few lines, quickly.

Run as a real process, so stderr is a pipe (logs are JSON lines) or a pseudo-terminal (people see a
status line), exactly as a user or CI would get them.
"""

from __future__ import annotations

import json
import os
import pty
import socket
import subprocess
import sys
from pathlib import Path

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "config"
TOKEN = "ghp_notarealtoken"


@pytest.fixture
def refused_url() -> str:
    """A 127.0.0.1 address with nobody listening (the port was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def environment() -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("GHPROV_") and name != "GITHUB_TOKEN"
    }
    return env | {"GHPROV_TOKEN": TOKEN}


def plan(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ghprov", "plan", "--config", str(CONFIG), "--api-url", url, *extra]
    return subprocess.run(command, capture_output=True, text=True, env=environment(), timeout=60, check=False)


def retries(stderr: str) -> list[dict[str, object]]:
    events = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    return [event for event in events if event["event"] == "github.retry"]


def test_a_refused_connection_is_one_error_in_a_few_lines(refused_url: str) -> None:
    result = plan(refused_url)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) <= 3, lines
    assert lines[-2].startswith("error: no answer from GitHub for ")
    assert lines[-2].endswith(f"could not reach {refused_url} (ConnectError)")
    assert lines[-1].startswith("hint: Check GHPROV_API_URL")
    # Structured, but one warning for the reason, not one per request and attempt.
    assert [(event["reason"], event["level"]) for event in retries(result.stderr)] == [
        ("connection refused", "warning")
    ]
    assert TOKEN not in result.stderr + result.stdout


def test_every_request_retries_a_refused_connection_once_after_the_base_back_off(refused_url: str) -> None:
    result = plan(refused_url, "--verbose")
    assert result.returncode == 1
    waits = retries(result.stderr)
    assert waits, result.stderr
    # Every request was retried once (a second retry would say attempt 2), after 0.5 s: no growing
    # back-off.
    assert {(event["attempt"], event["wait_seconds"]) for event in waits} == {(1, 0.5)}


def test_a_terminal_sees_a_status_line_instead_of_log_lines(refused_url: str) -> None:
    controller, terminal = pty.openpty()
    command = [sys.executable, "-m", "ghprov", "plan", "--config", str(CONFIG), "--api-url", refused_url]
    with subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=terminal, stderr=terminal, env=environment()
    ) as process:
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the process closed its end of the terminal
                break
            if not chunk:
                break
            shown += chunk
        code = process.wait(timeout=60)
    os.close(controller)
    text = shown.decode(errors="replace")
    assert code == 1
    assert "GitHub: connection refused; retrying" in text
    assert "github.retry" not in text
    assert "error: no answer from GitHub for " in text and f"could not reach {refused_url}" in text
