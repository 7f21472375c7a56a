"""Organisation roles end to end through the CLI on the sandbox: plan, apply, converge, import, audit."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox.rest_org_roles import ROLE_IDS

pytestmark = pytest.mark.e2e

BASE: dict[str, Any] = {
    "organization": "roles",
    "members": {"owners": ["olivia"], "members": ["carol", "dave"]},
    "teams": {"Security Team": {"privacy": "closed", "members": ["dave"]}},
    "organization_roles": {
        "security_manager": {"teams": ["Security Team"]},
        "all_repo_read": {"users": ["carol"]},
    },
}


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document))
    return directory


def test_roles_are_assigned_converge_and_import_round_trips(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        sandbox.settings.auto_accept_invitations = True
        config = _write(tmp_path, BASE, "base")
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        features = sandbox.state.features.organization
        security = next(team for team in sandbox.state.teams.values() if team.slug == "security-team")
        assert features.security_manager_team_ids == [security.id]
        assert features.organization_role_users[str(ROLE_IDS["all_repo_read"])] == ["carol"]
        assert ghprov(sandbox, "plan", "--config", str(config)).exit_code == 0

        imported = tmp_path / "imported"
        assert ghprov(sandbox, "import", "--org", "roles", "--out", str(imported)).exit_code == 0
        organization = yaml.safe_load((imported / "org.yaml").read_text())
        assert organization["organization_roles"] == {
            "all_repo_read": {"users": ["carol"]},
            "security_manager": {"teams": ["Security Team"]},
        }
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr


def test_prune_unassigns_and_unknown_teams_are_config_errors(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        sandbox.settings.auto_accept_invitations = True
        assert (
            ghprov(sandbox, "apply", "--config", str(_write(tmp_path, BASE, "base")), "--yes").exit_code == 0
        )
        narrowed = copy.deepcopy(BASE)
        narrowed["organization_roles"]["all_repo_read"] = {"users": []}
        narrowed["prune"] = {"organization_roles": True}
        result = ghprov(
            sandbox,
            "apply",
            "--config",
            str(_write(tmp_path, narrowed, "narrow")),
            "--yes",
            "--allow-delete",
            "--force",
        )
        assert result.exit_code == 0, result.stderr + result.stdout
        assert (
            sandbox.state.features.organization.organization_role_users[str(ROLE_IDS["all_repo_read"])] == []
        )

        wrong = copy.deepcopy(BASE)
        wrong["organization_roles"]["security_manager"] = {"teams": ["Secuirty Team"]}
        mark = len(sandbox.log)
        refused = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, wrong, "wrong")))
        assert refused.exit_code == 1
        assert "unknown team 'Secuirty Team' (did you mean 'Security Team'?)" in refused.stderr
        assert sandbox.log[mark:] == []
