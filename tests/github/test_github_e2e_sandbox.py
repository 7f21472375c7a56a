"""End to end against the sandbox: seed a model, read it back, and get the same model (round trip)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from github import Auth

from ghprov.github.client import GitHubClient
from ghprov.github.read import read_organization
from ghprov.model import (
    Actors,
    BranchProtection,
    BypassActor,
    CustomRole,
    Members,
    Organization,
    OrganizationSettings,
    Repository,
    Ruleset,
    StatusChecks,
    Team,
)
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.seeds import seed_from_model

pytestmark = pytest.mark.e2e

PULL_REQUEST = {"pull_request": {"required_approving_review_count": 2, "dismiss_stale_reviews_on_push": True}}

MODEL = Organization(
    organization="acme",
    settings=OrganizationSettings(
        default_repository_permission="read", members_can_create_repositories=False
    ),
    members=Members(owners=("alice", "octo-owner"), members=("acme-flux-bot", "bob", "carol", "octo-member")),
    custom_roles={
        "flux-automation": CustomRole(
            description="Pushes image updates", base_role="write", permissions=("bypass_branch_protection",)
        )
    },
    teams={
        "Platform Team": Team(
            description="Platform engineers",
            privacy="closed",
            maintainers=("alice",),
            members=("bob",),
            repositories={"d1-fleet": "admin", "d1-infra": "admin"},
        ),
        "Apps": Team(privacy="closed", parent="Platform Team", repositories={"d1-apps": "maintain"}),
        "Frontend": Team(
            privacy="closed", parent="Apps", members=("carol",), repositories={"d1-apps": "write"}
        ),
        "Flux Bots": Team(
            privacy="secret",
            members=("acme-flux-bot",),
            repositories={"d1-infra": "flux-automation", "d1-apps": "write", "d1-fleet": "read"},
        ),
    },
    repositories={
        "d1-fleet": Repository(
            description="Fleet repository",
            visibility="private",
            default_branch="main",
            delete_branch_on_merge=True,
            allow_rebase_merge=False,
            topics=("flux", "gitops"),
            branch_protection={
                "main": BranchProtection(
                    required_approving_review_count=2,
                    dismiss_stale_reviews=True,
                    require_code_owner_reviews=True,
                    require_last_push_approval=True,
                    required_status_checks=StatusChecks(strict=True, contexts=("manifests",)),
                    enforce_admins=True,
                    required_signatures=True,
                )
            },
        ),
        "d1-infra": Repository(
            visibility="private",
            branches=("main", "production"),
            branch_protection={
                "main": BranchProtection(
                    required_approving_review_count=1,
                    bypass_pull_request_allowances=Actors(
                        users=("acme-flux-bot",), teams=("Flux Bots",), apps=("flux-app",)
                    ),
                ),
                "production": BranchProtection(
                    required_approving_review_count=2,
                    dismissal_restrictions=Actors(teams=("Platform Team",)),
                    restrictions=Actors(users=("alice",), teams=("Platform Team",)),
                    required_linear_history=True,
                ),
            },
            rulesets={
                "infra-production": Ruleset(
                    conditions={"ref_name": {"include": ["refs/heads/production"]}},
                    rules=(PULL_REQUEST, {"required_signatures": {}}, {"non_fast_forward": {}}),
                    bypass_actors=(
                        BypassActor(team="Flux Bots"),
                        BypassActor(app="flux-app", mode="pull_request"),
                        BypassActor(role="write"),
                        BypassActor(role="flux-automation"),
                        BypassActor(organization_admin=True),
                        BypassActor(deploy_keys=True),
                    ),
                ),
                "bot-exempt": Ruleset(
                    conditions={"ref_name": {"include": ["~DEFAULT_BRANCH"]}},
                    rules=({"deletion": {}},),
                    bypass_actors=(
                        BypassActor(user="acme-flux-bot", mode="exempt"),
                        BypassActor(role="admin"),
                    ),
                ),
            },
        ),
        "d1-apps": Repository(visibility="private", has_wiki=False, archived=False),
    },
    rulesets={
        "org-default-branch": Ruleset(
            conditions={
                "ref_name": {"include": ["~DEFAULT_BRANCH"]},
                "repository_name": {"include": ["~ALL"], "exclude": [], "protected": False},
            },
            rules=({"deletion": {}},),
            bypass_actors=(
                BypassActor(team="Platform Team", mode="pull_request"),
                BypassActor(organization_admin=True),
            ),
        )
    },
)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start(org="acme", plan="enterprise") as running:
        seed_from_model(running.state, MODEL)
        yield running
        assert running.internal_errors == []


def client_for(sandbox: Sandbox, token: str) -> GitHubClient:
    return GitHubClient(
        Auth.Token(sandbox.tokens[token]), api_url=sandbox.url, read_only=True, interactive=False
    )


def managed(value: Any, names: Any) -> dict[str, Any]:
    return {name: getattr(value, name) for name in names if name not in ("previously", "branches")}


@pytest.mark.parametrize("token", ["owner", "app"])
def test_seeded_model_reads_back_unchanged(sandbox: Sandbox, token: str) -> None:
    with client_for(sandbox, token) as client:
        live = read_organization(client, "acme", MODEL, progress=False)
    state = live.state
    assert state.members == MODEL.members
    assert state.settings is not None and MODEL.settings is not None
    assert managed(state.settings, MODEL.settings.model_fields_set) == MODEL.settings.managed_values()
    assert state.custom_roles == MODEL.custom_roles
    assert set(state.teams) == set(MODEL.teams)
    for name, team in MODEL.teams.items():
        assert managed(state.teams[name], team.model_fields_set) == managed(team, team.model_fields_set), name
    assert set(state.repositories) == set(MODEL.repositories)
    for name, repo in MODEL.repositories.items():
        read = state.repositories[name]
        assert managed(read, repo.model_fields_set) == managed(repo, repo.model_fields_set), name
        assert set(repo.branches) <= set(read.branches)
    assert state.rulesets == MODEL.rulesets
    assert [unknown for unknown in live.unknowns if not unknown.path.startswith("settings/")] == []
    assert live.ids.teams["Flux Bots"].slug == "flux-bots"
    assert live.ids.custom_roles.keys() == {"flux-automation"}
    assert ("d1-infra", "infra-production") in live.ids.repository_rulesets
    assert "flux-app" in live.ids.apps and "acme-flux-bot" in live.ids.users
    assert sandbox.writes() == []


def test_member_token_yields_unknowns_not_guesses(sandbox: Sandbox) -> None:
    with client_for(sandbox, "member") as client:
        live = read_organization(client, "acme", MODEL, progress=False)
    paths = {unknown.path for unknown in live.unknowns}
    # Secret teams, custom roles, invitations and organisation ruleset bypass actors are owners' business.
    assert {"teams", "custom_roles", "members", "rulesets/org-default-branch"} <= paths
    for repo in MODEL.repositories:
        assert {f"repositories/{repo}/allow_rebase_merge", f"repositories/{repo}/branch_protection"} <= paths
        assert f"repositories/{repo}/rulesets" in paths
        read = live.state.repositories[repo]
        assert "allow_rebase_merge" not in read.model_fields_set
        assert (read.branch_protection, read.rulesets) == ({}, {})
    assert live.state.rulesets == {}
    assert sandbox.writes() == []


def test_a_thousand_repositories_cost_pages_not_resources() -> None:
    protection = BranchProtection(required_approving_review_count=1, enforce_admins=True)
    ruleset = Ruleset(
        conditions={"ref_name": {"include": ["~DEFAULT_BRANCH"]}},
        rules=({"deletion": {}},),
        bypass_actors=(BypassActor(team="Platform"), BypassActor(organization_admin=True)),
    )
    teams = {f"team-{i:03}": Team(privacy="closed", members=("bob",)) for i in range(150)}
    teams["Platform"] = Team(privacy="closed", maintainers=("alice",))
    repos = {
        f"repo-{i:04}": Repository(
            branches=("main", "production"),
            branch_protection={"main": protection, "production": protection},
            rulesets={"default": ruleset},
        )
        for i in range(1000)
    }
    model = Organization(
        organization="acme",
        members=Members(owners=("alice", "octo-owner"), members=tuple(f"user-{i:03}" for i in range(500))),
        teams=teams,
        repositories=repos,
    )
    with Sandbox.start(org="acme") as sandbox:
        seed_from_model(sandbox.state, model)
        with client_for(sandbox, "owner") as client:
            live = read_organization(client, "acme", model, progress=False)
        stats = client.stats
    assert len(live.state.repositories) == 1000
    assert live.state.repositories["repo-0999"].rulesets == {"default": ruleset}
    print(f"1,000 repositories: {stats.as_dict()}")
    assert stats.graphql_requests <= 20
    assert stats.rest_requests <= 10
