"""``init d1 --receiver-url`` end to end on the sandbox: the Flux Receiver webhooks are created with their
secrets sealed as the webhook writer sends them, plan converges, and import round-trips, with no
Receiver token in any output, file, request log or sandbox state."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from e2e_support import ghprov, github_for
from typer.testing import CliRunner

from ghprov.cli.commands import register_all
from ghprov.cli.main import app
from ghprov.config import load_config
from ghprov_testbeds.sandbox.audit_data import audit_data

pytestmark = pytest.mark.e2e

STAGING = "https://flux-webhook.staging.example.com/hook/" + "5f" * 32
PROD = "https://flux-webhook.eu.example.com/hook/" + "6e" * 32
APPS = "https://flux-webhook.staging.example.com/hook/" + "7d" * 32
PLATFORM_TOKEN = "platform-receiver-token-never-printed"
APPS_TOKEN = "apps-receiver-token-never-printed"
ENV = {"FLUX_RECEIVER_TOKEN": PLATFORM_TOKEN, "RECEIVER_APPS": APPS_TOKEN}


def _init(out: Path) -> str:
    register_all(app)
    result = CliRunner().invoke(
        app,
        [
            "init", "d1", "--org", "acme", "--bot", "acme-flux-bot", "--tenant", "apps",
            "--cluster", "staging", "--cluster", "prod-eu", "--owner", "olivia,oscar",
            "--maintainer", "platform=olivia", "--member", "apps=mia",
            "--receiver-url", STAGING, "--receiver-url", PROD, "--receiver-url", f"apps={APPS}",
            "--receiver-secret", "apps=env:RECEIVER_APPS", "--out", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stdout + result.stderr


def _hooks(sandbox: Any, repo: str) -> dict[str, dict[str, Any]]:
    return {hook["config"]["url"]: hook for hook in audit_data(sandbox.state).repository_hooks.get(repo, [])}


def test_init_receivers_apply_converge_and_import_without_any_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = tmp_path / "d1"
    outputs = [_init(generated)]
    for name, value in ENV.items():  # an unreadable reference is an error wherever the config loads
        monkeypatch.setenv(name, value)
    organization = load_config(generated).organization
    with github_for(organization) as sandbox:
        config = str(generated)
        planned = ghprov(sandbox, "plan", "--config", config, env=ENV)
        assert planned.exit_code == 2, planned.stderr
        assert "from env:FLUX_RECEIVER_TOKEN" in planned.stdout and STAGING in planned.stdout

        applied = ghprov(sandbox, "apply", "--config", config, "--yes", "-v", env=ENV)
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        digest = {
            "platform": hashlib.sha256(PLATFORM_TOKEN.encode()).hexdigest(),
            "apps": hashlib.sha256(APPS_TOKEN.encode()).hexdigest(),
        }
        expected = {"d1-fleet": (STAGING, PROD), "d1-infra": (STAGING, PROD), "d1-apps": (APPS,)}
        for repo, urls in expected.items():
            hooks = _hooks(sandbox, repo)
            assert sorted(hooks) == sorted(urls)
            for hook in hooks.values():
                assert hook["events"] == ["ping", "push"] and hook["active"] is True
                assert hook["config"]["content_type"] == "json"
                assert hook["config"]["insecure_ssl"] == "0"
                team = "apps" if repo == "d1-apps" else "platform"
                assert hook["secret_sha256"] == digest[team]
        creations = [e for e in sandbox.log if e.method == "POST" and e.path.endswith("/hooks")]
        assert len(creations) == 5  # one per (repository, Receiver), each request checked by the contract

        again = ghprov(sandbox, "plan", "--config", config, env=ENV)
        assert again.exit_code == 0, again.stdout + again.stderr

        imported = tmp_path / "imported"
        result = ghprov(sandbox, "import", "--org", "acme", "--out", str(imported))
        assert result.exit_code == 0, result.stderr
        files = "\n".join(path.read_text() for path in sorted(imported.glob("*.yaml")))
        assert STAGING in files and APPS in files
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr

        outputs += [planned.stdout, applied.stdout + applied.stderr, again.stdout, files, result.stderr]
        outputs += [path.read_text() for path in generated.rglob("*.yaml")]
        outputs += [sandbox.state.dumps(), repr([entry.body for entry in sandbox.log])]
        for text in outputs:
            assert PLATFORM_TOKEN not in text and APPS_TOKEN not in text
