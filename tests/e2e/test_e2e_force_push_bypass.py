"""Force-push bypass end to end on the sandbox: the plan's access diff, the bot rail, the gate and the audit.

The bot's classic force-push allowance goes through GraphQL (``bypassForcePushActorIds``) and is read
back through ``bypassForcePushAllowances``; every answer is checked against GitHub's schemas.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from e2e_support import config_dir, ghprov, github_for
from pydantic import SecretStr

from ghprov.config import load_config
from ghprov.model import Organization
from ghprov.plan import SafetyOptions, check_plan_safety
from ghprov.services.planning import make_plan
from ghprov.settings import Settings

pytestmark = pytest.mark.e2e

MAIN: dict[str, Any] = {
    "required_approving_review_count": 1,
    "enforce_admins": True,
    "bypass_pull_request_allowances": {"users": ["flux-bot"]},
    "bypass_force_push_allowances": {"users": ["flux-bot"]},
}
BASE: dict[str, Any] = {
    "organization": "history",
    "members": {"owners": ["olivia"], "members": ["carol", "flux-bot"]},
    "bots": {"flux-bot": {"teams": ["flux-bots"]}},
    "teams": {
        "platform-team": {"privacy": "closed", "members": ["carol"], "repositories": {"tools": "write"}},
        "flux-bots": {"privacy": "closed", "repositories": {"tools": "write"}},
    },
    "repositories": {
        "tools": {"visibility": "private", "default_branch": "main", "branch_protection": {"main": MAIN}}
    },
}


def _variant(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    change(document["repositories"]["tools"]["branch_protection"]["main"])
    return document


def test_force_push_bypass_shows_in_the_plan_holds_at_apply_and_reaches_the_audit(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        sandbox.settings.auto_accept_invitations = True
        base = config_dir(tmp_path, BASE, "base")
        applied = ghprov(sandbox, "apply", "--config", str(base), "--yes")
        assert applied.exit_code == 0, applied.stdout + applied.stderr
        converged = ghprov(sandbox, "plan", "--config", str(base))
        assert converged.exit_code == 0, converged.stdout + converged.stderr

        # A config that drops only the bot's force-push allowance: the diff names exactly that.
        stripped = config_dir(
            tmp_path, _variant(lambda main: main.pop("bypass_force_push_allowances")), "stripped"
        )
        saved = tmp_path / "plan.json"
        planned = ghprov(sandbox, "plan", "--config", str(stripped), "--out", str(saved))
        assert planned.exit_code == 2, planned.stdout + planned.stderr
        assert (
            "- flux-bot loses force-push bypass on tools@main (via bypass_force_push_allowances)"
            in planned.stdout
        )
        assert "review bypass" not in planned.stdout
        access = json.loads(saved.read_text())["access_changes"]
        assert [(a["principal"], a["before"], a["after"], a["gain"]) for a in access] == [
            ("user:flux-bot", "force-push bypass", None, False)
        ]

        # The saved plan, applied with the config that still gives the bot its force-push bypass, is refused
        # before anything is written; the bot rail holds the same line on the plan read from the sandbox.
        mark = len(sandbox.log)
        refused = ghprov(sandbox, "apply", str(saved), "--config", str(base), "--yes")
        assert refused.exit_code == 1, refused.stdout + refused.stderr
        assert [e for e in sandbox.log[mark:] if e.is_write and e.path != "/graphql"] == []
        settings = Settings(
            token=SecretStr(sandbox.tokens["owner"]), api_url=sandbox.url, write_interval_seconds=0
        )
        result = make_plan(stripped, settings)
        violations = check_plan_safety(
            result.plan, result.live, load_config(base).organization, SafetyOptions()
        )
        assert [(v.rule, v.address, v.message) for v in violations] == [
            (
                "bot-bypass",
                "branch_protection:tools/main",
                "the plan takes away what the config gives bot flux-bot: "
                "force-push bypass (user:flux-bot in bypass_force_push_allowances)",
            )
        ]

        # A person gaining a force-push bypass trips the access-gain gate.
        wider = _variant(
            lambda main: main.update(bypass_force_push_allowances={"users": ["carol", "flux-bot"]})
        )
        gated = ghprov(
            sandbox,
            "plan",
            "--config",
            str(config_dir(tmp_path, wider, "wider")),
            "--fail-on-access-gain",
            "tool*",
        )
        assert gated.exit_code == 3, gated.stdout + gated.stderr
        assert "carol gains force-push bypass on tools@main" in gated.stderr
        assert (
            ghprov(sandbox, "apply", "--config", str(config_dir(tmp_path, wider, "w2")), "--yes").exit_code
            == 0
        )

        # The audit reads the allowance back through GraphQL and names the path in every format.
        out = tmp_path / "audit"
        profile = tmp_path / "profile.yaml"
        profile.write_text(json.dumps({"bots": ["flux-bot"], "bot_branches": {"tools": ["main"]}}))
        exported = ghprov(
            sandbox,
            "audit",
            "export",
            "--org",
            "history",
            "--out",
            str(out),
            "--format",
            "json,csv,md,sarif",
            "--fail-on",
            "none",
            "--profile",
            str(profile),
        )
        assert exported.exit_code == 0, exported.stdout + exported.stderr
        findings = json.loads((out / "findings.json").read_text())["findings"]
        history = next(f for f in findings if f["check_id"] == "REPO-02" and f["resource"]["name"] == "tools")
        assert history["status"] == "FAILED"
        assert history["actual"]["force_push_bypass"] == {
            "user:carol": "classic_protection bypass_force_push_allowances",
            "user:flux-bot": "classic_protection bypass_force_push_allowances",
        }
        assert "user:flux-bot" not in history["message"]  # the declared bot on its push branch is accepted
        path = "user:carol (classic_protection bypass_force_push_allowances)"
        for name in ("findings.csv", "report.md", "findings.sarif"):
            assert path in (out / name).read_text(), name
        snapshot = json.loads((out / "snapshot.json").read_text())
        assert {(row["principal"], row["scope"]) for row in snapshot["bypasses"]} >= {
            ("user:carol", "force-push"),
            ("user:flux-bot", "force-push"),
            ("user:flux-bot", "review"),
        }
