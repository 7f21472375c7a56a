"""``RepositoryFacts`` of every repository, from the organisation's list (``GET /orgs/{org}/repos``)."""

from __future__ import annotations

from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.model.repository_facts import RepositoryFacts


def _statuses(analysis: Any) -> dict[str, str] | None:
    if not isinstance(analysis, dict):
        return None
    return {
        feature: str(value["status"])
        for feature, value in analysis.items()
        if isinstance(value, dict) and value.get("status") is not None
    }


def _facts(repo: dict[str, Any]) -> RepositoryFacts:
    forking = repo.get("allow_forking")
    return RepositoryFacts(
        visibility=repo.get("visibility"),
        allow_forking=forking if isinstance(forking, bool) else None,
        pushed_at=repo.get("pushed_at"),
        security_and_analysis=_statuses(repo.get("security_and_analysis")),
    )


def read_repository_facts(client: GitHubClient, org: str) -> dict[str, RepositoryFacts]:
    """repository name → its facts, for every repository the token can list."""
    return {
        str(repo["name"]): _facts(repo)
        for repo in client.paginate(f"/orgs/{org}/repos", {"type": "all"})
        if isinstance(repo, dict)
    }
