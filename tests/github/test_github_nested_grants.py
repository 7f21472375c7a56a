"""Nested teams against the sandbox: a child team's own repository grants are told exactly from the ones
it inherits, with a REST look-up only for repositories where GraphQL cannot tell them apart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from github import Auth

from ghprov.github.client import GitHubClient
from ghprov.github.read import read_organization
from ghprov.model import Members, Organization, Repository, Team
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.seeds import seed_from_model

pytestmark = pytest.mark.e2e

REPOSITORIES = ("apps", "fleet", "infra", "tools")

# Platform grants fleet/infra/apps; every child of it inherits those three. Ops is a second family
# whose only child grants more than Ops on Ops' only repository.
MODEL = Organization(
    organization="acme",
    members=Members(owners=("alice",), members=("bob", "carol")),
    teams={
        "Platform": Team(
            privacy="closed",
            members=("bob",),
            repositories={"fleet": "write", "infra": "maintain", "apps": "read"},
        ),
        # Same role as the parent on fleet: GraphQL shows fleet=write either way (the ambiguous case).
        "Same": Team(privacy="closed", parent="Platform", repositories={"fleet": "write"}),
        # Only inherits: GraphQL shows all three of Platform's grants, none of them its own.
        "Inherits": Team(privacy="closed", parent="Platform", members=("carol",)),
        # Lower than the parent on infra: GraphQL shows maintain (inherited), the own grant is read.
        "Lower": Team(privacy="closed", parent="Platform", repositories={"infra": "read"}),
        # A grandchild granting more than everything above it on apps: its own, no look-up needed.
        "Deep": Team(privacy="closed", parent="Same", repositories={"apps": "triage"}),
        "Ops": Team(privacy="closed", repositories={"tools": "read"}),
        # More than the parent on the parent's only repository: certainly its own.
        "Ops Admins": Team(privacy="closed", parent="Ops", repositories={"tools": "admin"}),
    },
    repositories={name: Repository(visibility="private") for name in REPOSITORIES},
)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start(org="acme", logins={"owner": "alice"}) as running:
        seed_from_model(running.state, MODEL)
        running.clear_log()
        yield running
        assert running.internal_errors == []


def sandbox_client(sandbox: Sandbox) -> GitHubClient:
    return GitHubClient(
        Auth.Token(sandbox.tokens["owner"]), api_url=sandbox.url, read_only=True, interactive=False
    )


def repository_team_reads(sandbox: Sandbox) -> list[str]:
    """The repositories whose teams were listed through REST, in request order."""
    return [
        entry.path.split("/")[3]
        for entry in sandbox.log
        if entry.method == "GET" and entry.path.startswith("/repos/acme/") and entry.path.endswith("/teams")
    ]


@pytest.mark.parametrize("scoped", [True, False], ids=["plan scope", "no scope (import)"])
def test_each_team_reads_back_exactly_its_own_grants(sandbox: Sandbox, scoped: bool) -> None:
    with sandbox_client(sandbox) as client:
        live = read_organization(client, "acme", MODEL if scoped else None, progress=False)
    assert {name: team.repositories for name, team in live.state.teams.items()} == {
        name: team.repositories for name, team in MODEL.teams.items()
    }
    assert live.unknowns == []
    # Only the repositories a parent passes down are ambiguous, each listed once whatever the number of
    # children; tools is not (Ops Admins grants more than Ops there).
    assert sorted(repository_team_reads(sandbox)) == ["apps", "fleet", "infra"]
    assert sandbox.writes() == []


def test_a_grant_added_later_on_an_inherited_repository_is_seen(sandbox: Sandbox) -> None:
    # "Inherits" gains its own write on fleet: the same role it already inherits, so GraphQL shows no
    # difference at all; only the repository's team list does.
    inherits = next(team for team in sandbox.state.teams.values() if team.name == "Inherits")
    inherits.repos["fleet"] = "write"
    with sandbox_client(sandbox) as client:
        live = read_organization(client, "acme", MODEL, progress=False)
    assert live.state.teams["Inherits"].repositories == {"fleet": "write"}
    assert live.state.teams["Same"].repositories == {"fleet": "write"}


def test_a_parent_grant_removed_leaves_the_child_grant_it_hid(sandbox: Sandbox) -> None:
    # Without Platform's maintain, Lower's own read on infra is what GraphQL shows: no ambiguity left.
    platform = next(team for team in sandbox.state.teams.values() if team.name == "Platform")
    del platform.repos["infra"]
    with sandbox_client(sandbox) as client:
        live = read_organization(client, "acme", MODEL, progress=False)
    assert live.state.teams["Lower"].repositories == {"infra": "read"}
    assert live.state.teams["Platform"].repositories == {"fleet": "write", "apps": "read"}
    assert sorted(repository_team_reads(sandbox)) == ["apps", "fleet"]
