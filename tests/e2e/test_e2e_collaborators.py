"""Repository collaborators end to end through the CLI on the sandbox: invite, converge on a pending
invitation, re-role it, accept, import round trip, prune behind the rails, unknown logins and roles."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import config_dir, ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox.rest_collaborators import accept_invitation

pytestmark = pytest.mark.e2e

BASE: dict[str, Any] = {
    "organization": "collab",
    "members": {"owners": ["olivia"], "members": ["mia"]},
    "repositories": {
        "d1-fleet": {"visibility": "private", "collaborators": {"mia": "admin", "ext-bob": "write"}},
        "d1-apps": {"visibility": "private"},
    },
}


def _invitations(sandbox: Any, repo: str) -> dict[str, str]:
    return {
        item["invitee"]: item["permissions"] for item in sandbox.state.features.repository(repo).invitations
    }


def _writes(sandbox: Any, mark: int) -> list[str]:
    # GraphQL reads are POSTs too: only REST writes count here.
    return [f"{e.method} {e.path}" for e in sandbox.log[mark:] if e.is_write and e.path != "/graphql"]


def test_members_are_granted_outsiders_invited_and_the_invitation_counts_as_granted(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        config = config_dir(tmp_path, BASE, "base")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        assert planned.exit_code == 2, planned.stderr
        document = planned.json()
        assert {c["address"] for c in document["changes"]} >= {
            "repository_collaborator:d1-fleet/mia",
            "repository_collaborator:d1-fleet/ext-bob",
        }
        gains = {
            c["principal"]: c["after"] for c in document["access_changes"] if c["resource"] == "d1-fleet"
        }
        assert gains["user:ext-bob"] == "write"

        mark = len(sandbox.log)
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        assert sorted(w for w in _writes(sandbox, mark) if "collaborators" in w) == [
            "PUT /repos/collab/d1-fleet/collaborators/ext-bob",
            "PUT /repos/collab/d1-fleet/collaborators/mia",
        ]
        # A member is a collaborator at once; an outside collaborator is invited.
        assert sandbox.state.audit.collaborators["d1-fleet"] == {"mia": "admin"}
        assert _invitations(sandbox, "d1-fleet") == {"ext-bob": "write"}

        again = ghprov(sandbox, "plan", "--config", str(config))
        assert again.exit_code == 0, again.stdout + again.stderr
        assert "ext-bob has not accepted the invitation to d1-fleet yet" in again.stdout

        imported = tmp_path / "imported"
        assert ghprov(sandbox, "import", "--org", "collab", "--out", str(imported)).exit_code == 0
        documents = [yaml.safe_load(path.read_text()) for path in sorted(imported.glob("*.yaml"))]
        fleet = next(
            d["repositories"]["d1-fleet"] for d in documents if "d1-fleet" in d.get("repositories", {})
        )
        # Import writes accepted collaborators; a pending invitation, left undeclared, stays unplanned.
        assert fleet["collaborators"] == {"mia": "admin"}
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr


def test_an_invitation_is_re_roled_then_accepted_and_prune_removes_behind_the_rails(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        assert (
            ghprov(sandbox, "apply", "--config", str(config_dir(tmp_path, BASE, "base")), "--yes").exit_code
            == 0
        )
        maintain = copy.deepcopy(BASE)
        maintain["repositories"]["d1-fleet"]["collaborators"]["ext-bob"] = "maintain"
        config = config_dir(tmp_path, maintain, "maintain")
        mark = len(sandbox.log)
        assert ghprov(sandbox, "apply", "--config", str(config), "--yes").exit_code == 0
        (patched,) = _writes(sandbox, mark)
        assert patched.startswith("PATCH /repos/collab/d1-fleet/invitations/")
        assert _invitations(sandbox, "d1-fleet") == {"ext-bob": "maintain"}

        accept_invitation(sandbox.state, "d1-fleet", "ext-bob")
        accepted = ghprov(sandbox, "plan", "--config", str(config))
        assert accepted.exit_code == 0 and "has not accepted" not in accepted.stdout

        pruned = copy.deepcopy(maintain)
        del pruned["repositories"]["d1-fleet"]["collaborators"]["mia"]
        pruned["prune"] = {"collaborators": True}
        prune_config = config_dir(tmp_path, pruned, "pruned")
        refused = ghprov(sandbox, "apply", "--config", str(prune_config), "--yes")
        assert refused.exit_code == 1 and "--allow-delete" in refused.stderr
        mark = len(sandbox.log)
        removed = ghprov(
            sandbox, "apply", "--config", str(prune_config), "--yes", "--allow-delete", "--force"
        )
        assert removed.exit_code == 0, removed.stderr + removed.stdout
        assert _writes(sandbox, mark) == ["DELETE /repos/collab/d1-fleet/collaborators/mia"]
        assert sandbox.state.audit.collaborators["d1-fleet"] == {"ext-bob": "maintain"}


def test_unknown_logins_fail_at_plan_and_unknown_roles_at_validate(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        ghost = copy.deepcopy(BASE)
        ghost["repositories"]["d1-apps"]["collaborators"] = {"ghost-user": "read"}
        mark = len(sandbox.log)
        result = ghprov(sandbox, "plan", "--config", str(config_dir(tmp_path, ghost, "ghost")))
        assert result.exit_code == 1
        assert "repositories/d1-apps/collaborators/ghost-user" in result.stderr
        assert "GitHub has no user 'ghost-user'" in result.stderr
        assert _writes(sandbox, mark) == []

        bad_role = copy.deepcopy(BASE)
        bad_role["repositories"]["d1-fleet"]["collaborators"]["ext-bob"] = "writer"
        config = tmp_path / "role"
        config.mkdir()
        (config / "org.yaml").write_text(yaml.safe_dump(bad_role, sort_keys=False))
        invalid = ghprov(sandbox, "validate", "--config", str(config))
        assert invalid.exit_code == 1
        assert (
            "org.yaml:" in invalid.stderr
            and "unknown role 'writer' (did you mean 'write'?)" in invalid.stderr
        )


def test_a_token_without_push_access_cannot_plan_collaborators(tmp_path: Path) -> None:
    readable = {**copy.deepcopy(BASE), "settings": {"default_repository_permission": "read"}}
    with github_for(Organization.model_validate(readable)) as sandbox:
        assert (
            ghprov(
                sandbox, "apply", "--config", str(config_dir(tmp_path, readable, "base")), "--yes"
            ).exit_code
            == 0
        )
        only_repositories = {"organization": "collab", "repositories": {"d1-apps": {"collaborators": {}}}}
        result = ghprov(
            sandbox, "plan", "--config", str(config_dir(tmp_path, only_repositories, "repos")), token="member"
        )
        assert result.exit_code == 1
        assert "repositories/d1-apps/collaborators" in result.stderr
