"""Team synchronization end to end on the sandbox: mappings applied, converge, import, and the IdP's
member lists never fought over."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox.state import SamlIdentityProvider

pytestmark = pytest.mark.e2e

PLATFORM = {
    "id": "6f1c2e0a-1111-4a4a-9b9b-000000000001",
    "name": "gh-platform",
    "description": "Platform engineers",
}
BASE: dict[str, Any] = {
    "organization": "synced",
    "members": {"owners": ["olivia"], "members": ["carol", "dave"]},
    "teams": {"platform": {"privacy": "closed", "idp_groups": [PLATFORM]}},
}


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document))
    return directory


def test_mapping_is_applied_converges_imports_and_members_are_left_to_the_idp(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE), plan="enterprise") as sandbox:
        sandbox.state.organization.saml_identity_provider = SamlIdentityProvider(
            "https://idp.example.com/sso"
        )
        sandbox.settings.auto_accept_invitations = True
        config = _write(tmp_path, BASE, "base")
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        team = next(t for t in sandbox.state.teams.values() if t.slug == "platform")
        assert sandbox.state.features.organization.team_sync[str(team.id)] == [
            {
                "group_id": PLATFORM["id"],
                "group_name": "gh-platform",
                "group_description": "Platform engineers",
            }
        ]
        assert ghprov(sandbox, "plan", "--config", str(config)).exit_code == 0

        # Declaring members of a synced team changes nothing and says why.
        with_members = copy.deepcopy(BASE)
        with_members["teams"]["platform"]["members"] = ["carol"]
        mark = len(sandbox.log)
        planned = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, with_members, "members")))
        assert planned.exit_code == 0, planned.stdout
        assert "platform's members come from its IdP groups" in planned.stdout
        assert not [e for e in sandbox.log[mark:] if e.is_write and not e.path.endswith("/graphql")]

        imported = tmp_path / "imported"
        assert ghprov(sandbox, "import", "--org", "synced", "--out", str(imported)).exit_code == 0
        teams = yaml.safe_load((imported / "teams.yaml").read_text())["teams"]
        assert teams["platform"]["idp_groups"] == [PLATFORM]
        assert "members" not in teams["platform"]
        assert ghprov(sandbox, "plan", "--config", str(imported)).exit_code == 0


def test_without_team_sync_the_plan_refuses_and_says_why(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        sandbox.settings.auto_accept_invitations = True
        without = copy.deepcopy(BASE)
        del without["teams"]["platform"]["idp_groups"]
        assert (
            ghprov(sandbox, "apply", "--config", str(_write(tmp_path, without, "plain")), "--yes").exit_code
            == 0
        )
        result = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, BASE, "base")))
        assert result.exit_code == 1
        assert (
            "teams/platform/idp_groups" in result.stderr
            and "team synchronization is not available" in result.stderr
        )
