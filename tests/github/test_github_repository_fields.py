"""Kinds riding on the shared repository pages: errors go to the kind and repository they concern,
overflowing connections are followed up for that repository only, and the widest page stays within
GitHub's limits."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from github import Auth
from github_support import API, GITHUB_MOCK
from pytest_httpx2 import HTTPXMock

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.graphql import GraphQLProblem
from ghprov.github.read import deploy_keys, queries, read_organization, repository_collaborators
from ghprov.github.read.collaborators import COLLABORATORS_SELECTION
from ghprov.github.read.deploy_keys import NOT_ADMIN
from ghprov.github.read.kinds import RepositoryFieldsReader
from ghprov.github.read.organization_pages import Stream, read_together
from ghprov.github.read.registry import KIND_READERS
from ghprov.github.read.repository_fields import RepositoryFields, combined_selection, hand_out
from ghprov.github.read.security_features import VULNERABILITY_ALERTS
from ghprov.model import DeployKey, Members, Organization, Repository
from ghprov_testbeds.contract.graphql_schema import node_count, query_cost, validate_query
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import add_collaborator
from ghprov_testbeds.sandbox.rest_deploy_keys import add_deploy_key
from ghprov_testbeds.sandbox.seeds import seed_from_model

NODES = ("organization", "repositories", "nodes")


def problem(*path: str | int, type_: str = "FORBIDDEN") -> GraphQLProblem:
    return GraphQLProblem("refused", type_, path)


def node(name: str, **fields: Any) -> dict[str, Any]:
    return {"id": f"R_{name}", "name": name, "viewerPermission": "ADMIN", **fields}


# Attribution (pure) -----------------------------------------------------------------------------------
def test_an_error_under_a_kinds_field_goes_to_that_kind_and_repository_only() -> None:
    keys = RepositoryFields(deploy_keys.SELECTION)
    collaborators = RepositoryFields(COLLABORATORS_SELECTION)
    page = {"nodes": [node("a", collaborators=None), node("b")]}
    left = hand_out(
        [keys, collaborators],
        page,
        [
            problem(*NODES, 0, "collaborators"),
            problem(*NODES, 1, "deployKeys", "nodes", 3, "key", type_="INTERNAL"),
            problem(*NODES, 1, "rulesets"),  # the core's own field
            problem("organization", "repositories"),  # the whole part
        ],
    )
    assert [p.path for p in left] == [(*NODES, 1, "rulesets"), ("organization", "repositories")]
    keys.end()
    collaborators.end()
    assert {n.name: [p.path for p in n.problems] for n in collaborators.wait()} == {
        "a": [("collaborators",)],
        "b": [],
    }
    assert {n.name: [p.path for p in n.problems] for n in keys.wait()} == {
        "a": [],
        "b": [("deployKeys", "nodes", 3, "key")],
    }


def test_an_error_that_nulled_the_repository_stays_with_the_repositories_part() -> None:
    # A non-null field (deployKeys) that fails nulls its repository: no repository to pin it on.
    keys = RepositoryFields(deploy_keys.SELECTION)
    left = hand_out([keys], {"nodes": [node("a"), None]}, [problem(*NODES, 1, "deployKeys")])
    assert [p.path for p in left] == [(*NODES, 1, "deployKeys")]
    keys.end()
    assert [n.name for n in keys.wait()] == ["a"]


def test_kinds_may_not_share_a_field_nor_reselect_the_basics() -> None:
    with pytest.raises(ValueError, match="two kinds select"):
        combined_selection([RepositoryFields(COLLABORATORS_SELECTION), RepositoryFields("collaborators")])
    with pytest.raises(ValueError, match="always selects"):
        RepositoryFields("viewerPermission")


def test_a_kind_waiting_for_pages_that_stopped_gets_the_error() -> None:
    fields = RepositoryFields(deploy_keys.SELECTION)
    stream = Stream("repositories", lambda result: None, riders=(fields,))
    stream.end(completed=False, error=GitHubApiError(502, "Bad Gateway"))
    with pytest.raises(GitHubApiError, match="Bad Gateway"):
        fields.wait()


# GitHub's limits --------------------------------------------------------------------------------------
def test_the_widest_page_with_every_riding_kind_stays_within_githubs_limits() -> None:
    riders = [
        RepositoryFields(reader.repository_fields(None))
        for reader in KIND_READERS
        if isinstance(reader, RepositoryFieldsReader)
    ]
    selection = combined_selection(riders)
    assert {"deployKeys", "collaborators", VULNERABILITY_ALERTS} <= {k for r in riders for k in r.keys}
    widest = queries.organization_query(queries.PARTS, selection)
    assert validate_query(widest) == []
    # 100 repositories x (20 deploy keys + 100 collaborators) more nodes than the core page's 114,300.
    assert node_count(widest) == node_count(queries.organization_query(queries.PARTS)) + 12_000 < 500_000
    assert query_cost(widest) <= query_cost(queries.organization_query(queries.PARTS)) + 2


# Against the sandbox ----------------------------------------------------------------------------------
MODEL = Organization(
    organization="acme",
    members=Members(owners=("alice",), members=("bob",)),
    repositories={name: Repository(visibility="private") for name in ("apps", "fleet", "infra")},
)


def public_key() -> str:
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start(org="acme", logins={"owner": "alice", "member": "bob"}) as running:
        seed_from_model(running.state, MODEL)
        add_collaborator(running.state, "fleet", "bob", "admin")
        for index in range(25):
            add_deploy_key(running.state, "fleet", f"key-{index:02d}", public_key())
        add_deploy_key(running.state, "apps", "flux", public_key())
        running.clear_log()
        yield running
        assert running.internal_errors == []


def client(sandbox: Sandbox, token: str) -> GitHubClient:
    return GitHubClient(
        Auth.Token(sandbox.tokens[token]), api_url=sandbox.url, read_only=True, interactive=False
    )


def operations(sandbox: Sandbox) -> list[str]:
    return [
        str(entry.body["query"]).split("(", 1)[0].split()[-1]
        for entry in sandbox.log
        if entry.path == "/graphql"
    ]


@pytest.mark.e2e
def test_kinds_ride_on_the_organisation_pages_and_overflow_is_followed_for_that_repository(
    sandbox: Sandbox,
) -> None:
    live = read_organization(client(sandbox, "owner"), "acme", progress=False)
    # One shared page for repositories, members, teams, deploy keys, collaborators and alerts; fleet's
    # 5 keys past the first 20 cost one follow-up, from where its page ended.
    assert operations(sandbox) == ["Organization", "DeployKeysFollowUp"]
    assert len(live.state.repositories["fleet"].deploy_keys) == 25
    assert list(live.state.repositories["apps"].deploy_keys) == ["flux"]
    assert live.state.repositories["fleet"].collaborators == {"bob": "admin"}
    assert live.unknowns == []


@pytest.mark.e2e
def test_a_repository_github_refuses_a_kind_for_leaves_that_kind_unknown_there_only(
    sandbox: Sandbox,
) -> None:
    # bob administers fleet only: GitHub refuses the collaborators of apps and infra (FORBIDDEN under
    # nodes.<i>.collaborators) and shows their deploy keys to admins only. The repositories part,
    # and every other repository's kinds, are read.
    live = read_organization(client(sandbox, "member"), "acme", progress=False)
    unknowns = {unknown.path: unknown.reason for unknown in live.unknowns}
    for name in ("apps", "infra"):
        assert unknowns[f"repositories/{name}/collaborators"].startswith("GitHub refused the read: Must have")
        assert unknowns[f"repositories/{name}/deploy_keys"] == NOT_ADMIN
    assert not any(path.startswith("repositories/fleet") for path in unknowns)
    assert set(live.state.repositories) == {"apps", "fleet", "infra"}
    assert len(live.state.repositories["fleet"].deploy_keys) == 25
    assert live.state.repositories["fleet"].collaborators == {"bob": "admin"}


@pytest.mark.e2e
def test_a_kind_read_on_its_own_pages_the_repositories_with_its_fields_only(sandbox: Sandbox) -> None:
    found = repository_collaborators.READER.read(client(sandbox, "owner"), "acme", None)
    assert operations(sandbox) == ["Organization"]
    query = str(sandbox.log[0].body["query"])
    assert "collaborators(" in query and "deployKeys" not in query and "membersWithRole" not in query
    assert found.repositories["fleet"] == {"collaborators": {"bob": "admin"}}


# Mocked GitHub: what the sandbox does not produce -----------------------------------------------------
def organization_page(nodes: list[Any], errors: list[dict[str, Any]]) -> dict[str, Any]:
    page = {"totalCount": len(nodes), "pageInfo": {"hasNextPage": False, "endCursor": None}, "nodes": nodes}
    return {"data": {"organization": {"repositories": page}}, "errors": errors}


KEY = public_key()


def keys_page(*titles: str) -> dict[str, Any]:
    nodes = [{"id": f"DK_{t}", "title": t, "key": KEY, "readOnly": True} for t in titles]
    return {"pageInfo": {"hasNextPage": False, "endCursor": None}, "nodes": nodes}


@GITHUB_MOCK
def test_a_refused_field_of_one_repository_is_unknown_for_it_and_other_errors_fail_the_kind(
    read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    nodes = [node("apps", deployKeys=keys_page("flux")), node("fleet", deployKeys=keys_page())]
    refused = {"type": "FORBIDDEN", "path": [*NODES, 1, "deployKeys", "nodes"], "message": "Not allowed"}
    github_api.add_response(method="POST", url=f"{API}/graphql", json=organization_page(nodes, [refused]))
    found = deploy_keys.READER.read(read_only_client, "acme", None)
    assert found.repositories == {"apps": {"deploy_keys": {"flux": DeployKey(key=KEY)}}}
    assert [(u.path, u.reason) for u in found.unknowns] == [
        ("repositories/fleet/deploy_keys", "GitHub refused to show them: Not allowed")
    ]


@GITHUB_MOCK
def test_an_unexpected_error_in_a_kinds_field_fails_the_read(
    read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    failed = {"type": "INTERNAL", "path": [*NODES, 0, "deployKeys"], "message": "Something went wrong"}
    page = organization_page([node("apps", deployKeys=None)], [failed])
    github_api.add_response(method="POST", url=f"{API}/graphql", json=page)
    with pytest.raises(GitHubApiError, match="reading the deploy keys of apps: Something went wrong"):
        deploy_keys.READER.read(read_only_client, "acme", None)


@GITHUB_MOCK
def test_a_repository_nulled_by_a_kinds_field_fails_the_read_rather_than_going_missing(
    read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    failed = {"type": "FORBIDDEN", "path": [*NODES, 1, "deployKeys"], "message": "Not allowed"}
    page = organization_page([node("apps", deployKeys=keys_page()), None], [failed])
    github_api.add_response(method="POST", url=f"{API}/graphql", json=page)
    fields = RepositoryFields(deploy_keys.SELECTION)

    def consume(result: Any) -> None:
        assert [p.path for p in result.problems] == [(*NODES, 1, "deployKeys")]
        raise GitHubApiError(400, "reading the repositories of acme: Not allowed")

    with pytest.raises(GitHubApiError, match="Not allowed"):
        read_together(read_only_client, "acme", [Stream("repositories", consume, riders=(fields,))])
    with pytest.raises(GitHubApiError, match="Not allowed"):
        fields.wait()
    with pytest.raises(GitHubApiError, match="Not allowed"):
        deploy_keys.READER.read(read_only_client, "acme", None)
