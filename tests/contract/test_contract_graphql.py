"""GitHub's GraphQL schema: validation messages, cost and node count from the documented formulas."""

from __future__ import annotations

from ghprov_testbeds.contract.graphql_schema import github_schema, node_count, query_cost, validate_query

# The worked example of GitHub's docs ("Rate limits and node limits for the GraphQL API").
DOCS_EXAMPLE = """query { viewer { login repositories(first: 100) { edges { node { id
  issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } }"""


def test_the_schema_knows_githubs_types() -> None:
    github_schema.cache_clear()
    schema = github_schema()
    assert schema.get_type("RepositoryRulesetBypassActor") is not None
    bypass_actor = schema.get_type("BypassActor")
    assert sorted(t.name for t in bypass_actor.types) == ["App", "Team"]  # type: ignore[union-attr]


def test_cost_and_node_count_follow_the_documented_example() -> None:
    # 1 + 100 + 5,000 requests = 5,101 → 51 points; 100 + 5,000 + 300,000 nodes.
    assert query_cost(DOCS_EXAMPLE) == 51
    assert node_count(DOCS_EXAMPLE) == 305_100


def test_cost_is_at_least_one_and_uses_variables() -> None:
    assert query_cost("{ viewer { login } }") == 1
    query = """query($n: Int) { organization(login: "a") {
      teams(first: $n) { nodes { members(first: $n) { totalCount } } } } }"""
    assert node_count(query, {"n": 10}) == 10 + 100
    assert query_cost(query, {"n": 100}) == 1  # 1 + 100 requests → 1.01 → 1


def test_fragments_count_their_connections() -> None:
    query = """{ organization(login: "a") { ...Teams } }
      fragment Teams on Organization {
        teams(first: 20) { nodes { ... on Team { members(first: 5) { totalCount } } } } }"""
    assert node_count(query) == 20 + 20 * 5


def test_validation_messages_are_githubs() -> None:
    assert validate_query('{ organization(login: "a") { repository(name: "x") { foo } } }') == [
        "Field 'foo' doesn't exist on type 'Repository'"
    ]
    assert validate_query('{ organization(login: "a") { repository(name: "x") { owner } } }') == [
        "Field must have selections (field 'owner' returns RepositoryOwner but has no selections. "
        "Did you mean 'owner { ... }'?)"
    ]
    assert validate_query('{ organization(login: "a") { teams(first: "x") { totalCount } } }') == [
        "Argument 'first' on Field 'teams' has an invalid value (\"x\"). Expected type 'Int'."
    ]
    assert validate_query("query($unused: Int) { viewer { login } }") == [
        "Variable $unused is declared by anonymous query but not used"
    ]
    assert validate_query('{ organization(login: "a") { login } }') == []
