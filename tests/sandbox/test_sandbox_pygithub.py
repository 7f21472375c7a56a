"""PyGithub, a client nobody here wrote, drives the sandbox through a forwarding proxy.

PyGithub refuses any URL whose host, port or path prefix differs from its base URL, so these tests fail
if a single ``Link`` header or followed URL points at the sandbox's own address instead of the proxy's.
"""

from __future__ import annotations

import pytest
from forwarding_proxy import forwarding_proxy
from github import Auth, Github
from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.rest_repo_features import add_environment

REPOSITORIES = [f"service-{n}" for n in range(5)]


@pytest.fixture
def populated(sandbox: Sandbox, owner: Client) -> Sandbox:
    for name in REPOSITORIES:
        make_repo(owner, name)
    for n in range(3):
        assert owner.post("/orgs/acme/teams", json={"name": f"team-{n}"}).status_code == 201
    add_environment(sandbox.state, "service-0", "production")
    sandbox.clear_log()
    return sandbox


@pytest.mark.parametrize("prefix", ["", "/api/v3"])
def test_pygithub_pages_through_the_proxy(populated: Sandbox, prefix: str) -> None:
    with forwarding_proxy(populated.url) as proxy:
        client = Github(
            auth=Auth.Token(populated.tokens["owner"]), base_url=proxy.url + prefix, per_page=2, retry=None
        )
        org = client.get_organization("acme")
        names = [repo.name for repo in org.get_repos()]
        teams = [team.slug for team in org.get_teams()]
        members = [user.login for user in org.get_members()]
        repo = org.get_repo("service-0")
        environments = [environment.name for environment in repo.get_environments()]
        alerts = repo.get_vulnerability_alert()
        properties = repo.get_custom_properties()
        client.close()

    assert sorted(names) == REPOSITORIES
    assert sorted(teams) == ["team-0", "team-1", "team-2"]
    assert "octo-owner" in members
    assert environments == ["production"]
    assert alerts is False
    assert properties == {}
    # Every request went through the proxy, and the repository list took three pages of two.
    repo_pages = [line for line in proxy.forwarded if line.startswith(f"GET {prefix}/orgs/acme/repos")]
    assert len(repo_pages) == 3
    assert len(proxy.forwarded) == len(populated.log)


def test_links_carry_the_forwarded_scheme_and_host(populated: Sandbox) -> None:
    with forwarding_proxy(populated.url, forwarded_proto="https") as proxy:
        client = Client(populated, populated.tokens["owner"])
        client.base = proxy.url
        response = client.get("/orgs/acme/repos", params={"per_page": 2})
        host = proxy.url.removeprefix("http://")
    assert response.links["next"]["url"] == f"https://{host}/orgs/acme/repos?per_page=2&page=2"
    assert response.links["last"]["url"] == f"https://{host}/orgs/acme/repos?per_page=2&page=3"
    assert all(repo["url"].startswith(f"https://{host}/repos/acme/") for repo in response.json())
