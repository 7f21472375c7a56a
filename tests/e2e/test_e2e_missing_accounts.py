"""Accounts the config names that GitHub does not know fail at plan, by name, before anything is sent."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from e2e_support import ghprov, github_for

from ghprov.model import Organization

pytestmark = pytest.mark.e2e

BASE: dict[str, Any] = {
    "organization": "ghosts",
    "members": {"owners": ["olivia"], "members": ["carol"]},
    "repositories": {"d1-fleet": {"visibility": "private"}},
}


def test_unknown_users_and_apps_in_protections_and_rulesets_are_refused_at_plan(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        document = copy.deepcopy(BASE)
        document["repositories"]["d1-fleet"]["branch_protection"] = {
            "main": {
                "required_approving_review_count": 1,
                "bypass_pull_request_allowances": {"users": ["ghost-user"], "apps": ["ghost-app"]},
            }
        }
        config = tmp_path / "config"
        config.mkdir()
        (config / "org.yaml").write_text(json.dumps(document))
        mark = len(sandbox.log)
        result = ghprov(sandbox, "plan", "--config", str(config))
        assert result.exit_code == 1
        assert "accounts GitHub does not know: App ghost-app, user ghost-user" in result.stderr
        assert "Traceback" not in result.stderr
        assert not [
            entry for entry in sandbox.log[mark:] if entry.is_write and not entry.path.endswith("/graphql")
        ]


def test_unknown_environment_reviewers_and_role_holders_are_refused_at_plan(tmp_path: Path) -> None:
    # Before, the plan passed and apply failed half-way (GET /users/ghost-reviewer: 404).
    with github_for(Organization.model_validate(BASE)) as sandbox:
        document = copy.deepcopy(BASE)
        document["repositories"]["d1-fleet"]["environments"] = {
            "production": {"reviewers": {"users": ["ghost-reviewer"]}}
        }
        document["organization_roles"] = {"all_repo_read": {"users": ["ghost-auditor"]}}
        config = tmp_path / "config"
        config.mkdir()
        (config / "org.yaml").write_text(json.dumps(document))
        result = ghprov(sandbox, "plan", "--config", str(config))
        assert result.exit_code == 1, result.output
        assert "accounts GitHub does not know: user ghost-auditor, user ghost-reviewer" in result.stderr
