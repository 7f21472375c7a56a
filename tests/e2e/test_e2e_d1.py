"""The shipped D1 example, end to end through the CLI: plan, apply, plan again, drift, repair."""

from __future__ import annotations

import subprocess
import sys

import pytest
import requests
from e2e_support import D1_CONFIG, ROOT, d1_organization, ghprov, github_for

pytestmark = pytest.mark.e2e


def test_readme_demo_plans_the_d1_example_on_the_embedded_sandbox() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ghprov", "plan", "--config", "config", "--sandbox"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)},
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "+ repository d1-infra" in result.stdout
    assert "two_factor_requirement_enabled" in result.stdout  # a finding, not a change
    assert "Traceback" not in result.stderr


def test_plan_sends_no_writes_and_apply_converges_in_one_run() -> None:
    organization = d1_organization()
    with github_for(organization) as sandbox:
        planned = ghprov(sandbox, "plan", "--config", str(D1_CONFIG), "--json")
        assert planned.exit_code == 2, planned.stderr
        assert sandbox.writes() == []  # the read-only client sent nothing but GETs and GraphQL queries
        changes = planned.json()["changes"]

        applied = ghprov(sandbox, "apply", "--config", str(D1_CONFIG), "--yes", "--json")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        report = applied.json()
        assert report["summary"]["done"] == len(changes)
        assert report["summary"]["failed"] == report["summary"]["skipped"] == 0
        assert not sandbox.internal_errors

        again = ghprov(sandbox, "plan", "--config", str(D1_CONFIG), "--json")
        assert again.exit_code == 0, again.stdout
        assert again.json()["changes"] == []


def _drift_everything(sandbox_url: str, token: str, org: str) -> None:
    """Change one thing of every kind behind ghprov's back, through GitHub's API."""
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json"})

    def call(method: str, path: str, body: object = None) -> None:
        response = session.request(method, sandbox_url + path, json=body, timeout=30)
        assert response.status_code < 300, (method, path, response.status_code, response.text)

    call("PATCH", f"/orgs/{org}", {"default_repository_permission": "read"})
    call("PATCH", f"/orgs/{org}/teams/platform-team", {"description": "changed by hand", "privacy": "secret"})
    call("PUT", f"/orgs/{org}/teams/apps-team/repos/{org}/d1-fleet", {"permission": "push"})
    call("DELETE", f"/orgs/{org}/teams/flux-bots/repos/{org}/d1-apps")
    call("PATCH", f"/repos/{org}/d1-infra", {"description": "changed", "allow_rebase_merge": True})
    call("PUT", f"/repos/{org}/d1-infra/topics", {"names": ["stale"]})
    call("DELETE", f"/repos/{org}/d1-apps/branches/production/protection")
    call("DELETE", f"/repos/{org}/d1-fleet/branches/main/protection/required_signatures")
    call("PUT", f"/orgs/{org}/teams/platform-team/memberships/bob", {"role": "maintainer"})
    call("PUT", f"/orgs/{org}/teams/platform-team/memberships/carol", {"role": "member"})


def test_apply_repairs_every_kind_of_drift() -> None:
    organization = d1_organization()
    with github_for(organization) as sandbox:
        assert ghprov(sandbox, "apply", "--config", str(D1_CONFIG), "--yes").exit_code == 0
        sandbox.accept_invitations()
        _drift_everything(sandbox.url, sandbox.tokens["owner"], organization.organization)

        drifted = ghprov(sandbox, "plan", "--config", str(D1_CONFIG), "--json")
        assert drifted.exit_code == 2
        addresses = {change["address"] for change in drifted.json()["changes"]}
        assert {
            "organization_settings:acme-fleet",
            "team:platform-team",
            "team_repository:apps-team/d1-fleet",
            "team_repository:flux-bots/d1-apps",
            "repository:d1-infra",
            "branch_protection:d1-apps/production",
            "branch_protection:d1-fleet/main",
            "team_membership:platform-team/bob",
            "team_membership:platform-team/carol",
        } <= addresses
        by_address = {change["address"]: change for change in drifted.json()["changes"]}
        # A role change is one in-place update, never a removal and a re-add.
        assert by_address["team_membership:platform-team/bob"]["action"] == "update"

        mark = len(sandbox.log)
        repaired = ghprov(sandbox, "apply", "--config", str(D1_CONFIG), "--yes", "--allow-delete", "--json")
        assert repaired.exit_code == 0, repaired.stderr + repaired.stdout
        deletes = [entry.path for entry in sandbox.log[mark:] if entry.method == "DELETE"]
        # The only removals are what the config does not give, where prune enables them.
        assert sorted(deletes) == [
            "/orgs/acme-fleet/teams/apps-team/repos/acme-fleet/d1-fleet",
            "/orgs/acme-fleet/teams/platform-team/memberships/carol",
        ]
        assert ghprov(sandbox, "plan", "--config", str(D1_CONFIG)).exit_code == 0
