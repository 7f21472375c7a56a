"""Token facts read from GitHub (``github/read/tokens.py``) against the sandbox, responses validated."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from ghprov.errors import GhprovError, GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.tokens import (
    expiry_from_headers,
    granted_access,
    organization_tokens,
    repository_access,
    token_identity,
)
from ghprov.model.tokens import RepositoryAccess, TokenGrant, TokenIdentity
from ghprov.settings import Settings
from ghprov_testbeds.k8s_lab.fleet import BOT, seed_github
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.pats import mint_user_token


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start("acme", validate_responses=True) as started:
        seed_github(started.state)
        yield started
        assert started.internal_errors == []
        assert started.response_problems == []


def client_for(sandbox: Sandbox, token: str) -> GitHubClient:
    return GitHubClient.from_settings(
        Settings(api_url=sandbox.url, token=SecretStr(token)), read_only=True, max_attempts=1
    )


def test_identity_carries_login_and_expiry(sandbox: Sandbox) -> None:
    token = mint_user_token(sandbox.state, BOT, expires_in_days=10)
    expected = sandbox.state.tokens[token].expires_at
    with client_for(sandbox, token) as client:
        identity = token_identity(client)
    assert isinstance(identity, TokenIdentity) and identity.login == BOT
    assert identity.expires_at is not None
    assert abs(identity.expires_at.timestamp() - expected) < 1  # type: ignore[operator]


def test_identity_of_a_token_without_expiry(sandbox: Sandbox) -> None:
    token = mint_user_token(sandbox.state, BOT, expires_in_days=None)
    with client_for(sandbox, token) as client:
        assert token_identity(client) == TokenIdentity(login=BOT, expires_at=None)


def test_a_rejected_token_is_a_401(sandbox: Sandbox) -> None:
    with (
        client_for(sandbox, "github_pat_not_a_real_token_000000") as client,
        pytest.raises(GitHubApiError) as caught,
    ):
        token_identity(client)
    assert caught.value.status == 401


def test_repository_access_names_the_strongest_grant(sandbox: Sandbox) -> None:
    token = mint_user_token(sandbox.state, BOT, expires_in_days=30)
    with client_for(sandbox, token) as client:
        assert repository_access(client, "acme", "d1-apps") == RepositoryAccess(
            repository="acme/d1-apps", access="write"
        )
        assert repository_access(client, "acme", "d1-fleet").access == "read"
        with pytest.raises(GitHubApiError) as caught:
            repository_access(client, "acme", "no-such-repo")
    assert caught.value.status == 404


def test_organization_tokens_with_app_auth(sandbox: Sandbox) -> None:
    token = mint_user_token(sandbox.state, BOT, expires_in_days=3, name="flux-apps")
    expires = sandbox.state.tokens[token].expires_at
    with client_for(sandbox, sandbox.tokens["app"]) as client:
        grants = organization_tokens(client, "acme")
    grant = next(g for g in grants if g.token_name == "flux-apps")
    assert isinstance(grant, TokenGrant) and grant.owner == BOT and isinstance(grant.token_id, int)
    assert grant.expires_at == datetime.datetime.fromtimestamp(int(expires), datetime.UTC)  # type: ignore[arg-type]


def test_organization_tokens_need_an_app(sandbox: Sandbox) -> None:
    token = mint_user_token(sandbox.state, BOT, expires_in_days=3)
    with client_for(sandbox, token) as client, pytest.raises(GitHubApiError) as caught:
        organization_tokens(client, "acme")
    assert caught.value.status == 403


def test_expiry_header_formats() -> None:
    header = "GitHub-Authentication-Token-Expiration"
    utc = datetime.datetime(2026, 12, 26, 14, 0, tzinfo=datetime.UTC)
    assert expiry_from_headers({header.lower(): "2026-12-26 14:00:00 UTC"}) == utc
    assert expiry_from_headers({header: "2026-12-26 16:00:00 +0200"}) == utc
    assert expiry_from_headers({}) is None
    with pytest.raises(GhprovError, match="unrecognised"):
        expiry_from_headers({header: "next tuesday"})


def test_granted_access_flags() -> None:
    assert granted_access({"admin": True, "push": True, "pull": True}) == "admin"
    assert granted_access({"push": True, "pull": True}) == "write"
    assert granted_access({"triage": True, "pull": True}) == "triage"
    assert granted_access({"pull": True}) == "read"
    assert granted_access({}) == "none"
