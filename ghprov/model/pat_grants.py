"""Fine-grained personal access tokens granted access to an organisation (never the tokens themselves)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PatGrant:
    """One grant of ``GET /orgs/{org}/personal-access-tokens``."""

    id: int
    owner: str
    token_id: int
    token_name: str
    token_expired: bool
    token_expires_at: str | None
    token_last_used_at: str | None
    access_granted_at: str | None
    repository_selection: str
    # group ("organization", "repository", "other") → permission → level ("read", "write", "admin").
    permissions: dict[str, dict[str, str]] = field(default_factory=dict)
    # The repositories of a "subset" grant; () for "none"; None for "all".
    repositories: tuple[str, ...] | None = None
