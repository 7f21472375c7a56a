"""Fixtures: a started sandbox (response validation on) and one HTTP client per token identity."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_http import Client

from ghprov_testbeds.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start("acme", validate_responses=True) as started:
        yield started
        assert started.internal_errors == []
        assert started.response_problems == []


@pytest.fixture
def owner(sandbox: Sandbox) -> Client:
    return Client(sandbox, sandbox.tokens["owner"])


@pytest.fixture
def member(sandbox: Sandbox) -> Client:
    return Client(sandbox, sandbox.tokens["member"])


@pytest.fixture
def app(sandbox: Sandbox) -> Client:
    return Client(sandbox, sandbox.tokens["app"])
