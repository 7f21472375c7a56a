"""People lists the audit reads by login: members without two-factor authentication, outside collaborators."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.github.client import GitHubClient


def _logins(client: GitHubClient, path: str, params: Mapping[str, Any] | None = None) -> list[str]:
    return sorted(str(user["login"]) for user in client.paginate(path, params) if isinstance(user, dict))


def read_members_without_2fa(client: GitHubClient, org: str) -> list[str]:
    """Members with two-factor authentication off (owners only may ask)."""
    return _logins(client, f"/orgs/{org}/members", {"filter": "2fa_disabled"})


def read_outside_collaborators(client: GitHubClient, org: str) -> list[str]:
    """Users with access to some repository who are not members (owners only may ask)."""
    return _logins(client, f"/orgs/{org}/outside_collaborators")
