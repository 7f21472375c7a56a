"""Webhooks end to end through the CLI on the sandbox: the Flux Receiver on d1-fleet, an organisation hook.

The sandbox keeps only a SHA-256 of a webhook's secret (and masks it in its request log), so the tests
check what was sent without any secret being stored, and that no secret appears anywhere.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox.audit_data import add_hook, audit_data

pytestmark = pytest.mark.e2e

RECEIVER = "https://flux-webhook.d1.example.com/hook/5f6d2c"
AUDIT_SINK = "https://audit.example.com/github"
TOKEN = "receiver-token-that-must-never-leak"
ROTATED = "rotated-receiver-token-never-leaks"
ENV = {"RECEIVER_TOKEN": TOKEN}


def _document() -> dict[str, Any]:
    return {
        "organization": "hooks",
        "members": {"owners": ["olivia"], "members": ["mia"]},
        "webhooks": {AUDIT_SINK: {"content_type": "json", "events": ["repository", "member", "team"]}},
        "repositories": {
            "d1-fleet": {
                "visibility": "private",
                "webhooks": {
                    RECEIVER: {"content_type": "json", "events": ["push"], "secret": "env:RECEIVER_TOKEN"}
                },
            }
        },
    }


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return directory


def _hooks(sandbox: Any, repo: str | None = None) -> dict[str, dict[str, Any]]:
    data = audit_data(sandbox.state)
    hooks = data.repository_hooks.get(repo, []) if repo else data.hooks
    return {hook["config"]["url"]: hook for hook in hooks}


def _no_secret_anywhere(sandbox: Any, *texts: str) -> None:
    logged = repr([entry.body for entry in sandbox.log])
    for secret in (TOKEN, ROTATED):
        for text in (*texts, sandbox.state.dumps(), logged):
            assert secret not in text


def test_the_flux_receiver_webhook_applies_converges_rotates_and_imports(tmp_path: Path) -> None:
    document = _document()
    with github_for(Organization.model_validate(document)) as sandbox:
        config = _write(tmp_path, document, "base")
        planned = ghprov(sandbox, "plan", "--config", str(config), env=ENV)
        assert planned.exit_code == 2, planned.stderr
        assert RECEIVER in planned.stdout and AUDIT_SINK in planned.stdout
        assert "from env:RECEIVER_TOKEN" in planned.stdout

        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes", "-v", env=ENV)
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        receiver = _hooks(sandbox, "d1-fleet")[RECEIVER]
        assert receiver["secret_sha256"] == hashlib.sha256(TOKEN.encode()).hexdigest()
        assert (receiver["config"]["content_type"], receiver["events"]) == ("json", ["push"])
        sink = _hooks(sandbox)[AUDIT_SINK]
        assert sink["events"] == ["member", "repository", "team"] and "secret_sha256" not in sink
        assert ghprov(sandbox, "plan", "--config", str(config), env=ENV).exit_code == 0

        # Events alone: PATCHed without the config, so no secret is read or sent.
        changed = copy.deepcopy(document)
        changed["repositories"]["d1-fleet"]["webhooks"][RECEIVER]["events"] = ["push", "ping"]
        mark = len(sandbox.log)
        assert (
            ghprov(
                sandbox, "apply", "--config", str(_write(tmp_path, changed, "events")), "--yes", env=ENV
            ).exit_code
            == 0
        )
        [patch] = [e for e in sandbox.log[mark:] if e.method == "PATCH"]
        assert patch.body == {"events": ["ping", "push"], "active": True}

        # A new secret cannot be seen; --rotate-secrets sends it, and only then does it change.
        rotated_env = {"RECEIVER_TOKEN": ROTATED}
        events_config = _write(tmp_path, changed, "events")
        rotated = ghprov(
            sandbox, "apply", "--config", str(events_config), "--yes", "--rotate-secrets", env=rotated_env
        )
        assert rotated.exit_code == 0, rotated.stderr + rotated.stdout
        assert (
            _hooks(sandbox, "d1-fleet")[RECEIVER]["secret_sha256"]
            == hashlib.sha256(ROTATED.encode()).hexdigest()
        )

        imported = tmp_path / "imported"
        result = ghprov(sandbox, "import", "--org", "hooks", "--out", str(imported))
        assert result.exit_code == 0, result.stderr
        files = "\n".join(path.read_text() for path in sorted(imported.glob("*.yaml")))
        assert "env:GHPROV_SECRET_D1_FLEET_WEBHOOK_FLUX_WEBHOOK_D1_EXAMPLE_COM_HOOK_5F6D2C" in files
        assert AUDIT_SINK in files  # the organisation's webhook too
        assert "GHPROV_SECRET_D1_FLEET_WEBHOOK" in result.stderr  # a warning names the placeholder
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr
        _no_secret_anywhere(
            sandbox, planned.stdout, applied.stdout + applied.stderr, rotated.stdout, files, result.stderr
        )


def test_unknown_events_are_config_errors_and_nothing_is_sent(tmp_path: Path) -> None:
    document = _document()
    document["repositories"]["d1-fleet"]["webhooks"][RECEIVER]["events"] = ["push", "pull-request"]
    with github_for(Organization.model_validate(_document())) as sandbox:
        mark = len(sandbox.log)
        result = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, document, "bad")), env=ENV)
        assert result.exit_code == 1
        assert (
            "org.yaml:" in result.stderr and "unknown repository webhook event: pull-request" in result.stderr
        )
        assert sandbox.log[mark:] == []


def test_prune_and_a_dropped_secret_and_a_member_cannot_plan(tmp_path: Path) -> None:
    document = _document()
    with github_for(Organization.model_validate(document)) as sandbox:
        assert (
            ghprov(
                sandbox, "apply", "--config", str(_write(tmp_path, document, "base")), "--yes", env=ENV
            ).exit_code
            == 0
        )
        add_hook(sandbox.state, "https://stray.example.com/x", secret="stray-secret", repo="d1-fleet")
        pruning = copy.deepcopy(document)
        pruning["prune"] = {"webhooks": True}
        del pruning["repositories"]["d1-fleet"]["webhooks"][RECEIVER]["secret"]
        config = _write(tmp_path, pruning, "prune")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        changes = {c["address"]: c for c in planned.json()["changes"]}
        assert changes["repository_webhook:d1-fleet/https://stray.example.com/x"]["action"] == "delete"
        dropped = changes[f"repository_webhook:d1-fleet/{RECEIVER}"]
        assert {"field": "secret", "before": "set", "after": None} in dropped["fields"]
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-delete", "--force")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        assert list(_hooks(sandbox, "d1-fleet")) == [RECEIVER]
        assert "secret_sha256" not in _hooks(sandbox, "d1-fleet")[RECEIVER]

        member = ghprov(sandbox, "plan", "--config", str(config), token="member")
        assert member.exit_code == 1 and "webhooks" in member.stderr
