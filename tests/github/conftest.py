"""Shared fixtures for the GitHub client and reader tests: a mocked GitHub that checks every request
against GitHub's vendored OpenAPI description and GraphQL schema."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator

import httpx2
import pytest
import structlog
from github import Auth
from github_support import API, FakeClock
from pytest_httpx2 import HTTPXMock

from ghprov.github.client import GitHubClient
from ghprov_testbeds.contract.graphql_schema import validate_query
from ghprov_testbeds.contract.openapi import contract

# Minting an App installation token is authentication, not a ghprov request, and not in the vendored
# subset of operations ghprov uses.
AUTHENTICATION = ("/app/installations/",)


def contract_problems(requests: list[httpx2.Request]) -> list[str]:
    """What GitHub's own descriptions say is wrong with each request sent."""
    problems = []
    for request in requests:
        url = urllib.parse.urlsplit(str(request.url))
        if url.path.startswith(AUTHENTICATION):
            continue
        body = json.loads(request.content) if request.content else None
        if url.path in ("/graphql", "/api/graphql"):
            found = validate_query(body["query"])
        else:
            query = dict(urllib.parse.parse_qsl(url.query))
            found = contract().validate_request(request.method, url.path, query, body)
        problems.extend(f"{request.method} {url.path}: {problem}" for problem in found)
    return problems


@pytest.fixture(autouse=True)
def _default_logging() -> None:
    # CLI tests configure structlog with the stderr stream pytest captured for them (closed later).
    structlog.reset_defaults()


@pytest.fixture
def github_api(httpx2_mock: HTTPXMock) -> Iterator[HTTPXMock]:
    """A mocked api.github.com; after the test, every request sent must satisfy GitHub's contract."""
    yield httpx2_mock
    assert contract_problems(httpx2_mock.get_requests()) == []


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
