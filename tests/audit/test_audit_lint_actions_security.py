"""``ghprov lint`` evaluates the declared Actions policy and security features (ORG-13/14/15, REPO-19,
REPO-21) instead of skipping them; undeclared keys are SKIPPED naming the key that would decide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ghprov.audit.findings import Finding, Status
from ghprov.services.auditing import AuditOptions, lint_config

SAFE_ORG_ACTIONS = {
    "enabled_repositories": "selected",
    "selected_repositories": ["d1-fleet"],
    "allowed_actions": "selected",
    "default_workflow_permissions": "read",
    "can_approve_pull_request_reviews": False,
}


def lint(tmp_path: Path, document: dict[str, Any]) -> dict[tuple[str, str], Finding]:
    directory = tmp_path / "config"
    directory.mkdir(parents=True)
    (directory / "org.yaml").write_text(yaml.safe_dump({"organization": "acme", **document}))
    result = lint_config(directory, AuditOptions())
    return {(f.check_id, f.resource.name): f for f in result.report.findings}


def test_a_safe_declaration_passes_with_config_positions(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        {
            "actions": SAFE_ORG_ACTIONS,
            "repositories": {
                "d1-fleet": {
                    "actions": {"default_workflow_permissions": "read"},
                    "security": {"secret_scanning": True, "secret_scanning_push_protection": True},
                }
            },
        },
    )
    for check in ("ORG-13", "ORG-14", "ORG-15"):
        assert found[(check, "acme")].status is Status.PASSED, check
    token = found[("REPO-19", "d1-fleet")]
    assert token.status is Status.PASSED
    assert token.actual == {"default_workflow_permissions": "read", "can_approve_pull_request_reviews": False}
    # The repository's own key, and the organisation's for the key the repository leaves to it.
    assert [e.pointer for e in token.evidence] == [
        "/repositories/d1-fleet/actions/default_workflow_permissions",
        "/actions/can_approve_pull_request_reviews",
    ]
    assert all(e.source == "config" and ".yaml:" in e.location for e in token.evidence)
    assert found[("REPO-21", "d1-fleet")].status is Status.PASSED


def test_unsafe_declarations_fail(tmp_path: Path) -> None:
    found = lint(
        tmp_path,
        {
            "actions": {
                **SAFE_ORG_ACTIONS,
                "allowed_actions": "all",
                "can_approve_pull_request_reviews": True,
            },
            "repositories": {
                "d1-fleet": {
                    "actions": {"can_approve_pull_request_reviews": True},
                    "security": {"secret_scanning": True, "secret_scanning_push_protection": False},
                }
            },
        },
    )
    assert found[("ORG-13", "acme")].status is Status.PASSED
    assert found[("ORG-14", "acme")].status is Status.FAILED
    assert found[("ORG-15", "acme")].status is Status.FAILED
    assert found[("REPO-19", "d1-fleet")].status is Status.FAILED
    security = found[("REPO-21", "d1-fleet")]
    assert security.status is Status.FAILED
    assert security.actual == {"secret_scanning": "enabled", "secret_scanning_push_protection": "disabled"}


def test_undeclared_keys_are_skipped_naming_the_key(tmp_path: Path) -> None:
    found = lint(
        tmp_path, {"actions": {"default_workflow_permissions": "read"}, "repositories": {"docs": {}}}
    )
    assert found[("ORG-13", "acme")].status is Status.PASSED
    assert found[("ORG-14", "acme")].skip_reason == (
        "Not declared in the config: actions.can_approve_pull_request_reviews"
    )
    assert found[("ORG-15", "acme")].skip_reason == "Not declared in the config: actions.enabled_repositories"
    assert found[("REPO-19", "docs")].skip_reason == (
        "Not declared in the config: repositories.docs.actions.can_approve_pull_request_reviews "
        "(or actions.can_approve_pull_request_reviews)"
    )
    assert found[("REPO-21", "docs")].skip_reason == (
        "Not declared in the config: repositories.docs.security.secret_scanning"
    )


def test_actions_disabled_everywhere_passes_org_15_on_its_own(tmp_path: Path) -> None:
    found = lint(tmp_path, {"actions": {"enabled_repositories": "none"}})
    assert found[("ORG-15", "acme")].status is Status.PASSED


def test_org_21_is_judged_by_the_default_configuration_for_new_repositories(tmp_path: Path) -> None:
    configuration = {
        "secret_scanning": "enabled",
        "secret_scanning_push_protection": "enabled",
        "dependabot_alerts": "disabled",
        "default_for_new_repos": "private_and_internal",
    }
    found = lint(tmp_path, {"code_security_configurations": {"d1": configuration}})
    org_21 = found[("ORG-21", "acme")]
    assert org_21.status is Status.FAILED
    assert org_21.actual == {
        "secret_scanning_enabled_for_new_repositories": True,
        "secret_scanning_push_protection_enabled_for_new_repositories": True,
        "dependabot_alerts_enabled_for_new_repositories": False,
    }
    assert org_21.evidence[2].pointer == "/code_security_configurations/d1/dependabot_alerts"
    none = lint(tmp_path / "none", {})
    assert none[("ORG-21", "acme")].status is Status.SKIPPED


def test_org_22_judges_the_declared_runner_group_access(tmp_path: Path) -> None:
    groups = {
        "linux": {
            "visibility": "selected",
            "selected_repositories": ["d1-infra"],
            "allows_public_repositories": False,
        },
        "shared": {"visibility": "all", "allows_public_repositories": True},
        "gpu": {"visibility": "private"},
    }
    found = lint(tmp_path, {"runner_groups": groups, "repositories": {"d1-infra": {}}})
    assert found[("ORG-22", "linux")].status is Status.PASSED
    shared = found[("ORG-22", "shared")]
    assert shared.status is Status.FAILED
    assert shared.actual == {
        "problems": ["usable by public repositories", "not limited to selected repositories"]
    }
    assert found[("ORG-22", "gpu")].skip_reason == (
        "Not declared in the config: runner_groups.gpu.allows_public_repositories"
    )
