"""Fine-grained personal access tokens in the sandbox: minting one (per rotation test, each with its own
expiry, repositories and permissions) and the organisation's view of them as PAT grants.
"""

from __future__ import annotations

import secrets
import string
import time
from dataclasses import dataclass

from ghprov_testbeds.sandbox.state import GitHubState, Token, User


@dataclass(frozen=True)
class Grant:
    """One user token as ``GET /orgs/{org}/personal-access-tokens`` lists it (id = its position)."""

    id: int
    value: str
    token: Token
    owner: User


def mint_user_token(
    state: GitHubState,
    login: str,
    *,
    expires_in_days: float | None = 30,
    name: str = "",
    repositories: list[str] | None = None,
    permissions: dict[str, dict[str, str]] | None = None,
) -> str:
    """Add a PAT authenticating as ``login`` (created if unknown); returns the token string.

    ``repositories`` None grants all repositories; ``permissions`` maps a group (repository,
    organization) to permission → read|write, as GitHub shows a grant.
    """
    alphabet = string.ascii_letters + string.digits
    value = "github_pat_" + "".join(secrets.choice(alphabet) for _ in range(40))
    expires = None if expires_in_days is None else time.time() + expires_in_days * 86400
    with state.lock:
        state.add_user(login)
        token = Token(kind="user", subject=login, name=name or f"pat-{len(state.tokens)}", expires_at=expires)
        token.repositories = None if repositories is None else sorted(repositories)
        if permissions is not None:
            token.permissions = {group: dict(granted) for group, granted in permissions.items()}
        state.tokens[value] = token
    return value


def grants(state: GitHubState) -> list[Grant]:
    """Every user token as an organisation PAT grant, ordered by token name (ids follow that order)."""
    found: list[Grant] = []
    ordered = sorted(state.tokens.items(), key=lambda item: item[1].name)
    for index, (value, token) in enumerate(ordered, start=1):
        owner = state.users.get(token.subject)
        if token.kind == "user" and owner is not None:
            found.append(Grant(index, value, token, owner))
    return found
