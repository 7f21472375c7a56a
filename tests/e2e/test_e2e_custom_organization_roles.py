"""Custom organisation roles end to end through the CLI on the sandbox: define and assign in one apply,
converge, import round trip, update, prune (never while assigned), and a plain organisation refused at
plan before anything is sent."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox import Sandbox

pytestmark = pytest.mark.e2e

BASE: dict[str, Any] = {
    "organization": "roles",
    "members": {"owners": ["olivia"], "members": ["carol", "dave"]},
    "teams": {"Release Team": {"privacy": "closed", "members": ["dave"]}},
    "repositories": {"d1-fleet": {"visibility": "private"}},
    "custom_organization_roles": {
        "auditor": {"description": "Reads the audit log", "permissions": ["read_audit_logs"]},
        "releaser": {"base_role": "write", "permissions": ["bypass_branch_protection"]},
    },
    "organization_roles": {
        "auditor": {"users": ["carol"]},
        "releaser": {"teams": ["Release Team"]},
    },
}


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document))
    return directory


def _custom(sandbox: Sandbox) -> dict[str, dict[str, Any]]:
    return {role["name"]: role for role in sandbox.state.features.organization.custom_organization_roles}


def _holders(sandbox: Sandbox, name: str) -> tuple[list[int], list[str]]:
    features = sandbox.state.features.organization
    role_id = str(_custom(sandbox)[name]["id"])
    return features.organization_role_team_ids.get(role_id, []), features.organization_role_users.get(
        role_id, []
    )


def test_roles_are_defined_and_assigned_in_one_apply_converge_and_import_round_trips(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE), plan="enterprise") as sandbox:
        sandbox.settings.auto_accept_invitations = True
        config = _write(tmp_path, BASE, "base")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        assert planned.exit_code == 2, planned.stderr
        addresses = [change["address"] for change in planned.json()["changes"]]
        for address in (
            "organization_role:auditor",
            "organization_role:releaser",
            "organization_role_assignment:auditor/user:carol",
            "organization_role_assignment:releaser/team:release-team",
        ):
            assert address in addresses
        text = ghprov(sandbox, "plan", "--config", str(config))
        assert (
            "dave gains write on d1-fleet (via organization role releaser (via team Release Team)"
            in text.stdout
        )

        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        roles = _custom(sandbox)
        assert (roles["auditor"]["description"], roles["auditor"]["permissions"]) == (
            "Reads the audit log",
            ["read_audit_logs"],
        )
        assert (roles["releaser"]["base_role"], roles["releaser"]["permissions"]) == (
            "write",
            ["bypass_branch_protection"],
        )
        release = next(team for team in sandbox.state.teams.values() if team.slug == "release-team")
        assert _holders(sandbox, "releaser") == ([release.id], [])
        assert _holders(sandbox, "auditor") == ([], ["carol"])
        # The assignments used the ids the creations answered: no listing of roles between the writes.
        writes = [(entry.method, entry.path) for entry in sandbox.writes()]
        assert writes.index(("POST", "/orgs/roles/organization-roles")) < writes.index(
            ("PUT", f"/orgs/roles/organization-roles/users/carol/{roles['auditor']['id']}")
        )
        again = ghprov(sandbox, "plan", "--config", str(config))
        assert again.exit_code == 0, again.stdout + again.stderr

        imported = tmp_path / "imported"
        assert ghprov(sandbox, "import", "--org", "roles", "--out", str(imported)).exit_code == 0
        organization = yaml.safe_load((imported / "org.yaml").read_text())
        assert organization["custom_organization_roles"] == BASE["custom_organization_roles"]
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr


def test_updates_apply_and_prune_never_deletes_a_role_still_assigned(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE), plan="enterprise") as sandbox:
        sandbox.settings.auto_accept_invitations = True
        assert (
            ghprov(sandbox, "apply", "--config", str(_write(tmp_path, BASE, "base")), "--yes").exit_code == 0
        )

        changed = copy.deepcopy(BASE)
        changed["custom_organization_roles"]["auditor"] = {"permissions": ["read_audit_logs"]}
        del changed["custom_organization_roles"]["releaser"]
        changed["prune"] = {"custom_organization_roles": True}
        config = _write(tmp_path, changed, "changed")
        kept = ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-delete")
        assert kept.exit_code == 0, kept.stderr + kept.stdout
        assert "organization_roles assigns it, so it is kept" in " ".join(kept.stdout.split())
        assert _custom(sandbox)["auditor"]["description"] in (None, "")
        assert "releaser" in _custom(sandbox)

        unassigned = copy.deepcopy(changed)
        del unassigned["organization_roles"]["releaser"]
        pruned_config = str(_write(tmp_path, unassigned, "pruned"))
        # One of two roles is over the removal circuit breaker's 25%: it trips first, as it should.
        tripped = ghprov(sandbox, "apply", "--config", pruned_config, "--yes", "--allow-delete")
        assert tripped.exit_code == 1 and "organization_role:*" in tripped.stderr
        pruned = ghprov(sandbox, "apply", "--config", pruned_config, "--yes", "--allow-delete", "--force")
        assert pruned.exit_code == 0, pruned.stderr + pruned.stdout
        assert set(_custom(sandbox)) == {"auditor"}
        assert ghprov(sandbox, "plan", "--config", pruned_config).exit_code == 0


def test_a_plain_organisation_is_refused_at_plan_before_any_write(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE), plan="team") as sandbox:
        refused = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, BASE, "base")))
        assert refused.exit_code == 1, refused.stdout
        assert "custom organisation roles need GitHub Enterprise Cloud" in refused.stderr
        applied = ghprov(sandbox, "apply", "--config", str(_write(tmp_path, BASE, "base")), "--yes")
        assert applied.exit_code == 1
        assert sandbox.writes() == []


def test_an_unknown_permission_is_refused_at_plan_naming_the_valid_ones(tmp_path: Path) -> None:
    wrong = copy.deepcopy(BASE)
    wrong["custom_organization_roles"]["auditor"]["permissions"] = ["read_audit_log"]
    with github_for(Organization.model_validate(BASE), plan="enterprise") as sandbox:
        refused = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, wrong, "wrong")))
        assert refused.exit_code == 1
        assert "no permission 'read_audit_log'" in refused.stderr
        assert "read_audit_logs" in refused.stderr and "write_organization_custom_org_role" in refused.stderr
