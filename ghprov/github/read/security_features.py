"""Security features of the repositories that declare them.

``security_and_analysis`` comes with the organisation's repository list (``GET /orgs/{org}/repos``,
100 repositories a request), which also says whether the token is an admin of each repository —
GitHub shows the object to admins only, and leaves it out rather than reporting "disabled". The
GraphQL repository query has none of it. Vulnerability alerts and private vulnerability reporting
have no bulk read: one GET per declared repository each, only when the config declares them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.github.read.policy_reads import Candidate, candidates, get_object, in_parallel, wants
from ghprov.model import Organization, Unknown
from ghprov.model.security_features import LISTED, TOGGLES

NOT_ADMIN = "security features are visible to repository admins (and security managers) only"


class RepositorySecurityReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or any(repo.security is not None for repo in scope.repositories.values())

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        listed = {
            str(repo["name"]): repo
            for repo in client.paginate(f"/orgs/{organization}/repos", {"type": "all"})
            if isinstance(repo, dict)
        }
        to_read: list[tuple[str, Candidate]] = []
        for candidate in _candidates(client, organization, scope, listed):
            name = next((n for n in candidate.names if n in listed), None)
            if name is None:
                continue  # a repository this plan creates
            repo = listed[name]
            if not (repo.get("permissions") or {}).get("admin"):
                found.unknowns.append(Unknown(f"repositories/{name}/security", NOT_ADMIN))
                continue
            found.repositories[name] = {"security": _listed_values(repo)}
            to_read.append((name, candidate))
        toggles = in_parallel(lambda item: _toggles(client, organization, *item), to_read)
        for (name, _), values in zip(to_read, toggles, strict=True):
            found.repositories[name]["security"].update(values)
        return found


def _candidates(
    client: GitHubClient, organization: str, scope: Organization | None, listed: Mapping[str, Any]
) -> list[Candidate]:
    if scope is None:
        return [Candidate((name,)) for name in sorted(listed)]
    return candidates(client, organization, scope, "security")


def _listed_values(repo: Mapping[str, Any]) -> dict[str, Any]:
    analysis = repo.get("security_and_analysis") or {}
    values: dict[str, Any] = {}
    for name in LISTED:
        status = (analysis.get(name) or {}).get("status")
        if status in ("enabled", "disabled"):
            values[name] = status == "enabled"
    return values


def _toggles(client: GitHubClient, organization: str, name: str, candidate: Candidate) -> dict[str, Any]:
    """The features with endpoints of their own that the candidate declares (all without a scope)."""
    values: dict[str, Any] = {}
    base = f"/repos/{organization}/{name}"
    if wants(candidate.fields, ("vulnerability_alerts",)):
        alerts = f"{base}/{TOGGLES['vulnerability_alerts']}"
        values["vulnerability_alerts"] = _enabled_by_status(client, alerts)
    if wants(candidate.fields, ("private_vulnerability_reporting",)):
        body = get_object(client, f"{base}/{TOGGLES['private_vulnerability_reporting']}")
        values["private_vulnerability_reporting"] = bool(body.get("enabled"))
    return values


def _enabled_by_status(client: GitHubClient, path: str) -> bool:
    """GitHub answers 204 when the feature is on and 404 when it is off (the token is a known admin)."""
    try:
        client.request("GET", path)
    except GitHubApiError as error:
        if error.status == 404:
            return False
        raise
    return True


READER = RepositorySecurityReader()
