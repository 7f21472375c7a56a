"""Actions settings and security features end to end through the CLI on the sandbox: validate, plan,
apply, converge, import round trip, fail-closed reads and GitHub's refusals."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization

pytestmark = pytest.mark.e2e

PATTERNS = ["actions/checkout@v4", "fluxcd/*"]
BASE: dict[str, Any] = {
    "organization": "acts",
    "members": {"owners": ["olivia"], "members": ["mia"]},
    "actions": {
        "enabled_repositories": "selected",
        "selected_repositories": ["d1-fleet", "d1-infra"],
        "allowed_actions": "selected",
        "selected_actions": {"github_owned_allowed": True, "patterns_allowed": PATTERNS},
        "default_workflow_permissions": "read",
        "can_approve_pull_request_reviews": False,
        "fork_pr_contributor_approval": "all_external_contributors",
        "self_hosted_runners": "none",
    },
    "repositories": {
        "d1-fleet": {
            "visibility": "private",
            "actions": {
                "enabled": True,
                "allowed_actions": "local_only",
                "default_workflow_permissions": "read",
                "can_approve_pull_request_reviews": False,
                "access_level": "none",
            },
            "security": {"vulnerability_alerts": True, "dependabot_security_updates": True},
        },
        "d1-infra": {"visibility": "private"},
        "docs": {
            "visibility": "public",
            "security": {
                "secret_scanning": True,
                "secret_scanning_push_protection": True,
                "private_vulnerability_reporting": True,
            },
        },
    },
}


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(yaml.safe_dump(document))
    return directory


def test_actions_and_security_apply_converge_and_import(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        config = _write(tmp_path, BASE, "base")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        assert planned.exit_code == 2, planned.stderr
        addresses = {change["address"] for change in planned.json()["changes"]}
        assert {
            "organization_actions:acts",
            "repository_actions:d1-fleet",
            "repository_security:d1-fleet",
            "repository_security:docs",
        } <= addresses

        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-public")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        state = sandbox.state
        assert state.audit.actions_permissions["enabled_repositories"] == "selected"
        assert state.audit.actions_permissions["allowed_actions"] == "selected"
        selected = {
            r.name
            for r in state.repositories.values()
            if r.id in set(state.features.organization.actions_selected_repository_ids)
        }
        assert selected == {"d1-fleet", "d1-infra"}
        assert state.features.organization.selected_actions["patterns_allowed"] == PATTERNS
        assert state.features.organization.fork_pr_contributor_approval == "all_external_contributors"
        assert state.features.organization.self_hosted_runners == "none"
        fleet = state.features.repository("d1-fleet")
        assert fleet.actions_permissions["allowed_actions"] == "local_only"
        assert fleet.vulnerability_alerts is True
        assert fleet.security_and_analysis["dependabot_security_updates"] == "enabled"
        docs = state.features.repository("docs")
        assert docs.security_and_analysis["secret_scanning_push_protection"] == "enabled"
        assert docs.private_vulnerability_reporting is True

        again = ghprov(sandbox, "plan", "--config", str(config))
        assert again.exit_code == 0, again.stdout + again.stderr

        imported = tmp_path / "imported"
        result = ghprov(sandbox, "import", "--org", "acts", "--out", str(imported))
        assert result.exit_code == 0, result.stderr
        documents = [yaml.safe_load(path.read_text()) for path in sorted(imported.glob("*.yaml"))]
        merged: dict[str, Any] = {}
        for document in documents:
            for key, value in (document or {}).items():
                if isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key].update(value)
                else:
                    merged[key] = value
        assert merged["actions"]["selected_repositories"] == ["d1-fleet", "d1-infra"]
        assert merged["repositories"]["d1-fleet"]["actions"]["allowed_actions"] == "local_only"
        assert merged["repositories"]["docs"]["security"]["secret_scanning_push_protection"] is True
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr


def test_a_member_token_makes_the_settings_unknown_and_the_plan_refuses(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        config = _write(tmp_path, BASE, "base")
        assert ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-public").exit_code == 0
        planned = ghprov(sandbox, "plan", "--config", str(config), token="member")
        assert planned.exit_code == 1
        assert "actions" in planned.stderr + planned.stdout


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (("actions", "allowed_actions"), "some", "got 'some'"),
        (("actions", "selected_actions", "patterns_allowed"), ["fluxcd/flux2 @v2"], "not an action pattern"),
        (("repositories", "d1-fleet", "actions", "fork_pr_contributor_approval"), "anyone", "got 'anyone'"),
        (("repositories", "d1-fleet", "security", "secret_scanning"), False, None),
    ],
)
def test_bad_input_is_a_config_error_and_nothing_is_sent(
    tmp_path: Path, where: tuple[str, ...], value: Any, message: str | None
) -> None:
    document = copy.deepcopy(BASE)
    target = document
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    if message is None:
        # Push protection without secret scanning: GitHub would refuse it, so the config does.
        target["secret_scanning_push_protection"] = True
        message = "needs secret_scanning"
    with github_for(Organization.model_validate(BASE)) as sandbox:
        config = _write(tmp_path, document, "bad")
        before = json.dumps(sandbox.state.features.to_json(), sort_keys=True)
        result = ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-public")
        assert result.exit_code == 1
        assert message in result.stderr
        assert "org.yaml:" in result.stderr
        assert json.dumps(sandbox.state.features.to_json(), sort_keys=True) == before


CONFIGURATIONS: dict[str, Any] = {
    "organization": "acts",
    "members": {"owners": ["olivia"], "members": ["mia"]},
    "code_security_configurations": {
        "d1": {
            "description": "D1 repositories",
            "secret_scanning": "enabled",
            "secret_scanning_push_protection": "enabled",
            "dependabot_alerts": "enabled",
            "default_for_new_repos": "private_and_internal",
            "repositories": ["d1-infra"],
        }
    },
    "repositories": {"d1-infra": {"visibility": "private"}, "docs": {"visibility": "private"}},
}


def test_code_security_configuration_created_defaulted_attached_and_imported(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(CONFIGURATIONS), plan="enterprise") as sandbox:
        config = _write(tmp_path, CONFIGURATIONS, "configurations")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        assert planned.exit_code == 2, planned.stderr
        assert "code_security_configuration:d1" in {c["address"] for c in planned.json()["changes"]}
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        (stored,) = sandbox.state.features.organization.code_security_configurations
        infra = sandbox.state.repository("d1-infra")
        assert infra is not None
        assert (stored["name"], stored["default_for_new_repos"], stored["repository_ids"]) == (
            "d1",
            "private_and_internal",
            [infra.id],
        )
        # Attaching applied the configuration's features to the repository.
        analysis = sandbox.state.features.repository("d1-infra").security_and_analysis
        assert analysis["secret_scanning_push_protection"] == "enabled"
        assert ghprov(sandbox, "plan", "--config", str(config)).exit_code == 0
        assert ghprov(sandbox, "plan", "--config", str(config), token="member").exit_code == 1

        imported = tmp_path / "imported"
        assert ghprov(sandbox, "import", "--org", "acts", "--out", str(imported)).exit_code == 0
        org = yaml.safe_load((imported / "org.yaml").read_text())
        assert org["code_security_configurations"]["d1"]["repositories"] == ["d1-infra"]
        assert ghprov(sandbox, "plan", "--config", str(imported)).exit_code == 0


def test_turning_alerts_off_turns_dependabot_security_updates_off_first(tmp_path: Path) -> None:
    on = copy.deepcopy(BASE)
    with github_for(Organization.model_validate(BASE)) as sandbox:
        assert (
            ghprov(
                sandbox, "apply", "--config", str(_write(tmp_path, on, "on")), "--yes", "--allow-public"
            ).exit_code
            == 0
        )
        off = copy.deepcopy(BASE)
        off["repositories"]["d1-fleet"]["security"] = {
            "vulnerability_alerts": False,
            "dependabot_security_updates": False,
        }
        config = _write(tmp_path, off, "off")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        (security,) = [c for c in planned.json()["changes"] if c["address"] == "repository_security:d1-fleet"]
        assert security["loosens"] is True
        assert ghprov(sandbox, "apply", "--config", str(config), "--yes").exit_code == 0
        fleet = sandbox.state.features.repository("d1-fleet")
        assert fleet.vulnerability_alerts is False
        assert fleet.security_and_analysis["dependabot_security_updates"] == "disabled"
        assert ghprov(sandbox, "plan", "--config", str(config)).exit_code == 0
