"""Each safety rail of `ghprov apply`, through the CLI: a clear refusal, exit code 1, nothing written."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import requests
from e2e_support import ghprov, github_for

from ghprov.model import Organization

pytestmark = pytest.mark.e2e

BASE: dict[str, Any] = {
    "organization": "rails",
    "members": {"owners": ["olivia", "oscar"], "members": ["mia", "max", "mona", "milo", "flux-bot"]},
    "bots": {"flux-bot": {"teams": ["bots"]}},
    "teams": {
        "devs": {
            "privacy": "closed",
            "members": ["mia", "max", "mona", "milo"],
            "repositories": {"app": "write"},
        },
        "bots": {"privacy": "closed", "repositories": {"app": "write"}},
    },
    "repositories": {
        "app": {
            "visibility": "private",
            "branch_protection": {
                "main": {
                    "required_approving_review_count": 1,
                    "bypass_pull_request_allowances": {"users": ["flux-bot"]},
                }
            },
        }
    },
    "prune": {"members": True, "team_members": True, "team_repositories": True},
}


def _write(tmp_path: Path, document: dict[str, Any], name: str = "config") -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document))
    return directory


@pytest.fixture
def rails(tmp_path: Path) -> Any:
    """A sandbox where BASE has been applied; yields (sandbox, a function to write a config variant)."""
    organization = Organization.model_validate(BASE)
    with github_for(organization) as sandbox:
        sandbox.settings.auto_accept_invitations = True
        applied = ghprov(sandbox, "apply", "--config", str(_write(tmp_path, BASE, "base")), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout

        def variant(change: Any) -> Path:
            document = copy.deepcopy(BASE)
            change(document)
            return _write(tmp_path, document)

        yield sandbox, variant


def _refused(sandbox: Any, config: Path, *flags: str) -> str:
    mark = len(sandbox.log)
    result = ghprov(sandbox, "apply", "--config", str(config), "--yes", *flags)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert [e for e in sandbox.log[mark:] if e.is_write and not e.path.endswith("/graphql")] == []
    assert "Traceback" not in result.stderr
    return result.stderr


def test_removals_need_allow_delete(rails: Any) -> None:
    sandbox, variant = rails
    config = variant(lambda d: d["teams"]["devs"]["members"].remove("milo"))
    message = _refused(sandbox, config)
    assert "team_membership:devs/milo" in message and "--allow-delete" in message
    assert ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-delete").exit_code == 0


def test_removal_circuit_breaker_needs_force(rails: Any) -> None:
    sandbox, variant = rails
    config = variant(lambda d: d["teams"]["devs"].update(members=["mia"]))
    message = _refused(sandbox, config, "--allow-delete")
    assert "--force" in message
    assert (
        ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-delete", "--force").exit_code == 0
    )


def test_never_removes_the_last_owner_or_the_applying_identity(rails: Any) -> None:
    sandbox, variant = rails

    def demote_everyone(document: dict[str, Any]) -> None:
        document["members"] = {"owners": [], "members": [*BASE["members"]["members"], "olivia", "oscar"]}

    message = _refused(sandbox, variant(demote_everyone), "--allow-delete", "--force")
    assert "every owner" in message and "olivia" in message
    assert "must remain an owner" in message


def test_making_a_repository_public_needs_its_own_flag(rails: Any) -> None:
    sandbox, variant = rails
    config = variant(lambda d: d["repositories"]["app"].update(visibility="public"))
    assert "--allow-public" in _refused(sandbox, config)
    assert ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-public").exit_code == 0


def test_archiving_needs_its_own_flag(rails: Any) -> None:
    sandbox, variant = rails
    config = variant(lambda d: d["repositories"]["app"].update(archived=True))
    assert "--allow-archive" in _refused(sandbox, config)


def test_a_branch_nobody_can_merge_is_refused(rails: Any) -> None:
    sandbox, variant = rails

    def only_bots_write(document: dict[str, Any]) -> None:
        document["teams"]["devs"]["repositories"] = {"app": "read"}
        # GitHub made the owner who created the team its maintainer; manage that membership too.
        document["teams"]["bots"]["members"] = []

    message = _refused(sandbox, variant(only_bots_write), "--allow-delete")
    assert "nothing could be merged" in message


def test_a_stale_saved_plan_is_refused_naming_what_changed(rails: Any, tmp_path: Path) -> None:
    sandbox, variant = rails
    config = variant(lambda d: d["repositories"]["app"].update(description="the app"))
    plan_file = tmp_path / "plan.json"
    planned = ghprov(sandbox, "plan", "--config", str(config), "--out", str(plan_file))
    assert planned.exit_code == 2
    response = requests.patch(
        f"{sandbox.url}/orgs/rails/teams/devs",
        json={"description": "edited in the UI meanwhile"},
        headers={"Authorization": f"Bearer {sandbox.tokens['owner']}"},
        timeout=30,
    )
    assert response.status_code in (200, 201)
    message = _refused(sandbox, config, str(plan_file))
    assert "changed since the saved plan" in message and "team:devs" in message

    fresh = tmp_path / "fresh.json"
    assert ghprov(sandbox, "plan", "--config", str(config), "--out", str(fresh)).exit_code == 2
    assert ghprov(sandbox, "apply", str(fresh), "--config", str(config), "--yes").exit_code == 0


def test_a_saved_plan_applies_only_to_the_api_it_was_computed_against(rails: Any, tmp_path: Path) -> None:
    sandbox, variant = rails
    config = variant(lambda d: d["repositories"]["app"].update(description="the app"))
    plan_file = tmp_path / "plan.json"
    assert ghprov(sandbox, "plan", "--config", str(config), "--out", str(plan_file)).exit_code == 2
    assert json.loads(plan_file.read_text())["api_url"] == sandbox.url.rstrip("/")

    elsewhere = "https://ghe.example.com/api/v3"
    mark = len(sandbox.log)
    result = ghprov(
        sandbox, "apply", str(plan_file), "--config", str(config), "--yes", "--api-url", elsewhere
    )
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"computed against {sandbox.url.rstrip('/')}" in result.stderr and elsewhere in result.stderr
    assert sandbox.log[mark:] == []  # refused before anything was read, let alone written

    sandboxed = ghprov(sandbox, "apply", str(plan_file), "--config", str(config), "--yes", "--sandbox")
    assert sandboxed.exit_code == 1 and "this apply would write to embedded-sandbox" in sandboxed.stderr

    assert ghprov(sandbox, "apply", str(plan_file), "--config", str(config), "--yes").exit_code == 0
