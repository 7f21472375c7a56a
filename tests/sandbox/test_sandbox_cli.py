"""``ghprov sandbox serve``: starts quickly, prints URL and tokens, saves state on Ctrl-C, reloads it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import requests


def _serve(state_file: Path, *extra: str) -> tuple[subprocess.Popen[str], list[str]]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ghprov",
            "sandbox",
            "serve",
            "--port",
            "0",
            "--state",
            str(state_file),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(6)]
    return process, lines


def _stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=10)
    return out


def test_serve_prints_tokens_and_persists_state(tmp_path: Path) -> None:
    state_file = tmp_path / "org.json"
    process, lines = _serve(state_file, "--org", "demo")
    try:
        url = lines[0].split(" at ")[1].strip()
        owner_token = next(line.split()[-1] for line in lines if line.strip().startswith("owner"))
        headers = {"Authorization": f"Bearer {owner_token}"}
        created = requests.post(
            f"{url}/orgs/demo/teams", json={"name": "persisted"}, headers=headers, timeout=5
        )
        assert created.status_code == 201
    finally:
        out = _stop(process)
    assert f"state saved to {state_file}" in out
    process, lines = _serve(state_file)
    try:
        url = lines[0].split(" at ")[1].strip()
        token = next(line.split()[-1] for line in lines if line.strip().startswith("owner"))
        assert token == owner_token
        team = requests.get(
            f"{url}/orgs/demo/teams/persisted", headers={"Authorization": f"Bearer {token}"}, timeout=5
        )
        assert team.status_code == 200
    finally:
        _stop(process)


def test_bad_fault_spec_is_a_clear_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ghprov", "sandbox", "serve", "--port", "0", "--faults", "boom"],
        capture_output=True,
        text=True,
        timeout=20,
        env={**os.environ},
    )
    assert result.returncode == 1
    assert "error: invalid fault spec part 'boom'" in result.stderr
    assert "Traceback" not in result.stderr
