"""Every URL the sandbox answers with is built from where the client reached it."""

from __future__ import annotations

import pytest
from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.origin import request_base_url

OWN = "http://127.0.0.1:8787"


@pytest.mark.parametrize(
    ("headers", "ghes", "expected"),
    [
        ({"host": "127.0.0.1:8787"}, False, "http://127.0.0.1:8787"),
        ({"host": "sandbox.internal:9000"}, False, "http://sandbox.internal:9000"),
        ({"host": "127.0.0.1:8787"}, True, "http://127.0.0.1:8787/api/v3"),
        (
            {"host": "a:1", "x-forwarded-host": "gh.example.com", "x-forwarded-proto": "https"},
            False,
            "https://gh.example.com",
        ),
        # Chained proxies append: the first entry is what the client used.
        (
            {"x-forwarded-host": "outer.example:8443, inner:80", "x-forwarded-proto": "https, http"},
            False,
            "https://outer.example:8443",
        ),
        ({"host": "[::1]:8080"}, False, "http://[::1]:8080"),
        # Anything that is not a host name could smuggle another origin into links: ignored.
        ({"host": "evil.example/path"}, False, OWN),
        ({"host": "user@evil.example"}, False, OWN),
        ({"x-forwarded-host": "ok.example", "x-forwarded-proto": "javascript"}, False, "http://ok.example"),
        ({}, False, OWN),
    ],
)
def test_base_url_from_headers(headers: dict[str, str], ghes: bool, expected: str) -> None:
    assert request_base_url(headers, OWN, ghes_prefix=ghes) == expected


def test_bodies_and_links_follow_the_host_header(sandbox: Sandbox, owner: Client) -> None:
    for n in range(3):
        make_repo(owner, f"r{n}")
    response = owner.get("/orgs/acme/repos", params={"per_page": 1}, headers={"Host": "github.test:8443"})
    assert response.links["next"]["url"] == "http://github.test:8443/orgs/acme/repos?per_page=1&page=2"
    (repo,) = response.json()
    assert repo["url"] == f"http://github.test:8443/repos/acme/{repo['name']}"
    assert repo["owner"]["url"] == "http://github.test:8443/users/acme"


def test_ghes_prefix_is_kept_in_links_and_bodies(sandbox: Sandbox, owner: Client) -> None:
    for n in range(2):
        make_repo(owner, f"r{n}")
    response = owner.get("/api/v3/orgs/acme/repos", params={"per_page": 1})
    assert response.links["next"]["url"] == f"{sandbox.url}/api/v3/orgs/acme/repos?per_page=1&page=2"
    created = owner.post("/api/v3/orgs/acme/repos", json={"name": "r9"})
    assert created.headers["Location"] == f"{sandbox.url}/api/v3/repos/acme/r9"
