"""Direct collaborators come with the audit's live read: on the shared repository pages, then overflow."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from github import Auth

from ghprov.audit.collaborators import direct_collaborators
from ghprov.audit.inputs import Skipped
from ghprov.github.client import GitHubClient
from ghprov.github.graphql import is_read_only_document
from ghprov.github.read import read_organization
from ghprov.github.read.collaborators import queries
from ghprov_testbeds.contract.graphql_schema import node_count, validate_query
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import add_collaborator
from ghprov_testbeds.sandbox.state import CustomRole, Repository, node_id

QUERIES = queries()


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_is_valid_against_githubs_schema_and_limits(name: str) -> None:
    assert validate_query(QUERIES[name]) == []
    assert node_count(QUERIES[name], {"org": "acme", "id": "R_1"}) < 500_000
    assert is_read_only_document(QUERIES[name])


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start("acme", validate_responses=True) as started:
        state = started.state
        for index in range(150):
            ident = state.new_id()
            name = f"repo-{index:03d}"
            state.add_repository(Repository(id=ident, node_id=node_id("Repository", ident), name=name))
        add_collaborator(state, "repo-007", "mallory", "admin")
        add_collaborator(state, "repo-007", "octo-member", "triage")
        for index in range(130):
            add_collaborator(state, "repo-120", f"contractor-{index:03d}", "read")
        yield started
        assert started.internal_errors == []


def _client(sandbox: Sandbox, token: str) -> GitHubClient:
    return GitHubClient(Auth.Token(sandbox.tokens[token]), api_url=sandbox.url, interactive=False)


def read_direct_collaborators(client: GitHubClient, org: str) -> dict[str, dict[str, str]] | Skipped:
    """As the audit reads them: the live read with every kind, then its direct collaborators."""
    return direct_collaborators(read_organization(client, org, every_kind=True, progress=False))


def test_one_request_per_hundred_repositories_plus_overflow_pages(sandbox: Sandbox) -> None:
    mark = len(sandbox.log)
    with _client(sandbox, "owner") as client:
        grants = read_direct_collaborators(client, "acme")
    assert not isinstance(grants, Skipped)
    assert sorted(grants) == ["repo-007", "repo-120"]
    assert grants["repo-007"] == {"mallory": "admin", "octo-member": "triage"}
    assert len(grants["repo-120"]) == 130 and set(grants["repo-120"].values()) == {"read"}
    operations = [
        str(entry.body["query"]).split("(", 1)[0].split()[-1]
        for entry in sandbox.log[mark:]
        if entry.path == "/graphql"
    ]
    # Two shared pages of repositories (with every kind riding on them), then one follow-up for the
    # 30 collaborators past the first 100 of the one repository with 130.
    assert operations == ["Organization", "Organization", "RepositoryCollaboratorsFollowUp"]


def test_a_custom_role_is_read_by_name_from_the_permission_source(sandbox: Sandbox) -> None:
    state = sandbox.state
    state.organization.plan = "enterprise"
    ident = state.new_id()
    state.custom_roles[ident] = CustomRole(id=ident, name="deployer", base_role="write")
    state.audit.collaborators["repo-007"]["mallory"] = "deployer"
    with _client(sandbox, "owner") as client:
        grants = read_direct_collaborators(client, "acme")
    assert not isinstance(grants, Skipped)
    assert grants["repo-007"]["mallory"] == "deployer"


def test_without_push_access_the_read_is_skipped_not_partial(sandbox: Sandbox) -> None:
    # The plain member can see the repositories (base permission read) but may not list collaborators.
    with _client(sandbox, "member") as client:
        grants = read_direct_collaborators(client, "acme")
    assert isinstance(grants, Skipped)
    assert grants.reason == (
        "Missing permission: repository collaborators (push access); "
        "GitHub said Must have push access to view repository collaborators."
    )
