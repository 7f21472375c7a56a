"""Classic protection writers: patterns and GraphQL-only settings as BranchProtectionRule mutations,
App-pinned checks and fork syncing through REST, the EnterpriseOwner bypass actor, and the resolver's
node-id facts. Every request is checked against GitHub's schemas (OpenAPI, or GraphQL with variables)."""

from __future__ import annotations

from typing import Any

import pytest
from apply_fakes import FakeClock, FakeGitHub
from apply_writes import graphql_problems, live_ids, requests_for

from ghprov.github.graphql import is_read_only_document
from ghprov.github.write import Resolver, Target, writes_for
from ghprov.github.write.branch_protection import uses_graphql
from ghprov.github.write.facts import ActorNodeId, AppId, ProtectionRuleId, RepositoryNodeId
from ghprov.github.write.protection_mutations import all_documents
from ghprov.github.write.requests import Learn, Learned
from ghprov.model import (
    Actors,
    BranchProtection,
    BypassActor,
    RepositoryRef,
    ResourceIds,
    Ruleset,
    StatusChecks,
)
from ghprov.model.protection import StatusCheck
from ghprov.plan.changes import Action, Change, Kind
from ghprov_testbeds.contract.graphql_schema import validate_query

NODE_IDS = {
    ActorNodeId("user", "mia"): "U_mia",
    ActorNodeId("team", "Release Managers"): "T_release",
    ActorNodeId("app", "ci-app"): "A_ci",
}
RELEASE = BranchProtection(
    required_approving_review_count=1,
    bypass_pull_request_allowances=Actors(apps=("ci-app",)),
    required_status_checks=StatusChecks(
        strict=True, contexts=("lint",), checks=(StatusCheck(context="build", app="ci-app"),)
    ),
    bypass_force_push_allowances=Actors(users=("mia",), teams=("Release Managers",)),
    required_deployments=("staging",),
    lock_branch=True,
    allow_fork_syncing=True,
)


def _ids() -> ResourceIds:
    ids = live_ids()
    ids.repositories["d1-fleet"] = RepositoryRef(7, "R_fleet")
    ids.protection_rules[("d1-fleet", "release/*")] = "BPR_release"
    return ids


@pytest.mark.parametrize("name", sorted(all_documents()))
def test_every_protection_rule_document_is_valid_against_githubs_schema(name: str) -> None:
    # The variables each is sent with are checked where the writer builds them (below).
    assert validate_query(all_documents()[name]) == []
    assert is_read_only_document(all_documents()[name]) is (name == "protection rule ids")


def test_a_pattern_is_created_as_a_rule_with_every_setting_and_learns_its_id() -> None:
    change = Change(Kind.BRANCH_PROTECTION, Action.CREATE, ("d1-fleet", "release/*"), desired=RELEASE)
    ((method, path, variables),) = requests_for(change, ids=_ids(), known=NODE_IDS)
    assert (method, path) == ("POST", "/graphql")
    assert variables == {
        "input": {
            "repositoryId": "R_fleet",
            "pattern": "release/*",
            "requiresApprovingReviews": True,
            "requiredApprovingReviewCount": 1,
            "dismissesStaleReviews": False,
            "requiresCodeOwnerReviews": False,
            "requireLastPushApproval": False,
            "bypassPullRequestActorIds": ["A_ci"],
            "restrictsReviewDismissals": False,
            "reviewDismissalActorIds": [],
            "requiresStatusChecks": True,
            "requiresStrictStatusChecks": True,
            "requiredStatusChecks": [{"context": "build", "appId": "A_ci"}, {"context": "lint"}],
            "isAdminEnforced": False,
            "requiresCommitSignatures": False,
            "requiresLinearHistory": False,
            "allowsForcePushes": False,
            "bypassForcePushActorIds": ["U_mia", "T_release"],
            "allowsDeletions": False,
            "blocksCreations": False,
            "requiresConversationResolution": False,
            "lockBranch": True,
            "lockAllowsFetchAndMerge": True,
            "requiresDeployments": True,
            "requiredDeploymentEnvironments": ["staging"],
            "restrictsPushes": False,
            "pushActorIds": [],
        }
    }
    (request,) = writes_for(change, Target("acme"))  # type: ignore[misc]
    assert request.graphql is not None and request.graphql.field == "createBranchProtectionRule"
    assert request.learn == Learn(Learned.PROTECTION_RULE, ("d1-fleet", "release/*")) and request.creates
    resolver = Resolver(Target("acme"))
    resolver.learn(request.learn, {"createBranchProtectionRule": {"branchProtectionRule": {"id": "BPR_new"}}})
    assert resolver.value(ProtectionRuleId("d1-fleet", "release/*")) == "BPR_new"


def test_a_pattern_is_updated_and_deleted_by_the_rule_id_read_with_the_live_state() -> None:
    current = BranchProtection(required_approving_review_count=2)
    update = Change(
        Kind.BRANCH_PROTECTION, Action.UPDATE, ("d1-fleet", "release/*"), desired=RELEASE, current=current
    )
    ((_, _, variables),) = requests_for(update, ids=_ids(), known=NODE_IDS)
    assert variables["input"]["branchProtectionRuleId"] == "BPR_release"
    assert "repositoryId" not in variables["input"] and "pattern" not in variables["input"]
    assert variables["input"]["requiredApprovingReviewCount"] == 1
    delete = Change(Kind.BRANCH_PROTECTION, Action.DELETE, ("d1-fleet", "release/*"), current=current)
    assert requests_for(delete, ids=_ids()) == [
        ("POST", "/graphql", {"input": {"branchProtectionRuleId": "BPR_release"}})
    ]


def test_turning_graphql_only_settings_off_sends_them_off() -> None:
    plain = BranchProtection(required_approving_review_count=1)
    change = Change(
        Kind.BRANCH_PROTECTION, Action.UPDATE, ("d1-fleet", "main"), desired=plain, current=RELEASE
    )
    ids = _ids()
    ids.protection_rules[("d1-fleet", "main")] = "BPR_main"
    ((method, _, variables),) = requests_for(change, ids=ids, known=NODE_IDS)
    assert method == "POST"
    values = variables["input"]
    assert values["branchProtectionRuleId"] == "BPR_main"
    assert (values["requiresDeployments"], values["requiredDeploymentEnvironments"]) == (False, [])
    assert values["bypassForcePushActorIds"] == [] and values["requiredStatusChecks"] == []


@pytest.mark.parametrize(
    ("branch", "desired", "current", "graphql"),
    [
        ("main", BranchProtection(), None, False),
        ("main", BranchProtection(lock_branch=True, allow_fork_syncing=True), BranchProtection(), False),
        ("release/*", BranchProtection(), None, True),
        ("v[0-9]", BranchProtection(), None, True),
        ("main", BranchProtection(required_deployments=("prod",)), None, True),
        (
            "main",
            BranchProtection(),
            BranchProtection(bypass_force_push_allowances=Actors(users=("a",))),
            True,
        ),
    ],
)
def test_rest_stays_for_plain_branches_without_graphql_only_settings(
    branch: str, desired: BranchProtection, current: BranchProtection | None, graphql: bool
) -> None:
    assert uses_graphql(branch, desired, current) is graphql


def test_rest_pins_a_check_to_its_app_and_states_fork_syncing() -> None:
    protection = BranchProtection(
        required_status_checks=StatusChecks(
            contexts=("lint",), checks=(StatusCheck(context="build", app="flux-app"),)
        ),
        lock_branch=True,
        allow_fork_syncing=True,
    )
    change = Change(Kind.BRANCH_PROTECTION, Action.CREATE, ("d1-fleet", "main"), desired=protection)
    ((method, path, body),) = requests_for(change)
    assert (method, path) == ("PUT", "/repos/acme/d1-fleet/branches/main/protection")
    # flux-app is App 3003 in the live ids; a context without app_id takes any source, as contexts do.
    assert body["required_status_checks"] == {
        "strict": False,
        "checks": [{"context": "build", "app_id": 3003}, {"context": "lint"}],
    }
    assert (body["lock_branch"], body["allow_fork_syncing"]) == (True, True)
    unpinned = Change(Kind.BRANCH_PROTECTION, Action.CREATE, ("d1-fleet", "main"), desired=BranchProtection())
    assert requests_for(unpinned)[0][2]["allow_fork_syncing"] is False


def test_enterprise_owners_are_an_idless_bypass_actor() -> None:
    ruleset = Ruleset(bypass_actors=(BypassActor(enterprise_owner=True, mode="pull_request"),))
    change = Change(Kind.ORGANIZATION_RULESET, Action.CREATE, ("org-main",), desired=ruleset)
    ((_, path, body),) = requests_for(change)
    assert path == "/orgs/acme/rulesets"
    assert body["bypass_actors"] == [
        {"actor_id": None, "actor_type": "EnterpriseOwner", "bypass_mode": "pull_request"}
    ]


class GraphQLGitHub(FakeGitHub):
    """FakeGitHub plus canned GraphQL pages (one list of answers, in order)."""

    def __init__(self, pages: list[dict[str, Any]]) -> None:
        super().__init__(FakeClock())
        self.pages = pages
        self.queries: list[dict[str, Any]] = []

    def graphql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        assert graphql_problems(query, variables) == []
        self.queries.append(dict(variables))
        return self.pages.pop(0)


def _rules_page(nodes: list[tuple[str, str]], cursor: str | None) -> dict[str, Any]:
    page = {"hasNextPage": cursor is not None, "endCursor": cursor}
    listed = [{"id": ident, "pattern": pattern} for ident, pattern in nodes]
    return {"repository": {"branchProtectionRules": {"pageInfo": page, "nodes": listed}}}


def test_a_rule_id_not_read_is_looked_up_once_per_repository_through_all_pages() -> None:
    github = GraphQLGitHub(
        [_rules_page([("BPR_main", "main")], "c1"), _rules_page([("BPR_release", "release/*")], None)]
    )
    resolver = Resolver(Target("acme"), ResourceIds(), github)
    assert resolver.value(ProtectionRuleId("d1-fleet", "release/*")) == "BPR_release"
    assert resolver.value(ProtectionRuleId("d1-fleet", "main")) == "BPR_main"
    assert github.queries == [
        {"owner": "acme", "name": "d1-fleet", "cursor": None},
        {"owner": "acme", "name": "d1-fleet", "cursor": "c1"},
    ]
    assert resolver.lookups == ["POST /graphql branchProtectionRules of d1-fleet"] * 2


def test_node_ids_come_from_the_read_ids_else_from_one_get_each() -> None:
    github = GraphQLGitHub([])
    github.script[("GET", "/users/mia")] = [{"id": 5, "node_id": "U_mia"}]
    github.script[("GET", "/apps/ci-app")] = [{"id": 6, "node_id": "A_ci"}]
    github.script[("GET", "/repos/acme/d1-apps")] = [{"id": 8, "node_id": "R_apps"}]
    resolver = Resolver(Target("acme"), _ids(), github)
    assert resolver.value(RepositoryNodeId("d1-fleet")) == "R_fleet"
    assert resolver.value(RepositoryNodeId("d1-apps")) == "R_apps"
    assert resolver.value(ActorNodeId("user", "mia")) == "U_mia"
    assert resolver.value(ActorNodeId("app", "ci-app")) == "A_ci"
    assert resolver.value(AppId("flux-app")) == 3003
    assert resolver.lookups == ["GET /repos/acme/d1-apps", "GET /users/mia", "GET /apps/ci-app"]


def test_node_ids_of_what_this_apply_created_are_learned_from_the_creation() -> None:
    resolver = Resolver(Target("acme"), ResourceIds(), GraphQLGitHub([]))
    resolver.learn(
        Learn(Learned.TEAM, ("Release Managers",)), {"id": 1, "slug": "release-managers", "node_id": "T_r"}
    )
    resolver.learn(Learn(Learned.REPOSITORY, ("d1-apps",)), {"default_branch": "main", "node_id": "R_apps"})
    assert resolver.value(ActorNodeId("team", "Release Managers")) == "T_r"
    assert resolver.value(RepositoryNodeId("d1-apps")) == "R_apps"
    assert resolver.lookups == []
