"""GraphQL ``BranchProtectionRule``: every field of GitHub's schema answers with a real value."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLEnumType, GraphQLObjectType, GraphQLScalarType, get_named_type

from ghprov_testbeds.contract.graphql_schema import github_schema
from ghprov_testbeds.sandbox.graphql_api import execute
from ghprov_testbeds.sandbox.state import (
    BranchProtection,
    GitHubState,
    Identity,
    Membership,
    Repository,
    new_state,
)
from ghprov_testbeds.sandbox.state import node_id as make_node_id

OWNER = Identity("user", "alice", "t-owner")

# Sub-selections for object-typed fields (connections select their nodes' identity).
_SELECTIONS = {
    "RequiredStatusCheckDescription": "{ context app { slug databaseId } }",
    "Actor": "{ login }",
    "Repository": "{ name }",
}


def _state() -> GitHubState:
    state = new_state("acme")
    state.add_user("alice")
    state.add_user("flux-bot", type="Bot")
    state.memberships["alice"] = Membership(role="admin")
    ci = state.add_app("ci-app")
    ident = state.new_id()
    repo = state.add_repository(
        Repository(id=ident, node_id=make_node_id("Repository", ident), name="d1-fleet")
    )
    repo.branches.update(main="a" * 40)
    repo.protections["main"] = BranchProtection(
        settings={
            "required_status_checks": {
                "strict": True,
                "checks": [{"context": "ci/build", "app_id": ci.id}, {"context": "ci/lint", "app_id": -1}],
            },
            "enforce_admins": True,
            "required_pull_request_reviews": {
                "required_approving_review_count": 2,
                "bypass_pull_request_allowances": {"users": ["flux-bot"], "teams": [], "apps": []},
            },
            "restrictions": None,
        },
        creator="alice",
        required_deployment_environments=["staging"],
    )
    # A branch protected by an older REST client that sent `contexts` only; its branch is gone.
    repo.protections["release"] = BranchProtection(
        settings={"required_status_checks": {"strict": False, "contexts": ["e2e"]}}, creator="ci-app[bot]"
    )
    return state


def _every_field() -> str:
    """A selection of every field of BranchProtectionRule, as the vendored schema lists them."""
    rule = github_schema().get_type("BranchProtectionRule")
    assert isinstance(rule, GraphQLObjectType)
    parts = []
    for name, field in sorted(rule.fields.items()):
        named = get_named_type(field.type)
        if "first" in field.args:
            parts.append(f"{name}(first: 5) {{ totalCount }}")
        elif isinstance(named, GraphQLScalarType | GraphQLEnumType):
            parts.append(name)
        else:
            parts.append(f"{name} {_SELECTIONS[named.name]}")
    return " ".join(parts)


def _rules(state: GitHubState, selection: str) -> list[dict[str, Any]]:
    query = (
        '{ repository(owner: "acme", name: "d1-fleet") '
        f"{{ branchProtectionRules(first: 10) {{ nodes {{ pattern {selection} }} }} }} }}"
    )
    result = execute(state, OWNER, query, None)
    assert "errors" not in result, result.get("errors")
    nodes: list[dict[str, Any]] = result["data"]["repository"]["branchProtectionRules"]["nodes"]
    return nodes


def test_every_schema_field_resolves_without_errors() -> None:
    rules = _rules(_state(), _every_field())
    assert [rule["pattern"] for rule in rules] == ["main", "release"]
    # The fully configured rule has a value for every field: nothing is left null as "not emulated".
    assert [key for key, value in rules[0].items() if value is None] == []
    rule_type = github_schema().get_type("BranchProtectionRule")
    assert isinstance(rule_type, GraphQLObjectType)
    assert set(rules[0]) == set(rule_type.fields)


def test_status_checks_name_the_app_that_must_report_them() -> None:
    state = _state()
    main, release = _rules(state, "requiredStatusChecks { context app { slug } } requiredStatusCheckContexts")
    assert main["requiredStatusChecks"] == [
        {"context": "ci/build", "app": {"slug": "ci-app"}},
        {"context": "ci/lint", "app": None},
    ]
    assert main["requiredStatusCheckContexts"] == ["ci/build", "ci/lint"]
    assert release["requiredStatusChecks"] == [{"context": "e2e", "app": None}]


def test_deployments_creator_refs_and_conflicts() -> None:
    selection = (
        "requiresDeployments requiredDeploymentEnvironments creator { __typename login } "
        "repository { name } matchingRefs(first: 5) { nodes { name prefix } } "
        "branchProtectionRuleConflicts(first: 5) { totalCount nodes { ref { name } } }"
    )
    main, release = _rules(_state(), selection)
    assert main["requiresDeployments"] is True
    assert main["requiredDeploymentEnvironments"] == ["staging"]
    assert main["creator"] == {"__typename": "User", "login": "alice"}
    assert main["repository"] == {"name": "d1-fleet"}
    assert main["matchingRefs"]["nodes"] == [{"name": "main", "prefix": "refs/heads/"}]
    assert main["branchProtectionRuleConflicts"] == {"totalCount": 0, "nodes": []}
    assert release["requiresDeployments"] is False
    assert release["requiredDeploymentEnvironments"] == []
    assert release["creator"] == {"__typename": "User", "login": "ci-app[bot]"}
    assert release["matchingRefs"]["nodes"] == []


def test_matching_refs_query_filters_by_name() -> None:
    (main, _) = _rules(_state(), 'matchingRefs(first: 5, query: "zzz") { totalCount }')
    assert main["matchingRefs"] == {"totalCount": 0}


def test_a_pattern_rule_conflicts_with_an_exact_rule_on_the_branches_both_match() -> None:
    state = _state()
    repo = state.repository("d1-fleet")
    assert repo is not None
    repo.branches.update({"release/1": "c" * 40, "release/2": "d" * 40})
    repo.protections["release/*"] = BranchProtection(settings={"allow_deletions": False})
    repo.protections["release/1"] = BranchProtection(settings={"allow_deletions": False})
    selection = (
        "matchingRefs(first: 5) { nodes { name } } branchProtectionRuleConflicts(first: 5) { nodes { "
        "branchProtectionRule { pattern } conflictingBranchProtectionRule { pattern } ref { name } } }"
    )
    rules = {rule["pattern"]: rule for rule in _rules(state, selection)}
    assert [ref["name"] for ref in rules["release/*"]["matchingRefs"]["nodes"]] == ["release/1", "release/2"]
    assert rules["release/*"]["branchProtectionRuleConflicts"]["nodes"] == [
        {
            "branchProtectionRule": {"pattern": "release/*"},
            "conflictingBranchProtectionRule": {"pattern": "release/1"},
            "ref": {"name": "release/1"},
        }
    ]
    assert rules["release/1"]["branchProtectionRuleConflicts"]["nodes"][0][
        "conflictingBranchProtectionRule"
    ] == {"pattern": "release/*"}
    assert rules["main"]["branchProtectionRuleConflicts"]["nodes"] == []
