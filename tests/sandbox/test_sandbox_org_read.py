"""A full-organisation read by a client nobody here wrote: every request it makes per repository and per
organisation answers as GitHub does, and every answer validates against GitHub's OpenAPI description.

The request set is what a mainstream org-management client (otterdog) reads; the org is read twice,
with nothing configured and with every feature configured.
"""

from __future__ import annotations

from typing import Any

import pytest
from sandbox_http import Client, make_repo

from ghprov_testbeds.contract.openapi import contract
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.rest_repo_features import add_environment, enable_pages

REPOSITORY_READS = (
    "/repos/acme/{repo}",
    "/repos/acme/{repo}/topics",
    "/repos/acme/{repo}/properties/values",
    "/repos/acme/{repo}/actions/permissions",
    "/repos/acme/{repo}/actions/permissions/selected-actions",
    "/repos/acme/{repo}/actions/permissions/workflow",
    "/repos/acme/{repo}/actions/permissions/fork-pr-contributor-approval",
    "/repos/acme/{repo}/actions/variables",
    "/repos/acme/{repo}/actions/secrets",
    "/repos/acme/{repo}/environments",
    "/repos/acme/{repo}/pages",
    "/repos/acme/{repo}/vulnerability-alerts",
    "/repos/acme/{repo}/immutable-releases",
    "/repos/acme/{repo}/code-scanning/default-setup",
    "/repos/acme/{repo}/branches",
    "/repos/acme/{repo}/rulesets",
    "/repos/acme/{repo}/teams",
    "/repos/acme/{repo}/hooks",
)
ORGANIZATION_READS = (
    "/user/orgs",
    "/user/memberships/orgs",
    "/orgs/acme",
    "/orgs/acme/actions/permissions",
    "/orgs/acme/actions/permissions/selected-actions",
    "/orgs/acme/actions/permissions/fork-pr-contributor-approval",
    "/orgs/acme/actions/permissions/workflow",
    "/orgs/acme/actions/variables",
    "/orgs/acme/actions/secrets",
    "/orgs/acme/properties/schema",
    "/orgs/acme/properties/values",
    "/orgs/acme/security-managers",
    "/orgs/acme/teams",
    "/orgs/acme/members",
    "/orgs/acme/rulesets",
    "/orgs/acme/hooks",
)
# Where GitHub's description documents 404 as the answer for "not enabled".
NOT_ENABLED_404 = ("/pages", "/vulnerability-alerts", "/immutable-releases")


def _read(client: Client, path: str) -> tuple[int, Any]:
    """GET one path; assert the answer is one GitHub documents for that operation, body and status."""
    response = client.get(path)
    body = response.json() if response.content else None
    assert contract().find_operation("GET", path) is not None, f"{path} is not a vendored operation"
    problems = contract().validate_response("GET", path, response.status_code, body)
    if response.status_code >= 400:
        # GitHub sends its error body with every error, also where the description documents none
        # (404 "not enabled" of vulnerability alerts and immutable releases).
        assert isinstance(body, dict) and {"message", "documentation_url"} <= set(body)
        problems = [problem for problem in problems if "has no body, but one was returned" not in problem]
    assert problems == [], f"GET {path} → {response.status_code}: {problems}"
    return response.status_code, body


def _replay(client: Client, repos: list[str]) -> dict[str, tuple[int, Any]]:
    answers = {path: _read(client, path) for path in ORGANIZATION_READS}
    for repo in repos:
        for template in REPOSITORY_READS:
            path = template.format(repo=repo)
            answers[path] = _read(client, path)
    return answers


@pytest.fixture
def repos(owner: Client) -> list[str]:
    make_repo(owner, "d1-fleet", visibility="private")
    make_repo(owner, "website", visibility="public")
    return ["d1-fleet", "website"]


def test_nothing_configured_answers(owner: Client, repos: list[str]) -> None:
    answers = _replay(owner, repos)
    statuses = {path: status for path, (status, _) in answers.items()}
    not_found = sorted(path for path, status in statuses.items() if status == 404)
    assert not_found == sorted(f"/repos/acme/{r}{suffix}" for r in repos for suffix in NOT_ENABLED_404)
    # Code scanning is free on public repositories only; private ones need Advanced Security.
    assert statuses["/repos/acme/d1-fleet/code-scanning/default-setup"] == 403
    assert all(
        status in (200, 204)
        for path, status in statuses.items()
        if path not in not_found and path != "/repos/acme/d1-fleet/code-scanning/default-setup"
    )
    assert answers["/repos/acme/d1-fleet/properties/values"][1] == []
    assert answers["/repos/acme/d1-fleet/actions/permissions"][1] == {
        "enabled": True,
        "allowed_actions": "all",
    }
    assert answers["/repos/acme/d1-fleet/actions/permissions/selected-actions"][1] == {
        "github_owned_allowed": True,
        "verified_allowed": False,
        "patterns_allowed": [],
    }
    assert answers["/repos/acme/d1-fleet/actions/variables"][1] == {"total_count": 0, "variables": []}
    assert answers["/repos/acme/d1-fleet/environments"][1] == {"total_count": 0, "environments": []}
    assert answers["/repos/acme/website/code-scanning/default-setup"][1]["state"] == "not-configured"
    assert answers["/orgs/acme/actions/permissions/fork-pr-contributor-approval"][1] == {
        "approval_policy": "first_time_contributors_new_to_github"
    }
    assert answers["/orgs/acme/actions/variables"][1] == {"total_count": 0, "variables": []}
    assert answers["/orgs/acme/properties/schema"][1] == []
    assert [item["repository_name"] for item in answers["/orgs/acme/properties/values"][1]] == repos
    assert answers["/orgs/acme/security-managers"][1] == []


def test_configured_answers(sandbox: Sandbox, owner: Client, repos: list[str]) -> None:
    assert owner.post("/orgs/acme/teams", json={"name": "security"}).status_code == 201
    assert owner.put("/orgs/acme/security-managers/teams/security").status_code == 204
    schema = {"value_type": "single_select", "allowed_values": ["gold", "silver"], "required": False}
    assert owner.put("/orgs/acme/properties/schema/tier", json=schema).status_code == 200
    assert (
        owner.patch(
            "/repos/acme/d1-fleet/properties/values",
            json={"properties": [{"property_name": "tier", "value": "gold"}]},
        ).status_code
        == 204
    )
    assert (
        owner.post(
            "/repos/acme/d1-fleet/actions/variables", json={"name": "region", "value": "eu"}
        ).status_code
        == 201
    )
    assert (
        owner.post(
            "/orgs/acme/actions/variables", json={"name": "ORG_WIDE", "value": "1", "visibility": "all"}
        ).status_code
        == 201
    )
    for suffix in NOT_ENABLED_404:
        if suffix != "/pages":
            assert owner.put(f"/repos/acme/d1-fleet{suffix}").status_code == 204
    enable_pages(sandbox.state, "website")
    add_environment(sandbox.state, "d1-fleet", "production", wait_timer=30)

    answers = _replay(owner, repos)
    assert answers["/repos/acme/d1-fleet/properties/values"][1] == [
        {"property_name": "tier", "value": "gold"}
    ]
    variables = answers["/repos/acme/d1-fleet/actions/variables"][1]
    assert [(v["name"], v["value"]) for v in variables["variables"]] == [("REGION", "eu")]
    assert answers["/orgs/acme/actions/variables"][1]["variables"][0]["visibility"] == "all"
    environments = answers["/repos/acme/d1-fleet/environments"][1]["environments"]
    assert [(e["name"], e["protection_rules"][0]["wait_timer"]) for e in environments] == [("production", 30)]
    assert environments[0]["url"] == f"{sandbox.url}/repos/acme/d1-fleet/environments/production"
    assert answers["/repos/acme/d1-fleet/vulnerability-alerts"][0] == 204
    assert answers["/repos/acme/d1-fleet/immutable-releases"] == (
        200,
        {"enabled": True, "enforced_by_owner": False},
    )
    assert answers["/repos/acme/d1-fleet/pages"][0] == 404
    pages = answers["/repos/acme/website/pages"]
    assert pages[0] == 200 and pages[1]["build_type"] == "workflow" and pages[1]["public"] is True
    assert [team["slug"] for team in answers["/orgs/acme/security-managers"][1]] == ["security"]


def test_every_new_read_is_a_vendored_operation() -> None:
    for template in REPOSITORY_READS:
        assert contract().find_operation("GET", template.format(repo="x")) is not None, template
    for path in ORGANIZATION_READS:
        assert contract().find_operation("GET", path) is not None, path
