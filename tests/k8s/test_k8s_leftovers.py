"""Processes a killed test run left behind are stopped by the next lab, by PID and start time only."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ghprov_testbeds.k8s_lab import leftovers

# A "run" that starts a long-lived child, records it as a lab would, and dies without stopping it.
ABANDONING_RUN = textwrap.dedent(
    """
    import subprocess, sys
    from pathlib import Path
    from ghprov_testbeds.k8s_lab import leftovers
    leftovers.REGISTRY = Path(sys.argv[1])
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    child = subprocess.Popen(["sleep", "120"], start_new_session=True, **quiet)
    leftovers.record(child)
    print(child.pid)
    """
)


def _abandon(registry: Path) -> int:
    out = subprocess.run(
        [sys.executable, "-c", ABANDONING_RUN, str(registry)], check=True, capture_output=True, text=True
    )
    return int(out.stdout.strip())


def _running(pid: int) -> bool:
    return leftovers.start_time(pid) is not None and not leftovers._zombie(pid)


def test_a_dead_runs_process_is_stopped_and_forgotten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(leftovers, "REGISTRY", tmp_path)
    orphan = _abandon(tmp_path)
    assert _running(orphan) and (tmp_path / f"{orphan}.json").exists()

    assert leftovers.stop_leftovers() == [orphan]
    deadline = time.monotonic() + 5
    while _running(orphan) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(orphan)
    assert list(tmp_path.iterdir()) == []


def test_a_live_runs_processes_and_reused_pids_are_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(leftovers, "REGISTRY", tmp_path)
    mine = subprocess.Popen(["sleep", "120"])
    try:
        leftovers.record(mine)  # owned by this (living) process
        orphan = _abandon(tmp_path)
        # The orphan's PID now belongs to "another process": its recorded start time no longer matches.
        record = tmp_path / f"{orphan}.json"
        record.write_text(record.read_text().replace('"started": ', '"started": 1'))

        assert leftovers.stop_leftovers() == []
        assert _running(mine.pid) and _running(orphan)
        assert [p.name for p in tmp_path.iterdir()] == [f"{mine.pid}.json"]
    finally:
        mine.terminate()
        mine.wait()
        leftovers.forget(mine)
        leftovers._stop(orphan)
