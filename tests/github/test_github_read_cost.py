"""What reading an organisation costs, pinned for a fixed synthetic organisation (request counts are
deterministic): a change to the reader that costs more requests fails here, not in a benchmark."""

from __future__ import annotations

import collections
import re

import pytest
from github import Auth

from ghprov.github.client import GitHubClient
from ghprov.github.read import read_organization
from ghprov.model import BranchProtection, BypassActor, Members, Organization, Repository, Ruleset, Team
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.seeds import seed_from_model
from ghprov_testbeds.sandbox.server import LoggedRequest

pytestmark = pytest.mark.e2e

ROLES = ("read", "triage", "write", "maintain")
REPOSITORIES = 250
PARENTS = 8


def synthetic() -> Organization:
    """250 repositories (3 pages), 150 members (2 pages), 40 teams (1 page) of which 8 are nested.

    Parent ``p{i}`` grants repositories 4i..4i+3; its child ``c{i}`` grants one of them with the same
    role (ambiguous in GraphQL), one with a higher role (certainly its own) and two repositories of its
    own. So three repositories per family, 8 x 3 = 24, are ambiguous: those the child shows with its
    parent's role.
    """
    repo = [f"repo-{i:03}" for i in range(REPOSITORIES)]
    teams: dict[str, Team] = {}
    for i in range(PARENTS):
        granted = {repo[4 * i + k]: ROLES[k] for k in range(4)}
        teams[f"p{i}"] = Team(privacy="closed", members=(f"user-{i:03}",), repositories=granted)
        own = {
            repo[4 * i]: "read",
            repo[4 * i + 1]: "maintain",
            repo[100 + i]: "write",
            repo[200 + i]: "read",
        }
        teams[f"c{i}"] = Team(privacy="closed", parent=f"p{i}", repositories=own)
    for i in range(24):
        teams[f"solo{i}"] = Team(
            privacy="closed", repositories={repo[40 + i]: "write", repo[120 + i]: "read"}
        )
    protection = BranchProtection(required_approving_review_count=1)
    ruleset = Ruleset(
        conditions={"ref_name": {"include": ["~DEFAULT_BRANCH"]}},
        rules=({"deletion": {}},),
        bypass_actors=(BypassActor(team="p0"),),
    )
    return Organization(
        organization="acme",
        members=Members(owners=("alice",), members=tuple(f"user-{i:03}" for i in range(149))),
        teams=teams,
        repositories={
            name: Repository(
                visibility="private",
                branches=("main",),
                branch_protection={"main": protection},
                rulesets={"guard": ruleset},
            )
            for name in repo
        },
    )


def phase(entry: LoggedRequest) -> str:
    """What a request was for (the reader's phases)."""
    if entry.path == "/graphql":
        operation = re.search(r"query (\w+)", str(entry.body["query"]))
        return f"GraphQL {operation.group(1) if operation else '?'}"
    if re.fullmatch(r"/repos/acme/[^/]+/teams", entry.path):
        return "REST nested-team grants"
    return f"REST {entry.method} {entry.path}"


def test_reading_the_synthetic_organisation_costs_exactly_this() -> None:
    model = synthetic()
    with Sandbox.start(org="acme", logins={"owner": "alice"}) as sandbox:
        seed_from_model(sandbox.state, model)
        sandbox.clear_log()
        token = Auth.Token(sandbox.tokens["owner"])
        with GitHubClient(token, api_url=sandbox.url, read_only=True, interactive=False) as client:
            live = read_organization(client, "acme", model, progress=False)
        mix = collections.Counter(phase(entry) for entry in sandbox.log)
        assert sandbox.internal_errors == []
    assert live.unknowns == [] or all(unknown.path.startswith("settings/") for unknown in live.unknowns)
    assert {name: team.repositories for name, team in live.state.teams.items()} == {
        name: team.repositories for name, team in model.teams.items()
    }
    assert dict(mix) == {
        # One request per page of the longest part (repositories); members and teams ride along.
        "GraphQL Organization": 3,
        "REST GET /orgs/acme": 1,
        "REST GET /orgs/acme/invitations": 1,
        "REST GET /orgs/acme/custom-repository-roles": 1,
        "REST GET /orgs/acme/rulesets": 1,
        # Team synchronization, probed once for the first team whose membership is managed: this
        # plan has none (404), so no other team is asked.
        "REST GET /orgs/acme/teams/p0/team-sync/group-mappings": 1,
        # One per repository a parent passes down where the child shows no more than the parent; none
        # for the other 226.
        "REST nested-team grants": PARENTS * 3,
    }
