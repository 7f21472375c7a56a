"""Verify a token against GitHub before it is written anywhere (R3): identity, repository access, expiry."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import SecretStr

from ghprov.errors import GhprovError, GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.tokens import repository_access, token_identity
from ghprov.rotation.config import ACCESS_RANK, TokenConfig
from ghprov.rotation.errors import TokenVerificationFailed
from ghprov.rotation.expiry import days_left
from ghprov.settings import Settings, fingerprint

ClientFactory = Callable[[SecretStr], GitHubClient]


@dataclass(frozen=True)
class VerifiedToken:
    """What GitHub said about a token that passed; ``warnings`` do not block a rotation."""

    fingerprint: str
    login: str
    expires_at: datetime.datetime | None
    access: dict[str, str]
    warnings: list[str] = field(default_factory=list)


def client_factory(settings: Settings) -> ClientFactory:
    """Read-only GitHub clients authenticating with a given token (App credentials dropped)."""

    def build(token: SecretStr) -> GitHubClient:
        only_token = settings.model_copy(
            update={
                "token": token,
                "app_id": None,
                "app_private_key": None,
                "app_private_key_path": None,
                "installation_id": None,
            }
        )
        return GitHubClient.from_settings(only_token, read_only=True)

    return build


def verify_token(
    token: SecretStr,
    tenant: TokenConfig,
    organization: str,
    build_client: ClientFactory,
    *,
    now: datetime.datetime,
    minimum_days: float | None,
) -> VerifiedToken:
    """Check the token; raise ``TokenVerificationFailed`` listing every problem found.

    ``minimum_days`` None skips the expiry minimum (a rollback to an older token that is still valid).
    """
    label = fingerprint(token)
    problems: list[str] = []
    warnings: list[str] = []
    access: dict[str, str] = {}
    with build_client(token) as client:
        try:
            identity = token_identity(client)
        except GitHubApiError as error:
            reason = (
                "GitHub rejected the token (401 Bad credentials)" if error.status == 401 else error.message
            )
            raise TokenVerificationFailed(label, [reason]) from None
        except GhprovError as error:
            raise TokenVerificationFailed(
                label, [f"cannot ask GitHub who the token is: {error.message}"]
            ) from None
        login, expires_at = identity.login, identity.expires_at
        if login.lower() != (tenant.bot or "").lower():
            problems.append(f"the token authenticates as {login!r}, not as the declared bot {tenant.bot!r}")
        left = days_left(expires_at, now)
        if left is None:
            warnings.append("GitHub reports no expiry for this token")
        elif left <= 0:
            problems.append("the token has expired")
        elif minimum_days is not None and left < minimum_days:
            problems.append(
                f"the token expires in {left:.1f} days ({expires_at:%Y-%m-%d %H:%M} UTC); "
                f"the policy minimum is {minimum_days:g} days"
            )
        for repository, wanted in sorted(tenant.repositories.items()):
            owner, _, name = repository.rpartition("/")
            try:
                granted = repository_access(client, owner or organization, name).access
            except GitHubApiError as error:
                problems.append(f"cannot reach repository {owner or organization}/{name} ({error.status})")
                continue
            access[repository] = granted
            if ACCESS_RANK.get(granted, 0) < ACCESS_RANK[wanted]:
                problems.append(f"repository {name}: the token has {granted} access, {wanted} is declared")
            elif ACCESS_RANK.get(granted, 0) > ACCESS_RANK[wanted]:
                warnings.append(f"repository {name}: the token has {granted} access, more than {wanted}")
    if problems:
        raise TokenVerificationFailed(label, problems)
    return VerifiedToken(label, login, expires_at, access, warnings)
