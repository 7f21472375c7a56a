"""Running ghprov as a child process and measuring it: wall time, peak RSS, exit code, output."""

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


def run_ghprov(*arguments: str, env: dict[str, str]) -> Run:
    """Run ``python -m ghprov ARGUMENTS`` and measure that process alone (``wait4`` rusage)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "ghprov", *arguments],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    # communicate() already reaped the child, so read its rusage from the children total delta.
    return Run(process.returncode, wall, _children_peak_rss_mb(), stdout, stderr)


def _children_peak_rss_mb() -> float:
    import resource

    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far (kilobytes on Linux); each benchmark
    # step runs in its own interpreter (see run.py), so this is the ghprov process measured.
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
