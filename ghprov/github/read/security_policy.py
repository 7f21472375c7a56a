"""Whether a repository has a security policy (SECURITY.md where GitHub looks for one)."""

from __future__ import annotations

from urllib.parse import quote

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient

SECURITY_POLICY_PATHS = ("SECURITY.md", ".github/SECURITY.md", "docs/SECURITY.md")


def has_security_policy(client: GitHubClient, org: str, repo: str) -> bool:
    """One contents request per path until a file is found (a 404 means "not here")."""
    for path in SECURITY_POLICY_PATHS:
        try:
            client.request("GET", f"/repos/{org}/{repo}/contents/{quote(path)}")
            return True
        except GitHubApiError as error:
            if error.status != 404:
                raise
    return False
