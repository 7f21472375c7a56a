"""Running ghprov as a child process and measuring that process alone: wall time and peak RSS."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    exit_code: int
    wall_seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str
    # User plus system CPU time of the child: unlike wall time, barely moved by other load on the machine.
    cpu_seconds: float = 0.0


def run_ghprov(*arguments: str, env: dict[str, str]) -> Run:
    """Run ``python -m ghprov ARGUMENTS``; ``os.wait4`` gives this child's own resource usage."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "ghprov", *arguments],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Read the pipes ourselves so the child is reaped by wait4, not by communicate().
    assert process.stdout is not None and process.stderr is not None
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return Run(process.returncode, wall, usage.ru_maxrss / 1024, stdout, stderr, cpu)
