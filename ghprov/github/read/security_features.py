"""Security features of the repositories that declare them.

``security_and_analysis`` comes with the organisation's repository list (``GET /orgs/{org}/repos``,
100 repositories a request), which also says whether the token is an admin of each repository —
GitHub shows the object to admins only, and leaves it out rather than reporting "disabled". GraphQL
has none of it, but it has vulnerability alerts (``Repository.hasVulnerabilityAlertsEnabled``), read
100 repositories a request too. Private vulnerability reporting has no bulk read: one GET per
repository that declares it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.connections import fail_on, items, pages
from ghprov.github.read.kinds import KindRead
from ghprov.github.read.policy_reads import (
    Candidate,
    candidates,
    get_object,
    in_parallel,
    listed_repositories,
    unlisted,
    wants,
)
from ghprov.github.read.queries import PAGE_INFO, RATE_LIMIT
from ghprov.model import Organization, Unknown
from ghprov.model.security_features import LISTED, TOGGLES

NOT_ADMIN = "security features are visible to repository admins (and security managers) only"
VULNERABILITY_ALERTS = f"""
query VulnerabilityAlerts($org: String!, $cursor: String) {{
  organization(login: $org) {{
    repositories(first: 100, after: $cursor, orderBy: {{field: NAME, direction: ASC}}) {{
      {PAGE_INFO}
      nodes {{ name hasVulnerabilityAlertsEnabled }}
    }}
  }}
  {RATE_LIMIT}
}}
"""


class RepositorySecurityReader:
    queries: Mapping[str, str] = {"vulnerability alerts": VULNERABILITY_ALERTS}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or any(repo.security is not None for repo in scope.repositories.values())

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        listed = listed_repositories(client, organization)
        if isinstance(listed, GitHubApiError):
            return unlisted(found, "security", listed)
        to_read: list[tuple[str, Candidate]] = []
        for candidate in candidates(scope, "security", listed):
            name = next((n for n in candidate.names if n in listed), None)
            if name is None:
                continue  # a repository this plan creates
            repo = listed[name]
            if not (repo.get("permissions") or {}).get("admin"):
                found.unknowns.append(Unknown(f"repositories/{name}/security", NOT_ADMIN))
                continue
            found.repositories[name] = {"security": _listed_values(repo)}
            to_read.append((name, candidate))
        if any(wants(candidate.fields, ("vulnerability_alerts",)) for _, candidate in to_read):
            alerts = _vulnerability_alerts(client, organization)
            for name, candidate in to_read:
                if wants(candidate.fields, ("vulnerability_alerts",)) and name in alerts:
                    found.repositories[name]["security"]["vulnerability_alerts"] = alerts[name]
        reporting = [item for item in to_read if wants(item[1].fields, ("private_vulnerability_reporting",))]
        enabled = in_parallel(lambda item: _private_reporting(client, organization, item[0]), reporting)
        for (name, _), value in zip(reporting, enabled, strict=True):
            found.repositories[name]["security"]["private_vulnerability_reporting"] = value
        return found


def _listed_values(repo: Mapping[str, Any]) -> dict[str, Any]:
    analysis = repo.get("security_and_analysis") or {}
    values: dict[str, Any] = {}
    for name in LISTED:
        status = (analysis.get(name) or {}).get("status")
        if status in ("enabled", "disabled"):
            values[name] = status == "enabled"
    return values


def _vulnerability_alerts(client: GitHubClient, organization: str) -> dict[str, bool]:
    """Repository name → whether Dependabot alerts are on, for every repository (one page per 100).
    Only admins' answers are used: the caller keeps repositories the list showed it administers."""
    found: dict[str, bool] = {}
    path = ("organization", "repositories")
    for result in pages(client, VULNERABILITY_ALERTS, {"org": organization}, path):
        fail_on(result.problems, what=f"the vulnerability alerts of {organization}'s repositories")
        for node in items(result.data.get("organization", {}).get("repositories")):
            found[str(node["name"])] = bool(node["hasVulnerabilityAlertsEnabled"])
    return found


def _private_reporting(client: GitHubClient, organization: str, name: str) -> bool:
    body = get_object(client, f"/repos/{organization}/{name}/{TOGGLES['private_vulnerability_reporting']}")
    return bool(body.get("enabled"))


READER = RepositorySecurityReader()
