"""`node(id:)` resolves the global ids the sandbox hands out, with the viewer's visibility rules."""

from __future__ import annotations

from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.graphql_api import execute
from ghprov_testbeds.sandbox.state import Identity

QUERY = """
query($id: ID!) {
  node(id: $id) { __typename ... on Repository { name } ... on Team { slug } ... on User { login } }
}
"""


def _node(sandbox: Sandbox, login: str, ident: str) -> dict[str, object]:
    return execute(sandbox.state, Identity("user", login), QUERY, {"id": ident})


def test_repositories_teams_and_users_resolve_by_node_id(sandbox: Sandbox, owner: Client) -> None:
    repo = make_repo(owner, "d1-fleet", visibility="private")
    team = owner.post("/orgs/acme/teams", json={"name": "platform"}).json()
    user = sandbox.state.users["octo-member"]
    assert _node(sandbox, "octo-owner", repo["node_id"]) == {
        "data": {"node": {"__typename": "Repository", "name": "d1-fleet"}}
    }
    assert _node(sandbox, "octo-owner", team["node_id"])["data"] == {
        "node": {"__typename": "Team", "slug": "platform"}
    }
    assert _node(sandbox, "octo-owner", user.node_id)["data"] == {
        "node": {"__typename": "User", "login": "octo-member"}
    }


def test_an_invisible_or_unknown_id_is_not_found(sandbox: Sandbox, owner: Client) -> None:
    sandbox.state.organization.settings["default_repository_permission"] = "none"
    repo = make_repo(owner, "secret-repo", visibility="private")
    for login, ident in (("octo-member", repo["node_id"]), ("octo-owner", "R_bm9wZQ")):
        result = _node(sandbox, login, ident)
        assert result["data"] == {"node": None}
        errors = result["errors"]
        assert isinstance(errors, list) and errors[0]["type"] == "NOT_FOUND"
        assert errors[0]["message"] == f"Could not resolve to a node with the global id of '{ident}'"
