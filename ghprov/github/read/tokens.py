"""Token facts from GitHub's REST API: identity and expiry (``GET /user``), repository access, PAT grants.

``GET /user`` answers any token with its login and, for an expiring token, the
``GitHub-Authentication-Token-Expiration`` header
(https://docs.github.com/rest/overview/resources-in-the-rest-api#authentication). A repository's
``permissions`` object says what the authenticated token may do there
(https://docs.github.com/rest/repos/repos#get-a-repository). The organisation's PAT grants
(https://docs.github.com/rest/orgs/personal-access-tokens) are listed for GitHub Apps only.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ghprov.errors import GhprovError
from ghprov.github.client import GitHubClient
from ghprov.model.tokens import GrantedAccess, RepositoryAccess, TokenGrant, TokenIdentity

EXPIRY_HEADER = "GitHub-Authentication-Token-Expiration"
# GitHub's repository ``permissions`` flags, strongest first, as access names.
PERMISSION_FLAGS: tuple[tuple[str, GrantedAccess], ...] = (
    ("admin", "admin"),
    ("maintain", "maintain"),
    ("push", "write"),
    ("triage", "triage"),
    ("pull", "read"),
)


def expiry_from_headers(headers: Mapping[str, str]) -> datetime.datetime | None:
    """The token's expiry, or None when GitHub sent no header (a token without expiry)."""
    value = next((v for k, v in headers.items() if k.lower() == EXPIRY_HEADER.lower()), None)
    if not value:
        return None
    text = value.strip()
    # GitHub writes "2026-12-26 14:00:00 UTC" or "2026-12-26 14:00:00 +0200".
    for layout in ("%Y-%m-%d %H:%M:%S %Z", "%Y-%m-%d %H:%M:%S %z"):
        try:
            parsed = datetime.datetime.strptime(text, layout)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)
    raise GhprovError(
        f"GitHub sent an unrecognised {EXPIRY_HEADER} header {value!r}",
        hint="report this to ghprov with the GitHub (Enterprise Server) version",
    )


def granted_access(permissions: Mapping[str, Any]) -> GrantedAccess:
    """The strongest access GitHub's ``permissions`` object grants ("none" when not even pull)."""
    return next((name for flag, name in PERMISSION_FLAGS if permissions.get(flag)), "none")


def token_identity(client: GitHubClient) -> TokenIdentity:
    """Who the client's token is and when it expires; raises ``GitHubApiError`` (401 for a bad token)."""
    response = client.request("GET", "/user")
    body = response.json if isinstance(response.json, dict) else {}
    return TokenIdentity(login=str(body.get("login") or ""), expires_at=expiry_from_headers(response.headers))


def repository_access(client: GitHubClient, owner: str, name: str) -> RepositoryAccess:
    """The client's token's access to ``owner/name``; raises ``GitHubApiError`` when it cannot see it."""
    response = client.request("GET", f"/repos/{owner}/{name}")
    body = response.json if isinstance(response.json, dict) else {}
    permissions = body.get("permissions")
    return RepositoryAccess(
        repository=f"{owner}/{name}",
        access=granted_access(permissions if isinstance(permissions, dict) else {}),
    )


def _timestamp(text: Any) -> datetime.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def organization_tokens(client: GitHubClient, org: str) -> list[TokenGrant]:
    """The fine-grained PATs granted access to ``org``, with owner and expiry (GitHub App auth only)."""
    grants = []
    for body in client.paginate(f"/orgs/{org}/personal-access-tokens"):
        if not isinstance(body, dict):
            continue
        owner = body.get("owner") if isinstance(body.get("owner"), dict) else {}
        token_id = body.get("token_id")
        grants.append(
            TokenGrant(
                owner=str((owner or {}).get("login") or ""),
                token_id=token_id if isinstance(token_id, int) else None,
                token_name=str(body.get("token_name") or ""),
                expires_at=_timestamp(body.get("token_expires_at")),
            )
        )
    return grants
