"""Stop API servers and etcds left running by a test run that was killed before it could stop them.

A lab stops its processes through their handles; a run killed from outside (``timeout``, Ctrl-C twice,
a CI job cancelled) cannot, and its kube-apiservers live on with parent PID 1, holding ports and
memory. So every process a lab starts is recorded here with the PID of the run that owns it; the next
lab that starts stops the processes whose owner is gone — by their own PID, and only when the
process start time still matches the record (a PID the system has since given to another process is
left alone).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import tempfile
import time
from pathlib import Path

REGISTRY = Path(tempfile.gettempdir()) / "ghprov-k8s-lab"
STOP_WAIT_SECONDS = 10.0


def record(process: subprocess.Popen[bytes]) -> None:
    """Remember ``process`` as owned by this run."""
    started = start_time(process.pid)
    if started is None:  # already gone
        return
    REGISTRY.mkdir(parents=True, exist_ok=True)
    program = process.args[0] if isinstance(process.args, list | tuple) else process.args
    entry = {"pid": process.pid, "owner": os.getpid(), "started": started, "program": str(program)}
    (REGISTRY / f"{process.pid}.json").write_text(json.dumps(entry))


def forget(process: subprocess.Popen[bytes]) -> None:
    """The process was stopped by its owner."""
    with contextlib.suppress(FileNotFoundError):
        (REGISTRY / f"{process.pid}.json").unlink()


def stop_leftovers() -> list[int]:
    """Stop the recorded processes whose owning run has ended; the PIDs stopped."""
    stopped = []
    for path in sorted(REGISTRY.glob("*.json")) if REGISTRY.is_dir() else ():
        try:
            entry = json.loads(path.read_text())
            pid, owner, started = int(entry["pid"]), int(entry["owner"]), int(entry["started"])
        except (OSError, ValueError, KeyError, TypeError):
            path.unlink(missing_ok=True)
            continue
        if _alive(owner):
            continue
        if start_time(pid) == started:
            _stop(pid)
            stopped.append(pid)
        path.unlink(missing_ok=True)
    return stopped


def start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (``/proc/PID/stat`` field 22), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[19])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stop(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    while time.monotonic() < deadline and start_time(pid) is not None and not _zombie(pid):
        time.sleep(0.1)
    if start_time(pid) is not None and not _zombie(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat[stat.rindex(")") + 2 :].startswith("Z")
