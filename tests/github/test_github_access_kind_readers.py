"""The collaborator and custom-property kind readers against the sandbox: exact requests (bulk where
GitHub has it, per repository only for invitations of declared repositories) and what they read."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from github import Auth

from ghprov.github.client import GitHubClient
from ghprov.github.read.custom_properties import READER as PROPERTIES
from ghprov.github.read.repository_collaborators import READER as COLLABORATORS
from ghprov.model import Members, Organization, Repository
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import add_collaborator
from ghprov_testbeds.sandbox.rest_collaborators import invite
from ghprov_testbeds.sandbox.seeds import seed_from_model

pytestmark = pytest.mark.e2e

MODEL = Organization(
    organization="acme",
    members=Members(owners=("alice",), members=("bob",)),
    repositories={name: Repository(visibility="private") for name in ("apps", "fleet", "infra")},
)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start(org="acme", logins={"owner": "alice", "member": "bob"}) as running:
        seed_from_model(running.state, MODEL)
        state = running.state
        add_collaborator(state, "fleet", "bob", "maintain")
        state.add_user("ext-amy")
        fleet = state.repository("fleet")
        assert fleet is not None
        invite(state, fleet, "ext-amy", "read", inviter="alice")
        features = state.features
        features.organization.custom_properties["team"] = {
            "property_name": "team",
            "value_type": "single_select",
            "allowed_values": ["platform", "apps"],
            "required": False,
        }
        features.repository("fleet").custom_properties["team"] = "platform"
        running.clear_log()
        yield running
        assert running.internal_errors == []


def client(sandbox: Sandbox, token: str = "owner") -> GitHubClient:
    return GitHubClient(
        Auth.Token(sandbox.tokens[token]), api_url=sandbox.url, read_only=True, interactive=False
    )


def requests(sandbox: Sandbox) -> list[str]:
    return [f"{entry.method} {entry.path}" for entry in sandbox.log]


def test_collaborators_and_invitations_of_the_declared_repositories(sandbox: Sandbox) -> None:
    scope = Organization.model_validate(
        {
            "organization": "acme",
            "repositories": {"fleet": {"collaborators": {"bob": "maintain"}}, "apps": {}},
        }
    )
    found = COLLABORATORS.read(client(sandbox), "acme", scope)
    # One GraphQL page for every repository's grants; invitations only where collaborators are declared.
    assert requests(sandbox) == ["POST /graphql", "GET /repos/acme/fleet/invitations"]
    assert found.repositories["fleet"] == {"collaborators": {"bob": "maintain", "ext-amy": "read"}}
    assert found.repositories["apps"] == {"collaborators": {}}
    invitation = sandbox.state.features.repository("fleet").invitations[0]["id"]
    assert found.ids == {"repository_invitation:fleet/ext-amy": invitation}
    assert found.unknowns == []


def test_import_and_audit_read_grants_in_bulk_and_no_invitations(sandbox: Sandbox) -> None:
    found = COLLABORATORS.read(client(sandbox), "acme", None)
    assert requests(sandbox) == ["POST /graphql"]
    assert found.repositories["fleet"] == {"collaborators": {"bob": "maintain"}}
    assert found.ids == {}


def test_a_declared_login_github_does_not_know_is_an_unknown_naming_it(sandbox: Sandbox) -> None:
    scope = Organization.model_validate(
        {"organization": "acme", "repositories": {"apps": {"collaborators": {"ghost": "read"}}}}
    )
    found = COLLABORATORS.read(client(sandbox), "acme", scope)
    assert "GET /users/ghost" in requests(sandbox)
    assert [(u.path, u.reason) for u in found.unknowns] == [
        ("repositories/apps/collaborators/ghost", "GitHub has no user 'ghost': check the login in the config")
    ]


def test_invitations_a_token_may_not_list_are_unknown(sandbox: Sandbox) -> None:
    # bob maintains fleet: he sees its collaborators (push access) but not its invitations (admins).
    scope = Organization.model_validate(
        {"organization": "acme", "repositories": {"fleet": {"collaborators": {}}}}
    )
    found = COLLABORATORS.read(client(sandbox, "member"), "acme", scope)
    reasons = {u.path: u.reason for u in found.unknowns}
    # apps and infra: no push access, GitHub refuses their collaborators (they are not in scope, but
    # an unknown is recorded wherever GitHub refused, and only the plan decides what it compares).
    assert sorted(reasons) == [f"repositories/{name}/collaborators" for name in ("apps", "fleet", "infra")]
    assert "admin access" in reasons["repositories/fleet/collaborators"]
    assert "GitHub refused the read" in reasons["repositories/apps/collaborators"]


def test_properties_are_two_organisation_wide_reads(sandbox: Sandbox) -> None:
    scope = Organization.model_validate(
        {"organization": "acme", "repositories": {"fleet": {"properties": {}}}}
    )
    found = PROPERTIES.read(client(sandbox), "acme", scope)
    assert requests(sandbox) == ["GET /orgs/acme/properties/schema", "GET /orgs/acme/properties/values"]
    definition = found.organization["custom_properties"]["team"]
    assert (definition.value_type, definition.allowed_values) == ("single_select", ("platform", "apps"))
    assert found.repositories["fleet"] == {"properties": {"team": "platform"}}
    assert found.repositories["apps"] == {"properties": {}}
