"""GraphQL mutations of classic protection rules in the sandbox: what GitHub stores, refuses and shows."""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox.graphql_api import execute
from ghprov_testbeds.sandbox.state import (
    BranchProtection,
    GitHubState,
    Identity,
    Membership,
    Repository,
    new_state,
    node_id,
)

OWNER = Identity("user", "alice", "t-owner")
MEMBER = Identity("user", "bob", "t-member")
CREATE = """mutation($input: CreateBranchProtectionRuleInput!) {
  createBranchProtectionRule(input: $input) { branchProtectionRule { id pattern } } }"""
UPDATE = """mutation($input: UpdateBranchProtectionRuleInput!) {
  updateBranchProtectionRule(input: $input) { branchProtectionRule { id pattern } } }"""
DELETE = """mutation($input: DeleteBranchProtectionRuleInput!) {
  deleteBranchProtectionRule(input: $input) { clientMutationId } }"""
READ = """{ repository(owner: "acme", name: "d1-fleet") { branchProtectionRules(first: 10) { nodes {
  pattern requiresDeployments requiredDeploymentEnvironments lockBranch lockAllowsFetchAndMerge
  requiredStatusChecks { context app { slug } } allowsForcePushes requiresApprovingReviews
  requiredApprovingReviewCount matchingRefs(first: 5) { nodes { name } }
  bypassForcePushAllowances(first: 5) {
    nodes { actor { __typename ... on Team { slug } ... on User { login } } }
  }
} } } }"""


def _state(plan: str = "team") -> GitHubState:
    state = new_state("acme", plan=plan)  # type: ignore[arg-type]
    state.add_user("alice")
    state.add_user("bob")
    state.memberships["alice"] = Membership(role="admin")
    state.memberships["bob"] = Membership(role="member")
    state.add_app("ci-app")
    ident = state.new_id()
    repo = state.add_repository(
        Repository(id=ident, node_id=node_id("Repository", ident), name="d1-fleet", visibility="private")
    )
    repo.branches.update({"main": "a" * 40, "release/1": "b" * 40, "release/2": "c" * 40})
    return state


def _repo(state: GitHubState) -> Repository:
    repo = state.repository("d1-fleet")
    assert repo is not None
    return repo


def _create(state: GitHubState, identity: Identity = OWNER, **values: Any) -> dict[str, Any]:
    repo = _repo(state)
    return execute(state, identity, CREATE, {"input": {"repositoryId": repo.node_id, **values}})


def test_a_pattern_rule_is_stored_beside_rest_protections_and_read_back() -> None:
    state = _state()
    mia = state.add_user("mia")
    app = state.apps["ci-app"]
    result = _create(
        state,
        pattern="release/*",
        requiresStatusChecks=True,
        requiredStatusChecks=[{"context": "build", "appId": app.node_id}, {"context": "lint"}],
        allowsForcePushes=False,
        bypassForcePushActorIds=[mia.node_id],
        requiresDeployments=True,
        requiredDeploymentEnvironments=["staging"],
        lockBranch=True,
        lockAllowsFetchAndMerge=True,
    )
    assert "errors" not in result, result
    assert result["data"]["createBranchProtectionRule"]["branchProtectionRule"]["pattern"] == "release/*"
    stored = _repo(state).protections["release/*"]
    assert stored.settings["required_status_checks"] == {
        "strict": False,
        "checks": [{"context": "build", "app_id": app.id}, {"context": "lint"}],
    }
    assert stored.bypass_force_push_allowances == {"users": ["mia"], "teams": [], "apps": []}
    assert stored.creator == "alice"
    (rule,) = execute(state, OWNER, READ, None)["data"]["repository"]["branchProtectionRules"]["nodes"]
    assert rule["matchingRefs"]["nodes"] == [{"name": "release/1"}, {"name": "release/2"}]
    assert rule["requiredStatusChecks"] == [
        {"context": "build", "app": {"slug": "ci-app"}},
        {"context": "lint", "app": None},
    ]
    assert (rule["requiresDeployments"], rule["requiredDeploymentEnvironments"]) == (True, ["staging"])
    assert (rule["lockBranch"], rule["lockAllowsFetchAndMerge"]) == (True, True)
    assert rule["bypassForcePushAllowances"]["nodes"] == [{"actor": {"__typename": "User", "login": "mia"}}]
    # The audit log records the rule as GitHub does for protections.
    (event,) = [event for event in state.audit.audit_log if event["action"].startswith("protected_branch")]
    assert (event["action"], event["actor"], event["name"]) == (
        "protected_branch.create",
        "alice",
        "release/*",
    )


def test_an_update_changes_only_the_fields_it_names_and_delete_removes_the_rule() -> None:
    state = _state()
    created = _create(
        state,
        pattern="release/*",
        requiresApprovingReviews=True,
        requiredApprovingReviewCount=2,
        lockBranch=True,
    )
    rule_id = created["data"]["createBranchProtectionRule"]["branchProtectionRule"]["id"]
    updated = execute(
        state, OWNER, UPDATE, {"input": {"branchProtectionRuleId": rule_id, "lockBranch": False}}
    )
    assert "errors" not in updated, updated
    stored = _repo(state).protections["release/*"]
    assert stored.settings["lock_branch"] is False
    assert stored.settings["required_pull_request_reviews"]["required_approving_review_count"] == 2
    deleted = execute(state, OWNER, DELETE, {"input": {"branchProtectionRuleId": rule_id}})
    assert deleted == {"data": {"deleteBranchProtectionRule": {"clientMutationId": None}}}
    assert "release/*" not in _repo(state).protections


def test_a_rest_protection_can_be_updated_as_a_rule_and_keeps_what_rest_set() -> None:
    state = _state()
    _repo(state).protections["main"] = BranchProtection(
        settings={
            "required_status_checks": {"strict": True, "contexts": ["ci"]},
            "enforce_admins": True,
            "required_pull_request_reviews": None,
            "restrictions": None,
        },
        required_signatures=True,
    )
    read = execute(
        state,
        OWNER,
        '{ repository(owner: "acme", name: "d1-fleet") { branchProtectionRules(first: 5) '
        "{ nodes { id pattern } } } }",
        None,
    )
    (node,) = read["data"]["repository"]["branchProtectionRules"]["nodes"]
    values = {
        "branchProtectionRuleId": node["id"],
        "requiresDeployments": True,
        "requiredDeploymentEnvironments": ["prod"],
    }
    assert "errors" not in execute(state, OWNER, UPDATE, {"input": values})
    stored = _repo(state).protections["main"]
    assert stored.required_deployment_environments == ["prod"]
    assert stored.required_signatures is True
    assert stored.settings["required_status_checks"] == {"strict": True, "contexts": ["ci"]}
    assert stored.settings["enforce_admins"] is True


def test_githubs_refusals() -> None:
    state = _state()
    assert "errors" not in _create(state, pattern="release/*")
    again = _create(state, pattern="release/*")
    assert again["errors"][0]["message"] == "Name already protected: release/*"
    assert again["errors"][0]["type"] == "UNPROCESSABLE"
    denied = _create(state, MEMBER, pattern="hotfix/*")
    # A member who can read the repository but does not administer it.
    assert (denied["errors"][0]["type"], denied["errors"][0]["message"]) == (
        "FORBIDDEN",
        "bob does not have the correct permissions to execute `CreateBranchProtectionRule`",
    )
    unknown_actor = _create(state, pattern="v*", pushActorIds=["U_bm9wZTo5OTk5"], restrictsPushes=True)
    assert unknown_actor["errors"][0]["type"] == "NOT_FOUND"
    assert "v*" not in _repo(state).protections
    missing = execute(state, OWNER, DELETE, {"input": {"branchProtectionRuleId": "BPR_bm9wZTox"}})
    assert missing["errors"][0]["type"] == "NOT_FOUND"
    bad_count = _create(state, pattern="x/*", requiresApprovingReviews=True, requiredApprovingReviewCount=7)
    assert bad_count["errors"][0]["message"] == "Required approving review count must be between 0 and 6"


def test_a_free_plan_cannot_protect_a_private_repository() -> None:
    state = _state(plan="free")
    refused = _create(state, pattern="release/*")
    assert refused["errors"][0]["type"] == "FORBIDDEN"
    assert "Upgrade to GitHub Pro" in refused["errors"][0]["message"]


def test_an_update_naming_checks_by_context_only_replaces_the_stored_checks() -> None:
    state = _state()
    app = state.apps["ci-app"]
    created = _create(
        state,
        pattern="release/*",
        requiresStatusChecks=True,
        requiredStatusChecks=[{"context": "build", "appId": app.node_id}],
    )
    rule_id = created["data"]["createBranchProtectionRule"]["branchProtectionRule"]["id"]
    values = {"branchProtectionRuleId": rule_id, "requiredStatusCheckContexts": ["lint"]}
    assert "errors" not in execute(state, OWNER, UPDATE, {"input": values})
    checks = _repo(state).protections["release/*"].settings["required_status_checks"]
    assert checks == {"strict": False, "contexts": ["lint"]}
