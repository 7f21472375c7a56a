"""What GitHub says about a personal access token: who it is, what it reaches, when it expires.

Read by ``github/read/tokens.py`` and judged by ``rotation/`` (token verification, ``tokens check``).
"""

from __future__ import annotations

import datetime
from typing import Literal

from ghprov.model.base import Model

# The strongest access a repository grants a token, in GitHub's role names ("none": not even pull).
GrantedAccess = Literal["admin", "maintain", "write", "triage", "read", "none"]


class TokenIdentity(Model):
    """The account a token authenticates as; ``expires_at`` None means the token does not expire."""

    login: str
    expires_at: datetime.datetime | None = None


class RepositoryAccess(Model):
    """The access a token has to one repository (``owner/name``)."""

    repository: str
    access: GrantedAccess


class TokenGrant(Model):
    """One fine-grained PAT granted access to the organisation (listed with GitHub App auth only)."""

    owner: str
    token_id: int | None = None
    token_name: str = ""
    expires_at: datetime.datetime | None = None
