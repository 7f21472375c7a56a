"""Shared fixtures for the GitHub client and reader tests: a mocked GitHub that checks every request
against GitHub's vendored OpenAPI description and GraphQL schema."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator

import pytest
import responses
import structlog
from github import Auth
from github_support import API, FakeClock

from ghprov.contract.graphql_schema import validate_query
from ghprov.contract.openapi import contract
from ghprov.github.client import GitHubClient

# PyGithub itself sends this while minting an App installation token; it is not a ghprov request
# and not in the vendored subset of operations ghprov uses.
PYGITHUB_OWN = ("/app/installations/",)


def contract_problems(calls: responses.CallList) -> list[str]:
    """What GitHub's own descriptions say is wrong with each request sent."""
    problems = []
    for call in calls:
        request = call.request
        url = urllib.parse.urlsplit(request.url or "")
        if url.path.startswith(PYGITHUB_OWN):
            continue
        body = json.loads(request.body) if request.body else None
        if url.path == "/graphql":
            found = validate_query(body["query"])
        else:
            query = dict(urllib.parse.parse_qsl(url.query))
            found = contract().validate_request(request.method or "", url.path, query, body)
        problems.extend(f"{request.method} {url.path}: {problem}" for problem in found)
    return problems


@pytest.fixture(autouse=True)
def _default_logging() -> None:
    # CLI tests configure structlog with the stderr stream pytest captured for them (closed later).
    structlog.reset_defaults()


@pytest.fixture
def github_api() -> Iterator[responses.RequestsMock]:
    """A mocked api.github.com; after the test, every request sent must satisfy GitHub's contract."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock
        assert contract_problems(mock.calls) == []


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(clock: FakeClock) -> Iterator[GitHubClient]:
    with GitHubClient(
        Auth.Token("ghp_secret_token_value"),
        api_url=API,
        write_interval_seconds=0,
        sleep=clock.sleep,
        clock=clock,
        interactive=False,
    ) as made:
        yield made


@pytest.fixture
def read_only_client(clock: FakeClock) -> Iterator[GitHubClient]:
    with GitHubClient(
        Auth.Token("ghp_secret_token_value"),
        api_url=API,
        read_only=True,
        sleep=clock.sleep,
        clock=clock,
        interactive=False,
    ) as made:
        yield made
