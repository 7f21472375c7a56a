"""Extra personal access tokens for the sandbox: one bot token per rotation test, each with its own expiry."""

from __future__ import annotations

import secrets
import string
import time

from ghprov.sandbox.state import GitHubState, Token


def mint_user_token(
    state: GitHubState, login: str, *, expires_in_days: float | None = 30, name: str = ""
) -> str:
    """Add a PAT authenticating as ``login`` (created if unknown); returns the token string."""
    alphabet = string.ascii_letters + string.digits
    value = "github_pat_" + "".join(secrets.choice(alphabet) for _ in range(40))
    expires = None if expires_in_days is None else time.time() + expires_in_days * 86400
    with state.lock:
        state.add_user(login)
        state.tokens[value] = Token(
            kind="user", subject=login, name=name or f"pat-{len(state.tokens)}", expires_at=expires
        )
    return value
