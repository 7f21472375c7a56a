"""Direct and outside collaborators: REST lists, GraphQL `Repository.collaborators`, the access they give."""

from __future__ import annotations

from typing import Any

from github import Auth
from sandbox_http import Client, make_repo

from ghprov.github.client import GitHubClient
from ghprov.github.read.org import read_settings
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import add_collaborator
from ghprov_testbeds.sandbox.graphql_api import execute
from ghprov_testbeds.sandbox.state import Identity, Team, node_id

QUERY = """
query($org: String!, $affiliation: CollaboratorAffiliation, $first: Int!, $after: String) {
  organization(login: $org) {
    repository(name: "d1-fleet") {
      collaborators(first: $first, after: $after, affiliation: $affiliation) {
        totalCount pageInfo { hasNextPage endCursor }
        edges {
          permission
          permissionSources {
            permission roleName source { __typename ... on Team { slug } ... on Repository { name } }
          }
          node { login }
        }
      }
    }
  }
}
"""


def _client(sandbox: Sandbox, token: str) -> GitHubClient:
    return GitHubClient(Auth.Token(sandbox.tokens[token]), api_url=sandbox.url, interactive=False)


def _collaborators(sandbox: Sandbox, login: str, affiliation: str, first: int = 100) -> Any:
    variables = {"org": "acme", "affiliation": affiliation, "first": first}
    return execute(sandbox.state, Identity("user", login), QUERY, variables)


def _seed(sandbox: Sandbox, owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    state = sandbox.state
    ident = state.new_id()
    state.add_team(
        Team(
            id=ident,
            node_id=node_id("Team", ident),
            name="platform",
            slug="platform",
            members={"octo-member": "member"},
            repos={"d1-fleet": "maintain"},
        )
    )
    state.organization.settings["default_repository_permission"] = "none"
    add_collaborator(state, "d1-fleet", "mallory", "write")
    add_collaborator(state, "d1-fleet", "octo-member", "triage")


def test_graphql_direct_collaborators_carry_the_repository_grant(sandbox: Sandbox, owner: Client) -> None:
    _seed(sandbox, owner)
    result = _collaborators(sandbox, "octo-owner", "DIRECT")
    edges = result["data"]["organization"]["repository"]["collaborators"]["edges"]
    assert [(e["node"]["login"], e["permission"]) for e in edges] == [
        ("mallory", "WRITE"),
        ("octo-member", "MAINTAIN"),  # effective: the team's maintain beats the direct triage
    ]
    sources = {
        (s["source"]["__typename"], s["source"].get("slug") or s["source"].get("name"), s["roleName"])
        for s in edges[1]["permissionSources"]
    }
    assert sources == {("Team", "platform", "maintain"), ("Repository", "d1-fleet", "triage")}
    assert edges[1]["permissionSources"][0]["permission"] == "WRITE"  # maintain folds to WRITE


def test_graphql_outside_and_all_affiliations(sandbox: Sandbox, owner: Client) -> None:
    _seed(sandbox, owner)

    def logins(affiliation: str) -> list[str]:
        connection = _collaborators(sandbox, "octo-owner", affiliation)["data"]["organization"]["repository"]
        return [edge["node"]["login"] for edge in connection["collaborators"]["edges"]]

    assert logins("OUTSIDE") == ["mallory"]
    assert logins("ALL") == ["mallory", "octo-member", "octo-owner"]


def test_graphql_collaborators_page_like_any_connection(sandbox: Sandbox, owner: Client) -> None:
    _seed(sandbox, owner)
    first = _collaborators(sandbox, "octo-owner", "DIRECT", first=1)["data"]["organization"]["repository"]
    page = first["collaborators"]
    assert page["totalCount"] == 2 and page["pageInfo"]["hasNextPage"] is True
    variables = {"org": "acme", "affiliation": "DIRECT", "first": 1, "after": page["pageInfo"]["endCursor"]}
    second = execute(sandbox.state, Identity("user", "octo-owner"), QUERY, variables)
    rest = second["data"]["organization"]["repository"]["collaborators"]
    assert [e["node"]["login"] for e in rest["edges"]] == ["octo-member"]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_graphql_collaborators_need_push_access_as_in_rest(sandbox: Sandbox, owner: Client) -> None:
    make_repo(owner, "d1-fleet", visibility="public")
    add_collaborator(sandbox.state, "d1-fleet", "mallory", "write")
    result = _collaborators(sandbox, "octo-flux-bot", "DIRECT")
    assert result["data"]["organization"]["repository"]["collaborators"] is None
    assert result["errors"][0]["type"] == "FORBIDDEN"
    assert result["errors"][0]["message"] == "Must have push access to view repository collaborators."
    assert result["errors"][0]["path"] == ["organization", "repository", "collaborators"]
    bot = Client(sandbox, sandbox.tokens["bot"])
    assert bot.get("/repos/acme/d1-fleet/collaborators").status_code == 403


def test_rest_collaborator_lists_and_the_access_a_direct_grant_gives(sandbox: Sandbox, owner: Client) -> None:
    _seed(sandbox, owner)

    def listed(affiliation: str) -> list[tuple[str, str]]:
        response = owner.get("/repos/acme/d1-fleet/collaborators", params={"affiliation": affiliation})
        return [(user["login"], user["role_name"]) for user in response.json()]

    assert listed("direct") == [("octo-member", "triage"), ("mallory", "write")]
    assert listed("outside") == [("mallory", "write")]
    assert ("mallory", "write") in listed("all") and ("octo-member", "maintain") in listed("all")
    outside = owner.get("/orgs/acme/outside_collaborators").json()
    assert [user["login"] for user in outside] == ["mallory"]
    permission = owner.get("/repos/acme/d1-fleet/collaborators/mallory/permission").json()
    assert permission["role_name"] == "write"


def test_the_two_factor_filter_is_owner_only(sandbox: Sandbox, owner: Client, member: Client) -> None:
    sandbox.state.audit.two_factor_disabled = {"octo-member"}
    filtered = owner.get("/orgs/acme/members", params={"filter": "2fa_disabled"}).json()
    assert [user["login"] for user in filtered] == ["octo-member"]
    assert len(owner.get("/orgs/acme/members").json()) == 3
    refused = member.get("/orgs/acme/members", params={"filter": "2fa_disabled"})
    assert refused.status_code == 422
    assert refused.json()["message"] == "Only owners can use this filter."


def test_unset_profile_fields_are_null_and_read_as_unset(sandbox: Sandbox, owner: Client) -> None:
    body = owner.get("/orgs/acme").json()
    assert {key: body[key] for key in ("name", "company", "blog", "location", "email")} == dict.fromkeys(
        ("name", "company", "blog", "location", "email")
    )
    with _client(sandbox, "owner") as client:
        read = read_settings(client, "acme")
    assert read.settings.company is None and "company" in read.settings.model_fields_set
    assert not [u for u in read.unknowns if u.path.split("/")[-1] in ("name", "company", "blog", "email")]
    # A member is not shown owner-only settings: those keys are absent and stay Unknown.
    with _client(sandbox, "member") as client:
        as_member = read_settings(client, "acme")
    assert "settings/default_repository_permission" in [u.path for u in as_member.unknowns]
    assert "settings/location" not in [u.path for u in as_member.unknowns]
