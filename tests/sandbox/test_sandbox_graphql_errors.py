"""The sandbox's GraphQL endpoint fails as GitHub does: validation, limits, mutations, missing things."""

from __future__ import annotations

from ghprov_testbeds.sandbox.graphql_api import execute
from ghprov_testbeds.sandbox.state import GitHubState, Identity, Membership, Token, new_state

VIEWER = Identity("user", "alice", "t-alice")


def _state() -> GitHubState:
    state = new_state("acme")
    state.add_user("alice")
    state.memberships["alice"] = Membership(role="admin")
    state.tokens["t-alice"] = Token("user", "alice")
    return state


def test_an_unknown_field_fails_validation_with_githubs_message() -> None:
    response = execute(
        _state(), VIEWER, 'query { organization(login: "acme") { repository(name: "x") { foo } } }', None
    )
    assert response == {
        "errors": [
            {
                "path": ["query", "organization", "repository", "foo"],
                "extensions": {"code": "undefinedField", "typeName": "Repository", "fieldName": "foo"},
                "locations": [{"line": 1, "column": 63}],
                "message": "Field 'foo' doesn't exist on type 'Repository'",
            }
        ]
    }


def test_a_missing_argument_and_an_unknown_argument_are_reported_together() -> None:
    response = execute(
        _state(), VIEWER, "{ organization { teams(first: 1, bogus: 2) { totalCount } } }", None
    )
    assert [e["message"] for e in response["errors"]] == [
        "Field 'teams' doesn't accept argument 'bogus'",
        "Field 'organization' is missing required arguments: login",
    ]
    assert "data" not in response


def test_a_syntax_error_is_a_parse_error() -> None:
    response = execute(_state(), VIEWER, '{ organization(login: "acme") { login }', None)
    assert response["errors"][0]["message"] == "Unexpected end of document"


def test_connections_need_a_first_or_last_of_at_most_100() -> None:
    missing = execute(_state(), VIEWER, '{ organization(login: "acme") { teams { totalCount } } }', None)
    assert missing == {
        "errors": [
            {
                "type": "MISSING_PAGINATION_BOUNDARIES",
                "path": ["organization", "teams"],
                "locations": [{"line": 1, "column": 33}],
                "message": "You must provide a `first` or `last` value to properly paginate the `teams` "
                "connection.",
            }
        ]
    }
    query = 'query($n: Int) { organization(login: "acme") { teams(first: $n) { totalCount } } }'
    excessive = execute(_state(), VIEWER, query, {"n": 101})
    assert excessive["errors"][0]["type"] == "EXCESSIVE_PAGINATION"
    assert excessive["errors"][0]["message"] == (
        "Requesting 101 records on the `teams` connection exceeds the `first` limit of 100 records."
    )


def test_the_node_limit_is_enforced() -> None:
    query = """{ organization(login: "acme") { teams(first: 100) { nodes { members(first: 100) { nodes {
      repositories(first: 100) { totalCount } } } } } } }"""
    response = execute(_state(), VIEWER, query, None)
    assert response["errors"][0]["type"] == "MAX_NODE_LIMIT_EXCEEDED"
    assert "1,010,100 possible nodes" in response["errors"][0]["message"]


def test_bad_variables_are_reported_like_github() -> None:
    query = 'query($n: Int!) { organization(login: "acme") { teams(first: $n) { totalCount } } }'
    response = execute(_state(), VIEWER, query, {"n": "ten"})
    assert response["errors"][0]["message"] == "Variable $n of type Int! was provided invalid value"
    assert response["errors"][0]["extensions"]["problems"][0]["path"] == []


def test_mutations_ghprov_does_not_send_are_not_implemented() -> None:
    query = 'mutation { createRepository(input: {name: "x", visibility: PRIVATE}) { clientMutationId } }'
    response = execute(_state(), VIEWER, query, None)
    assert response == {
        "errors": [
            {
                "type": "NOT_IMPLEMENTED",
                "path": ["createRepository"],
                "locations": [{"line": 1, "column": 12}],
                "message": "The ghprov sandbox does not emulate the field 'createRepository' on type "
                "'Mutation'.",
            }
        ],
        "data": {"createRepository": None},
    }


def test_missing_organizations_and_repositories_are_not_found() -> None:
    response = execute(_state(), VIEWER, '{ organization(login: "other") { login } }', None)
    assert response == {
        "data": {"organization": None},
        "errors": [
            {
                "type": "NOT_FOUND",
                "path": ["organization"],
                "locations": [{"line": 1, "column": 3}],
                "message": "Could not resolve to an Organization with the login of 'other'.",
            }
        ],
    }
    response = execute(
        _state(), VIEWER, '{ organization(login: "acme") { repository(name: "x") { name } } }', None
    )
    assert response["errors"][0]["message"] == "Could not resolve to a Repository with the name 'acme/x'."
    assert response["data"] == {"organization": {"repository": None}}


def test_a_valid_field_the_sandbox_does_not_model_fails_loudly() -> None:
    response = execute(_state(), VIEWER, '{ organization(login: "acme") { login isVerified } }', None)
    assert response["errors"][0]["type"] == "NOT_IMPLEMENTED"
    assert response["errors"][0]["message"] == (
        "The ghprov sandbox does not emulate the field 'isVerified' on type 'Organization'."
    )
    filtered = execute(
        _state(),
        VIEWER,
        '{ organization(login: "acme") { teams(first: 5, query: "x") { totalCount } } }',
        None,
    )
    assert filtered["errors"][0]["message"] == (
        "The ghprov sandbox does not emulate the argument(s) query of this connection."
    )
