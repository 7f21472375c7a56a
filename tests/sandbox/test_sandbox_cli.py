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


APPLY = [sys.executable, "-m", "ghprov", "apply"]


def _url_and_owner(lines: list[str]) -> tuple[str, str, str]:
    url = lines[0].split(" at ")[1].strip()
    _, login, token = next(line.split() for line in lines if line.strip().startswith("owner"))
    return url, login, token


def test_serve_config_then_apply_with_api_url(tmp_path: Path) -> None:
    config = Path(__file__).resolve().parents[2] / "config"
    process, lines = _serve(tmp_path / "state.json", "--config", str(config))
    try:
        url, login, token = _url_and_owner(lines)
        assert "'acme-fleet'" in lines[0]
        assert login == "alice"  # the config's first owner
        env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "GHPROV_API_URL")}
        env["GHPROV_TOKEN"] = token
        applied = subprocess.run(
            [*APPLY, "--config", str(config), "--api-url", url, "--yes", "--write-interval", "0"],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        assert applied.returncode == 0, applied.stderr[-2000:]
        assert token not in applied.stdout + applied.stderr
        headers = {"Authorization": f"Bearer {token}"}
        memberships = requests.get(f"{url}/user/memberships/orgs", headers=headers, timeout=5)
        assert [(m["organization"]["login"], m["role"]) for m in memberships.json()] == [
            ("acme-fleet", "admin")
        ]
        # Everyone the config names has an account (a real GitHub would answer 404 otherwise).
        assert requests.get(f"{url}/users/acme-flux-bot", headers=headers, timeout=5).json()["type"] == "Bot"
    finally:
        _stop(process)


def test_serve_rate_limit_option(tmp_path: Path) -> None:
    process, lines = _serve(
        tmp_path / "state.json", "--seed", "empty", "--rate-limit", "2", "--rate-limit-status", "429"
    )
    try:
        url, _, token = _url_and_owner(lines)
        headers = {"Authorization": f"Bearer {token}"}
        answers = [requests.get(f"{url}/orgs/acme", headers=headers, timeout=5) for _ in range(3)]
    finally:
        _stop(process)
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].headers["x-ratelimit-limit"] == "2"
    assert answers[2].json()["message"].startswith("API rate limit exceeded for user ID")


def test_serve_refuses_conflicting_org_bad_limits_and_bad_configs(tmp_path: Path) -> None:
    config = Path(__file__).resolve().parents[2] / "config"
    broken = tmp_path / "org.yaml"
    broken.write_text("organization: acme\nteams: [not, a, mapping]\n", encoding="utf-8")
    for arguments, message in (
        (["--config", str(config), "--org", "other"], "error: --org 'other' differs from the config's"),
        (["--rate-limit-status", "500"], "error: unknown rate-limit status 500"),
        (["--config", str(broken)], "org.yaml:2:8: expected a mapping, got a list"),
    ):
        result = subprocess.run(
            [sys.executable, "-m", "ghprov", "sandbox", "serve", "--port", "0", *arguments],
            capture_output=True,
            text=True,
            timeout=20,
        )
        assert result.returncode == 1
        assert message in result.stderr
        assert "Traceback" not in result.stderr
