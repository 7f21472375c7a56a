"""Fine-grained PAT grants to the organisation (``GET /orgs/{org}/personal-access-tokens``; Apps only)."""

from __future__ import annotations

from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.model.pat_grants import PatGrant


def _permissions(value: Any) -> dict[str, dict[str, str]]:
    if not isinstance(value, dict):
        return {}
    return {
        str(group): {str(name): str(level) for name, level in levels.items()}
        for group, levels in value.items()
        if isinstance(levels, dict)
    }


def _grant(body: dict[str, Any], repositories: tuple[str, ...] | None) -> PatGrant:
    owner = body.get("owner") or {}
    return PatGrant(
        id=int(body.get("id") or 0),
        owner=str(owner.get("login") or ""),
        token_id=int(body.get("token_id") or 0),
        token_name=str(body.get("token_name") or ""),
        token_expired=bool(body.get("token_expired")),
        token_expires_at=body.get("token_expires_at"),
        token_last_used_at=body.get("token_last_used_at"),
        access_granted_at=body.get("access_granted_at"),
        repository_selection=str(body.get("repository_selection") or ""),
        permissions=_permissions(body.get("permissions")),
        repositories=repositories,
    )


def read_pat_grants(client: GitHubClient, org: str) -> list[PatGrant]:
    """Every grant; a "subset" grant's repositories cost one more request each."""
    found = []
    for body in client.paginate(f"/orgs/{org}/personal-access-tokens"):
        if not isinstance(body, dict):
            continue
        selection = body.get("repository_selection")
        repositories: tuple[str, ...] | None = None
        if selection == "subset":
            listed = client.paginate(f"/orgs/{org}/personal-access-tokens/{body.get('id')}/repositories")
            repositories = tuple(sorted(str(repo["name"]) for repo in listed if isinstance(repo, dict)))
        elif selection == "none":
            repositories = ()
        found.append(_grant(body, repositories))
    return found
