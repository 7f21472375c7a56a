"""Reading a live organisation from mocked GitHub responses: mapping, fail-closed Unknowns, paging."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx2
import pytest
from github_support import API, GITHUB_MOCK
from pytest_httpx2 import HTTPXMock

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read import read_organization
from ghprov.github.read import reader as reader_module
from ghprov.model import (
    Actors,
    BranchProtection,
    BypassActor,
    CustomRole,
    Organization,
    Ruleset,
    StatusChecks,
    Team,
)
from ghprov.model.protection import StatusCheck

pytestmark = GITHUB_MOCK

PAGE_END = {"hasNextPage": False, "endCursor": None}


@pytest.fixture(autouse=True)
def core_read_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests fake the core read's requests only; each kind reader has tests of its own."""
    monkeypatch.setattr(reader_module, "scheduled_reads", lambda scope, every_kind: [])


def connection(nodes: list[dict[str, Any]], key: str = "nodes", more: str | None = None) -> dict[str, Any]:
    return {
        "totalCount": len(nodes),
        "pageInfo": {"hasNextPage": more is not None, "endCursor": more},
        key: nodes,
    }


def actor(kind: str, **fields: Any) -> dict[str, Any]:
    return {"actor": {"__typename": kind, **fields}}


def protection_rule(pattern: str, **overrides: Any) -> dict[str, Any]:
    rule = {
        "id": f"BPR_{pattern}",
        "pattern": pattern,
        "requiresApprovingReviews": True,
        "requiredApprovingReviewCount": 2,
        "dismissesStaleReviews": True,
        "requiresCodeOwnerReviews": False,
        "requireLastPushApproval": True,
        "restrictsReviewDismissals": False,
        "requiresStatusChecks": True,
        "requiresStrictStatusChecks": True,
        "requiredStatusCheckContexts": ["manifests"],
        "isAdminEnforced": True,
        "requiresCommitSignatures": True,
        "requiresLinearHistory": False,
        "allowsForcePushes": False,
        "allowsDeletions": False,
        "blocksCreations": False,
        "requiresConversationResolution": False,
        "lockBranch": False,
        "lockAllowsFetchAndMerge": False,
        "requiresDeployments": False,
        "requiredDeploymentEnvironments": [],
        "restrictsPushes": False,
        "bypassForcePushAllowances": connection([]),
        "reviewDismissalAllowances": connection([]),
        "bypassPullRequestAllowances": connection(
            [
                actor("User", login="acme-flux-bot", databaseId=9),
                actor("Team", name="Flux Bots", slug="flux-bots", databaseId=3),
                actor("App", slug="flux-app", databaseId=77),
            ]
        ),
        "pushAllowances": connection([]),
    }
    return {**rule, **overrides}


# A pattern rule with what only GraphQL writes, a check pinned to an App and a locked branch.
RELEASE_RULE = protection_rule(
    "release/*",
    requiresApprovingReviews=False,
    requiresStrictStatusChecks=False,
    requiredStatusCheckContexts=["manifests", "build"],
    requiredStatusChecks=[
        {"context": "manifests", "app": None},
        {"context": "build", "app": {"slug": "flux-app", "databaseId": 77}},
    ],
    bypassForcePushAllowances=connection([actor("Team", name="Flux Bots", slug="flux-bots", databaseId=3)]),
    requiresDeployments=True,
    requiredDeploymentEnvironments=["staging", "production"],
    lockBranch=True,
    lockAllowsFetchAndMerge=True,
)


def bypass(**fields: Any) -> dict[str, Any]:
    base = {
        "actor": None,
        "bypassMode": "ALWAYS",
        "deployKey": False,
        "enterpriseOwner": False,
        "organizationAdmin": False,
        "repositoryRoleDatabaseId": None,
        "repositoryRoleName": None,
    }
    return {**base, **fields}


def graphql_ruleset(name: str, database_id: int, actors: list[dict[str, Any]] | None) -> dict[str, Any]:
    return {
        "id": f"RRS_{database_id}",
        "databaseId": database_id,
        "name": name,
        "target": "BRANCH",
        "enforcement": "ACTIVE",
        "conditions": {
            "refName": {"include": ["refs/heads/production"], "exclude": []},
            "repositoryName": None,
            "repositoryId": None,
            "repositoryProperty": None,
        },
        "rules": connection(
            [
                {"type": "NON_FAST_FORWARD", "parameters": None},
                {
                    "type": "PULL_REQUEST",
                    "parameters": {
                        "__typename": "PullRequestParameters",
                        "allowedMergeMethods": ["squash"],
                        "dismissStaleReviewsOnPush": True,
                        "requireCodeOwnerReview": False,
                        "requireLastPushApproval": False,
                        "requiredApprovingReviewCount": 2,
                        "requiredReviewThreadResolution": False,
                    },
                },
                {
                    "type": "REQUIRED_STATUS_CHECKS",
                    "parameters": {
                        "__typename": "RequiredStatusChecksParameters",
                        "doNotEnforceOnCreate": False,
                        "strictRequiredStatusChecksPolicy": True,
                        "requiredStatusChecks": [{"context": "ci", "integrationId": None}],
                    },
                },
            ]
        ),
        "bypassActors": None if actors is None else connection(actors),
    }


def repository(name: str, **overrides: Any) -> dict[str, Any]:
    node = {
        "id": f"R_{name}",
        "databaseId": 100 + len(name),
        "name": name,
        "description": f"{name} repository",
        "homepageUrl": None,
        "visibility": "PRIVATE",
        "isArchived": False,
        "viewerPermission": "ADMIN",
        "defaultBranchRef": {"name": "main"},
        "mergeCommitAllowed": False,
        "squashMergeAllowed": True,
        "rebaseMergeAllowed": False,
        "autoMergeAllowed": False,
        "allowUpdateBranch": True,
        "deleteBranchOnMerge": True,
        "hasIssuesEnabled": True,
        "hasProjectsEnabled": False,
        "hasWikiEnabled": False,
        "repositoryTopics": connection([{"topic": {"name": "flux"}}]),
        "refs": connection([{"name": "main"}, {"name": "production"}]),
        "branchProtectionRules": connection([]),
        "rulesets": connection([]),
    }
    return {**node, **overrides}


class FakeGitHub:
    """Answers the reader's GraphQL operations from canned pages and REST from a path table."""

    def __init__(self, mock: HTTPXMock) -> None:
        self.repositories: list[list[dict[str, Any]]] = [[]]
        self.repository_problems: list[dict[str, Any]] = []
        self.follow_ups: dict[tuple[str, str | None], dict[str, Any]] = {}
        self.teams: list[dict[str, Any]] = []
        self.members = [("alice", "ADMIN", 1), ("bob", "MEMBER", 2), ("acme-flux-bot", "MEMBER", 9)]
        self.rest: dict[str, tuple[int, Any]] = {
            "/orgs/acme": (
                200,
                {"login": "acme", "default_repository_permission": "none", "plan": {"name": "team"}},
            ),
            "/orgs/acme/invitations": (200, [{"login": "carol", "role": "direct_member"}]),
            "/orgs/acme/custom-repository-roles": (404, {"message": "Not Found"}),
            "/orgs/acme/rulesets": (200, []),
            "/orgs/acme/properties/schema": (200, []),
            "/orgs/acme/properties/values": (200, []),
        }
        mock.add_callback(self._graphql, method="POST", url=f"{API}/graphql")
        mock.add_callback(self._rest, method="GET", url=re.compile(f"{re.escape(API)}/.*"))

    def _graphql(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content or "{}")
        operation = re.search(r"query (\w+)", body["query"])
        name = operation.group(1) if operation else ""
        variables = body["variables"]
        data: dict[str, Any] = {
            "rateLimit": {"cost": 1, "remaining": 4999, "resetAt": "2030-01-01T00:00:00Z"}
        }
        errors: list[dict[str, Any]] = []
        if name == "Organization":
            # One request carries the next page of each part still paging (its cursor variable is sent).
            organization: dict[str, Any] = {}
            if "repositories" in variables:
                page = int(variables["repositories"] or 0)
                more = str(page + 1) if page + 1 < len(self.repositories) else None
                organization["repositories"] = connection(self.repositories[page], more=more)
                errors = self.repository_problems if page == 0 else []
            if "members" in variables:
                edges = [
                    {"role": role, "node": {"login": login, "databaseId": i}}
                    for login, role, i in self.members
                ]
                data["viewer"] = {"login": "alice"}
                organization["membersWithRole"] = connection(edges, key="edges")
            if "teams" in variables:
                organization["teams"] = connection(self.teams)
            data["organization"] = organization
        elif name == "FollowUp":
            data["node"] = self.follow_ups[(variables["id"], variables["cursor"])]
        payload: dict[str, Any] = {"data": data}
        if errors:
            payload["errors"] = errors
        return httpx2.Response(200, json=payload)

    def _rest(self, request: httpx2.Request) -> httpx2.Response:
        status, body = self.rest.get(request.url.path, (404, {"message": "Not Found"}))
        return httpx2.Response(status, json=body)


def sent_paths(mock: HTTPXMock) -> list[str]:
    """Path and query of every request sent so far, in order."""
    return [request.url.raw_path.decode() for request in mock.get_requests()]


def organisation_reads(mock: HTTPXMock) -> list[list[str]]:
    """The parts (repositories, members, teams) each shared organisation request asked a page of."""
    reads = []
    for request in mock.get_requests():
        body = json.loads(request.content or "{}") if request.url.path == "/graphql" else {}
        if re.match(r"\s*query Organization\b", body.get("query", "")):
            reads.append(sorted(set(body["variables"]) - {"org"}))
    return reads


@pytest.fixture
def fake(github_api: HTTPXMock) -> FakeGitHub:
    return FakeGitHub(github_api)


def team_node(name: str, slug: str, team_id: int, **overrides: Any) -> dict[str, Any]:
    node = {
        "id": f"T_{team_id}",
        "databaseId": team_id,
        "name": name,
        "slug": slug,
        "description": None,
        "privacy": "VISIBLE",
        "parentTeam": None,
        "members": connection([], key="edges"),
        "repositories": connection([], key="edges"),
    }
    return {**node, **overrides}


def test_reads_a_whole_organisation_into_the_model(
    fake: FakeGitHub, read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    fake.teams = [
        team_node(
            "Platform Team",
            "platform-team",
            1,
            description="Platform engineers",
            members=connection(
                [
                    {"role": "MAINTAINER", "node": {"login": "alice"}},
                    {"role": "MEMBER", "node": {"login": "bob"}},
                ],
                key="edges",
            ),
            repositories=connection([{"permission": "ADMIN", "node": {"name": "d1-fleet"}}], key="edges"),
        ),
        team_node(
            "Apps",
            "apps",
            2,
            parentTeam={"name": "Platform Team", "slug": "platform-team"},
            # Effective access: what the parent grants, inherited.
            repositories=connection([{"permission": "ADMIN", "node": {"name": "d1-fleet"}}], key="edges"),
        ),
        team_node("Flux Bots", "flux-bots", 3, privacy="SECRET"),
    ]
    fake.rest["/repos/acme/d1-fleet/teams"] = (
        200,
        [{"slug": "platform-team", "permission": "admin", "access_source": "direct"}],
    )
    actors = [
        bypass(actor={"__typename": "Team", "name": "Flux Bots", "slug": "flux-bots", "databaseId": 3}),
        bypass(actor={"__typename": "App", "slug": "flux-app", "databaseId": 77}, bypassMode="PULL_REQUEST"),
        bypass(repositoryRoleDatabaseId=4, repositoryRoleName="write"),
        bypass(organizationAdmin=True),
        bypass(deployKey=True),
    ]
    fake.repositories = [
        [
            repository(
                "d1-fleet",
                branchProtectionRules=connection([protection_rule("main"), RELEASE_RULE]),
                rulesets=connection([graphql_ruleset("infra-production", 11, actors)]),
            )
        ]
    ]
    live = read_organization(read_only_client, "acme", progress=False)

    state = live.state
    assert state.members is not None
    assert (state.members.owners, state.members.members) == (("alice",), ("acme-flux-bot", "bob"))
    assert live.pending_invitations == {"carol": "member"}
    assert live.viewer == "alice" and live.plan_name == "team"
    assert state.settings is not None and state.settings.default_repository_permission == "none"
    assert state.teams["Platform Team"] == Team(
        description="Platform engineers",
        privacy="closed",
        maintainers=("alice",),
        members=("bob",),
        repositories={"d1-fleet": "admin"},
    )
    assert state.teams["Apps"].parent == "Platform Team"
    assert state.teams["Apps"].repositories == {}
    assert state.teams["Flux Bots"].privacy == "secret"
    fleet = state.repositories["d1-fleet"]
    assert fleet.settings() == {
        "description": "d1-fleet repository",
        "homepage": None,
        "visibility": "private",
        "default_branch": "main",
        "allow_merge_commit": False,
        "allow_squash_merge": True,
        "allow_rebase_merge": False,
        "allow_auto_merge": False,
        "allow_update_branch": True,
        "delete_branch_on_merge": True,
        "has_issues": True,
        "has_projects": False,
        "has_wiki": False,
        "topics": ("flux",),
        "archived": False,
    }
    assert fleet.branches == ("main", "production")
    assert fleet.branch_protection == {
        "main": BranchProtection(
            required_approving_review_count=2,
            dismiss_stale_reviews=True,
            require_last_push_approval=True,
            bypass_pull_request_allowances=Actors(
                users=("acme-flux-bot",), teams=("Flux Bots",), apps=("flux-app",)
            ),
            required_status_checks=StatusChecks(strict=True, contexts=("manifests",)),
            enforce_admins=True,
            required_signatures=True,
        ),
        "release/*": BranchProtection(
            required_status_checks=StatusChecks(
                contexts=("manifests",), checks=(StatusCheck(context="build", app="flux-app"),)
            ),
            bypass_force_push_allowances=Actors(teams=("Flux Bots",)),
            required_deployments=("production", "staging"),
            lock_branch=True,
            allow_fork_syncing=True,
            enforce_admins=True,
            required_signatures=True,
        ),
    }
    # The canned GET /orgs/acme shows one setting only; every other one is an Unknown. A pattern is
    # a protection like any other, not an Unknown.
    paths = [unknown.path for unknown in live.unknowns if not unknown.path.startswith("settings/")]
    assert paths == []
    assert "settings/default_repository_permission" not in {unknown.path for unknown in live.unknowns}
    assert fleet.rulesets == {
        "infra-production": Ruleset(
            conditions={"ref_name": {"include": ["refs/heads/production"]}},
            rules=(
                {"type": "non_fast_forward"},
                {
                    "pull_request": {
                        "required_approving_review_count": 2,
                        "dismiss_stale_reviews_on_push": True,
                        "allowed_merge_methods": ["squash"],
                    }
                },
                {
                    "required_status_checks": {
                        "strict_required_status_checks_policy": True,
                        "required_status_checks": [{"context": "ci"}],
                    }
                },
            ),
            bypass_actors=(
                BypassActor(team="Flux Bots"),
                BypassActor(app="flux-app", mode="pull_request"),
                BypassActor(role="write"),
                BypassActor(organization_admin=True),
                BypassActor(deploy_keys=True),
            ),
        )
    }
    assert live.ids.teams["Apps"].slug == "apps" and live.ids.teams["Apps"].id == 2
    assert live.ids.repositories["d1-fleet"].node_id == "R_d1-fleet"
    assert live.ids.repository_rulesets == {("d1-fleet", "infra-production"): 11}
    assert live.ids.protection_rules == {
        ("d1-fleet", "main"): "BPR_main",
        ("d1-fleet", "release/*"): "BPR_release/*",
    }
    assert live.ids.users["acme-flux-bot"] == 9 and live.ids.apps == {"flux-app": 77}
    # Pages, not resources: one request for the members, teams and repositories together; REST for the
    # settings, invitations, custom roles, organisation rulesets and d1-fleet's teams (Apps inherits its
    # access).
    assert organisation_reads(github_api) == [["members", "repositories", "teams"]]
    assert read_only_client.stats.rest_requests == 5


def test_user_bypass_actors_are_reread_through_rest(fake: FakeGitHub, read_only_client: GitHubClient) -> None:
    user_actor = bypass(actor=None)
    fake.repositories = [
        [repository("d1-infra", rulesets=connection([graphql_ruleset("bots", 21, [user_actor])]))]
    ]
    fake.rest["/repos/acme/d1-infra/rulesets/21"] = (
        200,
        {
            "id": 21,
            "name": "bots",
            "target": "branch",
            "enforcement": "active",
            "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
            "rules": [{"type": "deletion"}],
            "bypass_actors": [
                {"actor_id": 9, "actor_type": "User", "bypass_mode": "exempt"},
                {"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"},
            ],
        },
    )
    live = read_organization(read_only_client, "acme", progress=False)
    assert live.state.repositories["d1-infra"].rulesets["bots"] == Ruleset(
        conditions={"ref_name": {"include": ["~DEFAULT_BRANCH"]}},
        rules=({"type": "deletion"},),
        bypass_actors=(BypassActor(user="acme-flux-bot", mode="exempt"), BypassActor(role="admin")),
    )
    assert [unknown for unknown in live.unknowns if not unknown.path.startswith("settings/")] == []


def test_a_user_bypass_actor_who_is_not_a_member_is_named_by_id(
    fake: FakeGitHub, read_only_client: GitHubClient
) -> None:
    """An invitee (or outside collaborator) in a ruleset: the member list cannot name them, so one
    ``GET /user/{account_id}`` does; import would otherwise call the ruleset unreadable."""
    fake.repositories = [
        [repository("d1-infra", rulesets=connection([graphql_ruleset("bots", 21, [bypass(actor=None)])]))]
    ]
    body = {
        "id": 21,
        "name": "bots",
        "target": "branch",
        "enforcement": "active",
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "rules": [{"type": "deletion"}],
        "bypass_actors": [{"actor_id": 1008, "actor_type": "User", "bypass_mode": "always"}],
    }
    fake.rest["/repos/acme/d1-infra/rulesets/21"] = (200, body)
    fake.rest["/user/1008"] = (200, {"login": "gina", "id": 1008})
    live = read_organization(read_only_client, "acme", progress=False)
    assert live.state.repositories["d1-infra"].rulesets["bots"].bypass_actors == (BypassActor(user="gina"),)

    fake.rest.pop("/user/1008")  # a deleted account: the ruleset stays unreadable, with the reason
    live = read_organization(read_only_client, "acme", progress=False)
    assert [u.reason for u in live.unknowns if u.path == "repositories/d1-infra/rulesets/bots"] == [
        "User bypass actor 1008 cannot be resolved to a name"
    ]


def test_organisation_rulesets_and_custom_roles_come_from_rest(
    fake: FakeGitHub, read_only_client: GitHubClient
) -> None:
    fake.teams = [
        team_node(
            "Flux Bots",
            "flux-bots",
            3,
            repositories=connection([{"permission": "WRITE", "node": {"name": "d1-apps"}}], key="edges"),
        )
    ]
    fake.repositories = [[repository("d1-apps")]]
    fake.rest["/orgs/acme/custom-repository-roles"] = (
        200,
        {
            "total_count": 1,
            "custom_roles": [
                {
                    "id": 8,
                    "name": "flux-automation",
                    "base_role": "write",
                    "permissions": ["bypass_branch_protection"],
                }
            ],
        },
    )
    fake.rest["/orgs/acme/teams/flux-bots/repos"] = (
        200,
        [{"name": "d1-apps", "role_name": "flux-automation"}],
    )
    fake.rest["/orgs/acme/rulesets"] = (200, [{"id": 31, "name": "org-wide", "source_type": "Organization"}])
    fake.rest["/orgs/acme/rulesets/31"] = (
        200,
        {
            "id": 31,
            "name": "org-wide",
            "target": "branch",
            "enforcement": "evaluate",
            "conditions": {
                "ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []},
                "repository_name": {"include": ["~ALL"], "exclude": [], "protected": False},
            },
            "rules": [{"type": "required_signatures"}],
            "bypass_actors": [
                {"actor_id": 8, "actor_type": "RepositoryRole", "bypass_mode": "always"},
                {"actor_id": 3, "actor_type": "Team", "bypass_mode": "pull_request"},
            ],
        },
    )
    live = read_organization(read_only_client, "acme", progress=False)
    state = live.state
    assert state.custom_roles == {
        "flux-automation": CustomRole(base_role="write", permissions=("bypass_branch_protection",))
    }
    assert state.teams["Flux Bots"].repositories == {"d1-apps": "flux-automation"}
    assert state.rulesets["org-wide"].bypass_actors == (
        BypassActor(role="flux-automation"),
        BypassActor(team="Flux Bots", mode="pull_request"),
    )
    assert live.ids.organization_rulesets == {"org-wide": 31}
    assert live.ids.custom_roles == {"flux-automation": 8}


def test_custom_role_names_are_read_only_for_teams_that_may_hold_one(
    fake: FakeGitHub, read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    fake.teams = [
        team_node("Flux Bots", "flux-bots", 3, repositories=_grants(d1_infra="READ")),
        # Out of scope: its grants never reach the plan.
        team_node("Other", "other", 4, repositories=_grants(d1_infra="READ")),
        # GraphQL shows a custom role as its base role (read here); a write grant cannot be one.
        team_node("Writers", "writers", 5, repositories=_grants(d1_infra="WRITE")),
    ]
    fake.rest["/orgs/acme/custom-repository-roles"] = (
        200,
        {"total_count": 1, "custom_roles": [{"id": 8, "name": "x", "base_role": "read", "permissions": []}]},
    )
    fake.rest["/orgs/acme/teams/flux-bots/repos"] = (200, [{"name": "d1-infra", "role_name": "x"}])
    scope = Organization(organization="acme", teams={"Flux Bots": Team(), "Writers": Team()})
    live = read_organization(read_only_client, "acme", scope, progress=False)
    team_reads = [path for path in sent_paths(github_api) if "/teams/" in path]
    assert team_reads == ["/orgs/acme/teams/flux-bots/repos?per_page=100"]
    assert live.state.teams["Flux Bots"].repositories == {"d1-infra": "x"}
    assert live.state.teams["Writers"].repositories == {"d1-infra": "write"}


def test_what_the_token_cannot_see_becomes_unknown(fake: FakeGitHub, read_only_client: GitHubClient) -> None:
    fake.rest["/orgs/acme"] = (200, {"login": "acme"})
    fake.rest["/orgs/acme/invitations"] = (403, {"message": "Must be an organization owner"})
    fake.rest["/orgs/acme/rulesets"] = (404, {"message": "Not Found"})
    fake.repositories = [
        [
            repository("d1-apps", viewerPermission="READ"),
            repository("private-free", branchProtectionRules=None),
            repository("d1-infra", rulesets=connection([graphql_ruleset("hidden", 41, None)])),
        ]
    ]
    fake.repository_problems = [
        {
            "type": "FORBIDDEN",
            "path": ["organization", "repositories", "nodes", 1, "branchProtectionRules"],
            "message": "Upgrade to GitHub Pro or make this repository public to enable this feature.",
        }
    ]
    live = read_organization(read_only_client, "acme", progress=False)
    paths = {unknown.path for unknown in live.unknowns}
    assert {
        f"repositories/d1-apps/{name}" for name in ("allow_merge_commit", "delete_branch_on_merge")
    } <= paths
    assert {
        "repositories/d1-apps/rulesets",
        "repositories/d1-apps/branch_protection",
        "repositories/d1-infra/rulesets/hidden",
        "repositories/private-free/branch_protection",
        "members",
        "rulesets",
        "settings/default_repository_permission",
    } <= paths
    apps = live.state.repositories["d1-apps"]
    assert "allow_merge_commit" not in apps.model_fields_set and apps.rulesets == {}
    assert live.state.repositories["d1-infra"].rulesets == {}
    assert live.state.repositories["private-free"].branch_protection == {}
    assert live.pending_invitations == {}


def test_overflowing_connections_are_completed_for_that_node_only(
    fake: FakeGitHub, read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    busy = repository("busy", refs=connection([{"name": f"b{i:03}"} for i in range(100)], more="c1"))
    fake.repositories = [[busy, repository("quiet")], [repository("zzz")]]
    fake.repositories[0][1]["refs"] = connection([{"name": "main"}])
    fake.follow_ups[("R_busy", "c1")] = {"refs": connection([{"name": "b100"}], more="c2")}
    fake.follow_ups[("R_busy", "c2")] = {"refs": connection([{"name": "b101"}])}
    live = read_organization(read_only_client, "acme", progress=False)
    assert len(live.state.repositories["busy"].branches) == 102
    assert live.state.repositories["quiet"].branches == ("main",)
    assert set(live.state.repositories) == {"busy", "quiet", "zzz"}
    # 2 repository pages (the members and teams ride along with the first) + 2 follow-ups for one
    # repository, for that repository only.
    assert organisation_reads(github_api) == [["members", "repositories", "teams"], ["repositories"]]
    follow_ups = [
        json.loads(r.content)["variables"] for r in github_api.get_requests() if b"FollowUp" in r.content
    ]
    assert follow_ups == [{"id": "R_busy", "cursor": "c1"}, {"id": "R_busy", "cursor": "c2"}]


def test_other_graphql_errors_mean_no_live_state(fake: FakeGitHub, read_only_client: GitHubClient) -> None:
    fake.repositories = [[repository("d1-apps")]]
    fake.repository_problems = [
        {"type": "INTERNAL", "path": ["organization", "repositories"], "message": "Something went wrong"}
    ]
    with pytest.raises(GitHubApiError, match="reading the repositories of acme: Something went wrong"):
        read_organization(read_only_client, "acme", progress=False)


def test_an_error_about_one_shared_part_fails_the_read_with_that_part_named(
    fake: FakeGitHub, read_only_client: GitHubClient
) -> None:
    # The teams ride along with the repositories; a refused teams page must not leave the reader
    # waiting for teams that never come, nor yield a plan without them.
    fake.repositories = [[repository("d1-apps")], [repository("d1-fleet")]]
    fake.repository_problems = [
        {"type": "INTERNAL", "path": ["organization", "teams"], "message": "Something went wrong"}
    ]
    with pytest.raises(GitHubApiError, match="reading the teams of acme: Something went wrong"):
        read_organization(read_only_client, "acme", progress=False)


def test_rest_failures_after_retries_mean_no_live_state(
    fake: FakeGitHub, read_only_client: GitHubClient
) -> None:
    fake.rest["/orgs/acme"] = (500, {"message": "Server Error"})
    with pytest.raises(GitHubApiError, match="GitHub returned 500 for GET /orgs/acme"):
        read_organization(read_only_client, "acme", progress=False)


def test_a_missing_organisation_is_reported(read_only_client: GitHubClient, github_api: HTTPXMock) -> None:
    missing = {
        "data": {"organization": None},
        "errors": [
            {"type": "NOT_FOUND", "path": ["organization"], "message": "Could not resolve to an Organization"}
        ],
    }
    github_api.add_response(method="POST", url=f"{API}/graphql", json=missing)
    github_api.add_response(
        method="GET", url=re.compile(f"{re.escape(API)}/.*"), status_code=404, json={"message": "Not Found"}
    )
    with pytest.raises(GitHubApiError) as raised:
        read_organization(read_only_client, "nope", progress=False)
    assert raised.value.status == 404


def _grants(**roles: str) -> dict[str, Any]:
    edges = [{"permission": role, "node": {"name": repo.replace("_", "-")}} for repo, role in roles.items()]
    return connection(edges, key="edges")


def _nested_teams(fake: FakeGitHub) -> None:
    parent = {"name": "Apps", "slug": "apps"}
    fake.teams = [
        team_node("Apps", "apps", 2, repositories=_grants(d1_apps="WRITE", d1_fleet="READ")),
        # GraphQL reports effective access, parents' grants included.
        team_node(
            "Frontend",
            "frontend",
            5,
            parentTeam=parent,
            repositories=_grants(d1_apps="ADMIN", d1_fleet="READ"),
        ),
        team_node(
            "Backend", "backend", 6, parentTeam=parent, repositories=_grants(d1_apps="WRITE", d1_fleet="READ")
        ),
        team_node("Solo", "solo", 7, repositories=_grants(d1_fleet="WRITE")),
    ]


def test_nested_teams_keep_direct_grants_only(
    fake: FakeGitHub, read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    def rest_calls(since: int = 0) -> set[str]:
        return {path for path in sent_paths(github_api)[since:] if "/teams" in path}

    _nested_teams(fake)
    # Only the repository's team list tells a child's own grant from what it inherits.
    fake.rest["/repos/acme/d1-apps/teams"] = (
        200,
        [
            {"slug": "apps", "permission": "push", "access_source": "direct"},
            {"slug": "backend", "permission": "pull", "access_source": "direct"},
            {"slug": "frontend", "permission": "admin", "access_source": "direct"},
        ],
    )
    fake.rest["/repos/acme/d1-fleet/teams"] = (
        200,
        [
            {"slug": "apps", "permission": "pull", "access_source": "direct"},
            # Access through an organisation role is not a team grant.
            {"slug": "frontend", "permission": "pull", "access_source": "organization"},
            {"slug": "solo", "permission": "push", "access_source": "direct"},
        ],
    )
    live = read_organization(read_only_client, "acme", progress=False)
    assert live.state.teams["Apps"].repositories == {"d1-apps": "write", "d1-fleet": "read"}
    # Above what the parent grants: certainly its own, no request needed for it.
    assert live.state.teams["Frontend"].repositories == {"d1-apps": "admin"}
    # A lower direct grant hides under the inherited write in GraphQL.
    assert live.state.teams["Backend"].repositories == {"d1-apps": "read"}
    assert live.state.teams["Solo"].repositories == {"d1-fleet": "write"}
    assert [unknown for unknown in live.unknowns if unknown.path.startswith("teams")] == []
    # One request per repository concerned, whatever the number of nested teams; none per team.
    assert rest_calls() == {
        "/repos/acme/d1-apps/teams?per_page=100",
        "/repos/acme/d1-fleet/teams?per_page=100",
    }
    # Teams the configuration does not mention are not worth a request.
    first_read = len(github_api.get_requests())
    scope = Organization(organization="acme", teams={"Frontend": Team()})
    read_organization(read_only_client, "acme", scope, progress=False)
    assert rest_calls(since=first_read) == {"/repos/acme/d1-fleet/teams?per_page=100"}


def test_nested_grants_hidden_from_the_token_are_unknown(
    fake: FakeGitHub, read_only_client: GitHubClient
) -> None:
    _nested_teams(fake)
    fake.rest["/repos/acme/d1-apps/teams"] = (200, [])
    fake.rest["/repos/acme/d1-fleet/teams"] = (404, {"message": "Not Found"})
    live = read_organization(read_only_client, "acme", progress=False)
    teams_unknowns = [unknown for unknown in live.unknowns if unknown.path.startswith("teams")]
    assert [(unknown.path, unknown.reason) for unknown in teams_unknowns] == [
        (f"teams/{name}/repositories", "the teams of d1-fleet are not visible to this token (Not Found)")
        for name in ("Frontend", "Backend")
    ]
    assert live.state.teams["Backend"].repositories == {}


def test_apps_known_only_by_id_are_named_from_the_installations(
    fake: FakeGitHub, read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    fake.rest["/orgs/acme/rulesets"] = (200, [{"id": 31, "name": "org-wide", "source_type": "Organization"}])
    fake.rest["/orgs/acme/rulesets/31"] = (
        200,
        {
            "id": 31,
            "name": "org-wide",
            "target": "branch",
            "enforcement": "active",
            "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
            "rules": [{"type": "deletion"}],
            "bypass_actors": [{"actor_id": 77, "actor_type": "Integration", "bypass_mode": "always"}],
        },
    )
    fake.rest["/orgs/acme/installations"] = (
        200,
        {
            "total_count": 2,
            "installations": [{"app_id": 5, "app_slug": "other"}, {"app_id": 77, "app_slug": "rb"}],
        },
    )
    live = read_organization(read_only_client, "acme", progress=False)
    assert live.state.rulesets["org-wide"].bypass_actors == (BypassActor(app="rb"),)
    assert live.ids.apps == {"other": 5, "rb": 77}
    reads = [path for path in sent_paths(github_api) if "installations" in path]
    assert reads == ["/orgs/acme/installations?per_page=100"]

    # Not an owner: the installation list is refused and the ruleset stays an Unknown, as before.
    fake.rest["/orgs/acme/installations"] = (403, {"message": "Must be an organization owner"})
    live = read_organization(read_only_client, "acme", progress=False)
    assert "org-wide" not in live.state.rulesets
    assert [unknown.reason for unknown in live.unknowns if unknown.path == "rulesets/org-wide"] == [
        "Integration bypass actor 77 cannot be resolved to a name"
    ]
