"""Verify a token against GitHub before it is written anywhere (R3): identity, repository access, expiry."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import SecretStr

from ghprov.errors import GhprovError, GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.rotation.config import ACCESS_RANK, TokenConfig
from ghprov.rotation.errors import TokenVerificationFailed
from ghprov.rotation.expiry import days_left, expiry_from_headers
from ghprov.settings import Settings, fingerprint

ClientFactory = Callable[[SecretStr], GitHubClient]
# GitHub's repository ``permissions`` flags, strongest first, as access names.
PERMISSION_FLAGS = (("admin", "admin"), ("maintain", "maintain"), ("push", "write"), ("triage", "triage"))


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


def granted_access(permissions: dict[str, bool]) -> str:
    """The strongest access GitHub's ``permissions`` object grants ("none" when not even pull)."""
    for flag, name in PERMISSION_FLAGS:
        if permissions.get(flag):
            return name
    return "read" if permissions.get("pull") else "none"


def token_identity(client: GitHubClient) -> tuple[str, datetime.datetime | None]:
    """The login a token authenticates as, and its expiry; raises ``GitHubApiError`` (e.g. 401)."""
    response = client.request("GET", "/user")
    login = str((response.json or {}).get("login", ""))
    return login, expiry_from_headers(response.headers)


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
            login, expires_at = token_identity(client)
        except GitHubApiError as error:
            reason = (
                "GitHub rejected the token (401 Bad credentials)" if error.status == 401 else error.message
            )
            raise TokenVerificationFailed(label, [reason]) from None
        except (GhprovError, ValueError) as error:
            raise TokenVerificationFailed(label, [f"cannot ask GitHub who the token is: {error}"]) from None
        if login.lower() != tenant.bot.lower():
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
            path = f"/repos/{owner or organization}/{name}"
            try:
                permissions = client.request("GET", path).json.get("permissions") or {}
            except GitHubApiError as error:
                problems.append(f"cannot reach repository {owner or organization}/{name} ({error.status})")
                continue
            granted = granted_access(permissions)
            access[repository] = granted
            if ACCESS_RANK.get(granted, 0) < ACCESS_RANK[wanted]:
                problems.append(f"repository {name}: the token has {granted} access, {wanted} is declared")
            elif ACCESS_RANK.get(granted, 0) > ACCESS_RANK[wanted]:
                warnings.append(f"repository {name}: the token has {granted} access, more than {wanted}")
    if problems:
        raise TokenVerificationFailed(label, problems)
    return VerifiedToken(label, login, expires_at, access, warnings)
