"""The organisation role reader against the sandbox: definitions of the organisation's own custom roles
only, the permission lists only when the config defines roles, and a plain organisation's 404 recorded
as unavailable (so the plan can refuse) rather than as an error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from github import Auth

from ghprov.github.client import GitHubClient
from ghprov.github.read.organization_roles import READER
from ghprov.model import CustomOrganizationRole, Organization
from ghprov.plan.kinds.custom_organization_roles import ORGANIZATION_PERMISSIONS, REPOSITORY_PERMISSIONS
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.rest_org_role_definitions import ORGANIZATION_PERMISSIONS as SANDBOX_PERMISSIONS
from ghprov_testbeds.sandbox.rest_org_roles import ROLE_IDS

pytestmark = pytest.mark.e2e

DEFINING = Organization.model_validate(
    {"organization": "acme", "custom_organization_roles": {"auditor": {"permissions": ["read_audit_logs"]}}}
)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start(org="acme", plan="enterprise", validate_responses=True) as running:
        running.state.features.organization.custom_organization_roles.append(
            {
                "id": 9001,
                "name": "auditor",
                "description": None,
                "base_role": "read",
                "permissions": ["read_audit_logs"],
                "created_at": running.state.organization.created_at,
                "updated_at": running.state.organization.created_at,
            }
        )
        yield running
        assert running.internal_errors == [] and running.response_problems == []


def _client(sandbox: Sandbox) -> GitHubClient:
    return GitHubClient(
        Auth.Token(sandbox.tokens["owner"]), api_url=sandbox.url, read_only=True, interactive=False
    )


def _requests(sandbox: Sandbox) -> list[str]:
    return [f"{entry.method} {entry.path}" for entry in sandbox.log]


def test_only_the_organisations_own_roles_are_definitions(sandbox: Sandbox) -> None:
    found = READER.read(_client(sandbox), "acme", Organization(organization="acme"))
    assert found.organization["custom_organization_roles"] == {
        "auditor": CustomOrganizationRole(base_role="read", permissions=("read_audit_logs",))
    }
    assert found.ids["organization_role:auditor"] == 9001
    assert found.ids["organization_role:security_manager"] == ROLE_IDS["security_manager"]
    # No role is assigned in the scope and none is defined: one listing, no permission lists.
    assert _requests(sandbox) == ["GET /orgs/acme/organization-roles"]


def test_a_config_that_defines_roles_reads_both_permission_lists(sandbox: Sandbox) -> None:
    found = READER.read(_client(sandbox), "acme", DEFINING)
    assert _requests(sandbox) == [
        "GET /orgs/acme/organization-roles",
        "GET /orgs/acme/organization-fine-grained-permissions",
        "GET /orgs/acme/repository-fine-grained-permissions",
    ]
    assert found.vocabularies[ORGANIZATION_PERMISSIONS] == tuple(sorted(SANDBOX_PERMISSIONS))
    assert "bypass_branch_protection" in found.vocabularies[REPOSITORY_PERMISSIONS]
    assert found.unavailable == {}


def test_a_plain_organisation_is_recorded_as_unavailable(sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "team"
    sandbox.state.features.organization.custom_organization_roles.clear()
    found = READER.read(_client(sandbox), "acme", DEFINING)
    assert found.unavailable == {
        "custom_organization_roles": "GitHub answered 404 to GET "
        "/orgs/acme/organization-fine-grained-permissions"
    }
    assert found.vocabularies == {} and found.unknowns == []
