"""The sandbox's GraphQL endpoint answers ghprov's read queries as GitHub would, from the emulated state."""

from __future__ import annotations

from typing import Any

import pytest

from ghprov_testbeds.sandbox.graphql_api import execute
from ghprov_testbeds.sandbox.limits import RateLimits
from ghprov_testbeds.sandbox.settings import SandboxSettings
from ghprov_testbeds.sandbox.state import (
    BranchProtection,
    GitHubState,
    Identity,
    Membership,
    Repository,
    Ruleset,
    Team,
    Token,
    new_state,
    node_id,
)

OWNER = Identity("user", "alice", "t-owner")
MEMBER = Identity("user", "bob", "t-member")
APP = Identity("installation", "flux-app", "t-app")


def _team(state: GitHubState, name: str, slug: str, **fields: Any) -> Team:
    ident = state.new_id()
    return state.add_team(Team(id=ident, node_id=node_id("Team", ident), name=name, slug=slug, **fields))


def _repository(state: GitHubState, name: str, **fields: Any) -> Repository:
    ident = state.new_id()
    branches = {"main": "a" * 40, "production": "b" * 40}
    repo = Repository(id=ident, node_id=node_id("Repository", ident), name=name, branches=branches, **fields)
    return state.add_repository(repo)


@pytest.fixture()
def state() -> GitHubState:
    """An org with an owner, a member, a pending member, a bot, an App, nested teams and protected repos."""
    state = new_state("acme")
    for login in ("alice", "bob", "carol", "dave"):
        state.add_user(login)
    state.add_user("flux-bot", type="Bot")
    state.memberships.update(
        alice=Membership(role="admin"),
        bob=Membership(),
        dave=Membership(),
        carol=Membership(state="pending"),
        **{"flux-bot": Membership()},
    )
    app = state.add_app("flux-app")
    state.tokens.update(
        {
            "t-owner": Token("user", "alice"),
            "t-member": Token("user", "bob"),
            "t-app": Token("installation", "flux-app"),
        }
    )
    platform = _team(state, "Platform", "platform", privacy="closed", members={"alice": "maintainer"})
    _team(
        state,
        "Platform Ops",
        "platform-ops",
        privacy="closed",
        parent_id=platform.id,
        members={"bob": "member"},
    )
    _team(state, "Security", "security", privacy="secret", members={"dave": "maintainer"})
    fleet = _repository(state, "fleet", topics=["flux", "gitops"])
    _repository(state, "apps", visibility="internal")
    _repository(state, "infra")
    platform.repos["fleet"] = "maintain"
    fleet.protections["main"] = BranchProtection(
        settings={
            "required_status_checks": {"strict": True, "checks": [{"context": "ci/build"}]},
            "enforce_admins": True,
            "required_pull_request_reviews": {
                "required_approving_review_count": 2,
                "dismiss_stale_reviews": True,
                "require_code_owner_reviews": True,
                "bypass_pull_request_allowances": {
                    "users": ["flux-bot"],
                    "teams": ["platform"],
                    "apps": ["flux-app"],
                },
            },
            "restrictions": {"users": [], "teams": ["platform"], "apps": []},
            "required_linear_history": True,
        },
        required_signatures=True,
    )
    ruleset_id = state.new_id()
    fleet.rulesets[ruleset_id] = Ruleset(
        id=ruleset_id,
        node_id=node_id("RepositoryRuleset", ruleset_id),
        name="protect-default",
        source="acme/fleet",
        conditions={"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        rules=[
            {"type": "deletion"},
            {
                "type": "pull_request",
                "parameters": {
                    "required_approving_review_count": 1,
                    "dismiss_stale_reviews_on_push": True,
                    "require_code_owner_review": False,
                    "require_last_push_approval": True,
                    "required_review_thread_resolution": False,
                },
            },
            {
                "type": "required_status_checks",
                "parameters": {
                    "strict_required_status_checks_policy": True,
                    "do_not_enforce_on_create": False,
                    "required_status_checks": [{"context": "ci/build", "integration_id": 15368}],
                },
            },
        ],
        bypass_actors=[
            {"actor_id": platform.id, "actor_type": "Team", "bypass_mode": "pull_request"},
            {"actor_id": app.id, "actor_type": "Integration", "bypass_mode": "always"},
            {"actor_id": None, "actor_type": "OrganizationAdmin", "bypass_mode": "always"},
            {"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"},
            {"actor_id": state.users["flux-bot"].id, "actor_type": "User", "bypass_mode": "always"},
        ],
    )
    org_ruleset_id = state.new_id()
    state.org_rulesets[org_ruleset_id] = Ruleset(
        id=org_ruleset_id,
        node_id=node_id("RepositoryRuleset", org_ruleset_id),
        name="no-force-push",
        source_type="Organization",
        source="acme",
        conditions={
            "ref_name": {"include": ["~ALL"], "exclude": []},
            "repository_name": {"include": ["fl*"], "exclude": []},
        },
        rules=[{"type": "non_fast_forward"}],
    )
    return state


def _data(state: GitHubState, query: str, identity: Identity = OWNER, **variables: Any) -> Any:
    response = execute(state, identity, query, variables or None)
    assert "errors" not in response, response
    return response["data"]


def test_organization_members_with_roles_page_with_opaque_cursors(state: GitHubState) -> None:
    query = """query($after: String) { organization(login: "acme") { login databaseId id
      membersWithRole(first: 2, after: $after) { pageInfo { hasNextPage endCursor } totalCount
        edges { role node { login databaseId } } } } }"""
    first = _data(state, query)["organization"]
    assert first["login"] == "acme"
    assert first["databaseId"] == state.organization.id
    assert first["id"] == state.organization.node_id
    page = first["membersWithRole"]
    assert page["totalCount"] == 4  # the pending member is not a member yet
    assert [(e["node"]["login"], e["role"]) for e in page["edges"]] == [("alice", "ADMIN"), ("bob", "MEMBER")]
    assert page["pageInfo"]["hasNextPage"] is True
    cursor = page["pageInfo"]["endCursor"]
    assert not cursor.isdigit()  # opaque (base64), not a bare offset
    second = _data(state, query, after=cursor)["organization"]["membersWithRole"]
    assert [e["node"]["login"] for e in second["edges"]] == ["dave", "flux-bot"]
    assert second["pageInfo"]["hasNextPage"] is False


def test_an_invalid_cursor_is_rejected(state: GitHubState) -> None:
    response = execute(
        state,
        OWNER,
        'query { organization(login: "acme") { teams(first: 1, after: "bm9wZQ==") { totalCount } } }',
        None,
    )
    assert response["errors"][0]["message"] == "`after` does not appear to be a valid cursor."
    assert response["errors"][0]["path"] == ["organization", "teams"]


def test_teams_with_hierarchy_members_and_repositories(state: GitHubState) -> None:
    query = """{ organization(login: "acme") { teams(first: 10, rootTeamsOnly: true) { totalCount nodes {
      slug name databaseId privacy parentTeam { slug } childTeams(first: 5) { nodes { slug } }
      immediate: members(membership: IMMEDIATE, first: 10) { edges { role node { login } } }
      everyone: members(membership: ALL, first: 10) { edges { role node { login } } }
      maintainers: members(role: MAINTAINER, first: 10) { edges { node { login } } }
      repositories(first: 10) { edges { permission node { name } } } } } } }"""
    teams = _data(state, query)["organization"]["teams"]
    assert teams["totalCount"] == 2  # rootTeamsOnly hides Platform Ops
    platform = next(t for t in teams["nodes"] if t["slug"] == "platform")
    assert platform["privacy"] == "VISIBLE" and platform["parentTeam"] is None
    assert platform["childTeams"]["nodes"] == [{"slug": "platform-ops"}]
    assert platform["immediate"]["edges"] == [{"role": "MAINTAINER", "node": {"login": "alice"}}]
    assert [e["node"]["login"] for e in platform["everyone"]["edges"]] == ["alice", "bob"]
    assert platform["maintainers"]["edges"] == [{"node": {"login": "alice"}}]
    assert platform["repositories"]["edges"] == [{"permission": "MAINTAIN", "node": {"name": "fleet"}}]
    child = _data(
        state,
        '{ organization(login: "acme") { team(slug: "platform-ops") { parentTeam { name } '
        "repositories(first: 5) { edges { permission node { name } } } } } }",
    )
    assert child["organization"]["team"]["parentTeam"] == {"name": "Platform"}
    # A child team inherits its parent's repository access.
    assert child["organization"]["team"]["repositories"]["edges"][0]["permission"] == "MAINTAIN"


def test_secret_teams_are_invisible_to_other_members(state: GitHubState) -> None:
    query = (
        '{ organization(login: "acme") { team(slug: "security") { slug } teams(first: 10) { totalCount } } }'
    )
    assert _data(state, query, OWNER)["organization"] == {
        "team": {"slug": "security"},
        "teams": {"totalCount": 3},
    }
    assert _data(state, query, MEMBER)["organization"] == {"team": None, "teams": {"totalCount": 2}}


def test_repository_settings_refs_and_topics(state: GitHubState) -> None:
    query = """{ organization(login: "acme") { repository(name: "fleet") { databaseId name visibility
      isArchived isPrivate defaultBranchRef { name } mergeCommitAllowed squashMergeAllowed rebaseMergeAllowed
      autoMergeAllowed
      deleteBranchOnMerge hasIssuesEnabled hasProjectsEnabled hasWikiEnabled viewerPermission
      repositoryTopics(first: 10) { nodes { topic { name } } }
      refs(refPrefix: "refs/heads/", first: 1) { pageInfo { hasNextPage } nodes { name } } } } }"""
    repo = _data(state, query, MEMBER)["organization"]["repository"]
    assert repo["visibility"] == "PRIVATE" and repo["isPrivate"] is True and repo["isArchived"] is False
    assert repo["defaultBranchRef"] == {"name": "main"}
    assert repo["viewerPermission"] == "MAINTAIN"  # bob gets maintain through the child team
    assert repo["repositoryTopics"]["nodes"] == [{"topic": {"name": "flux"}}, {"topic": {"name": "gitops"}}]
    assert repo["refs"] == {"pageInfo": {"hasNextPage": True}, "nodes": [{"name": "main"}]}


def test_repositories_are_ordered_and_limited_to_what_the_viewer_sees(state: GitHubState) -> None:
    query = """{ organization(login: "acme") {
      repositories(first: 10, orderBy: {field: NAME, direction: DESC}) { totalCount nodes { name } } } }"""
    assert _data(state, query)["organization"]["repositories"]["nodes"] == [
        {"name": "infra"},
        {"name": "fleet"},
        {"name": "apps"},
    ]
    state.organization.settings["default_repository_permission"] = "none"
    visible = _data(state, query, MEMBER)["organization"]["repositories"]["nodes"]
    assert visible == [{"name": "fleet"}, {"name": "apps"}]  # team access, and internal visibility


def test_branch_protection_rules_with_allowances(state: GitHubState) -> None:
    actor = "actor { __typename ... on User { login } ... on Team { slug } ... on App { slug databaseId } }"
    query = f"""{{ organization(login: "acme") {{ repository(name: "fleet") {{
      branchProtectionRules(first: 5) {{ nodes {{ pattern requiresApprovingReviews
        requiredApprovingReviewCount dismissesStaleReviews requiresCodeOwnerReviews requiresStatusChecks
        requiresStrictStatusChecks requiredStatusCheckContexts isAdminEnforced requiresCommitSignatures
        requiresLinearHistory allowsForcePushes restrictsPushes
        bypassPullRequestAllowances(first: 10) {{ nodes {{ {actor} }} }}
        pushAllowances(first: 10) {{ nodes {{ {actor} }} }} }} }} }} }} }}"""
    rule = _data(state, query)["organization"]["repository"]["branchProtectionRules"]["nodes"][0]
    assert rule["pattern"] == "main"
    assert rule["requiredApprovingReviewCount"] == 2 and rule["requiresCodeOwnerReviews"] is True
    assert rule["requiredStatusCheckContexts"] == ["ci/build"] and rule["requiresStrictStatusChecks"] is True
    assert rule["isAdminEnforced"] and rule["requiresCommitSignatures"] and rule["requiresLinearHistory"]
    assert rule["allowsForcePushes"] is False and rule["restrictsPushes"] is True
    assert [n["actor"] for n in rule["bypassPullRequestAllowances"]["nodes"]] == [
        {"__typename": "User", "login": "flux-bot"},
        {"__typename": "Team", "slug": "platform"},
        {"__typename": "App", "slug": "flux-app", "databaseId": state.apps["flux-app"].id},
    ]
    assert [n["actor"] for n in rule["pushAllowances"]["nodes"]] == [
        {"__typename": "Team", "slug": "platform"}
    ]


RULESETS = """{ organization(login: "acme") { repository(name: "fleet") { rulesets(first: 10) { nodes {
  databaseId name target enforcement source { __typename } conditions { refName { include exclude } }
  rules(first: 10) { nodes { type parameters { __typename
    ... on PullRequestParameters { requiredApprovingReviewCount requireLastPushApproval }
    ... on RequiredStatusChecksParameters {
      strictRequiredStatusChecksPolicy requiredStatusChecks { context integrationId } } } } }
  bypassActors(first: 10) { totalCount nodes { actor { __typename ... on Team { slug } ... on App { slug } }
    bypassMode deployKey organizationAdmin enterpriseOwner repositoryRoleDatabaseId repositoryRoleName } }
} } } } }"""


def test_rulesets_with_rules_and_bypass_actors(state: GitHubState) -> None:
    nodes = _data(state, RULESETS)["organization"]["repository"]["rulesets"]["nodes"]
    assert [(n["name"], n["source"]["__typename"]) for n in nodes] == [
        ("protect-default", "Repository"),
        ("no-force-push", "Organization"),  # includeParents defaults to true
    ]
    own = nodes[0]
    assert own["target"] == "BRANCH" and own["enforcement"] == "ACTIVE"
    assert own["conditions"] == {"refName": {"include": ["~DEFAULT_BRANCH"], "exclude": []}}
    assert [r["type"] for r in own["rules"]["nodes"]] == [
        "DELETION",
        "PULL_REQUEST",
        "REQUIRED_STATUS_CHECKS",
    ]
    assert own["rules"]["nodes"][0]["parameters"] is None
    assert own["rules"]["nodes"][1]["parameters"] == {
        "__typename": "PullRequestParameters",
        "requiredApprovingReviewCount": 1,
        "requireLastPushApproval": True,
    }
    assert own["rules"]["nodes"][2]["parameters"]["requiredStatusChecks"] == [
        {"context": "ci/build", "integrationId": 15368}
    ]
    flags = {"deployKey": False, "organizationAdmin": False, "enterpriseOwner": False}
    none = {"repositoryRoleDatabaseId": None, "repositoryRoleName": None}
    assert own["bypassActors"]["nodes"] == [
        {"actor": {"__typename": "Team", "slug": "platform"}, "bypassMode": "PULL_REQUEST", **flags, **none},
        {"actor": {"__typename": "App", "slug": "flux-app"}, "bypassMode": "ALWAYS", **flags, **none},
        {"actor": None, "bypassMode": "ALWAYS", **flags, "organizationAdmin": True, **none},
        {
            "actor": None,
            "bypassMode": "ALWAYS",
            **flags,
            "repositoryRoleDatabaseId": 5,
            "repositoryRoleName": "admin",
        },
        # A User actor has no GraphQL representation (union BypassActor = App | Team).
        {"actor": None, "bypassMode": "ALWAYS", **flags, **none},
    ]


def test_bypass_actors_are_hidden_from_those_who_cannot_edit_the_ruleset(state: GitHubState) -> None:
    nodes = _data(state, RULESETS, MEMBER)["organization"]["repository"]["rulesets"]["nodes"]
    assert [n["bypassActors"] for n in nodes] == [{"totalCount": 0, "nodes": []}] * 2
    assert len(nodes[0]["rules"]["nodes"]) == 3  # the rules themselves stay readable


def test_viewer_for_users_and_installations(state: GitHubState) -> None:
    assert _data(state, "{ viewer { login } }", MEMBER) == {"viewer": {"login": "bob"}}
    assert _data(state, "{ viewer { login } }", APP) == {"viewer": {"login": "flux-app[bot]"}}


def test_rate_limit_reports_the_documented_cost_and_charges_the_budget(state: GitHubState) -> None:
    limits = RateLimits(SandboxSettings())
    query = """{ rateLimit { cost limit remaining used nodeCount resetAt }
      organization(login: "acme") { teams(first: 100) { nodes { members(first: 50) { totalCount }
        repositories(first: 100) { totalCount } } } } }"""
    first = execute(state, OWNER, query, None, limits=limits)["data"]["rateLimit"]
    # 1 request for teams + 100 for members + 100 for repositories = 201 → 2 points.
    assert first["cost"] == 2
    assert first["nodeCount"] == 100 + 100 * 50 + 100 * 100
    assert (first["limit"], first["used"], first["remaining"]) == (5000, 2, 4998)
    second = execute(state, OWNER, "{ rateLimit { cost used remaining } }", None, limits=limits)["data"]
    assert second["rateLimit"] == {"cost": 1, "used": 3, "remaining": 4997}
    assert limits.bucket(OWNER.token, "graphql").used == 3


def test_an_exhausted_budget_is_refused(state: GitHubState) -> None:
    limits = RateLimits(SandboxSettings())
    limits.charge(OWNER.token, "graphql", 4999)
    # 1 + 100 + 100 requests = 2 points, one more than is left.
    query = """{ organization(login: "acme") { teams(first: 100) { nodes {
      members(first: 100) { totalCount } repositories(first: 100) { totalCount } } } } }"""
    response = execute(state, OWNER, query, None, limits=limits)
    assert response == {
        "errors": [
            {
                "type": "RATE_LIMITED",
                "message": f"API rate limit exceeded for user ID {state.users['alice'].id}.",
            }
        ]
    }
