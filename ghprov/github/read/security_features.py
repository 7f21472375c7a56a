"""Security features of the repositories that declare them.

``security_and_analysis`` comes with the organisation's repository list (``GET /orgs/{org}/repos``,
100 repositories a request), which also says whether the token is an admin of each repository —
GitHub shows the object to admins only, and leaves it out rather than reporting "disabled". GraphQL
has none of it, but it has vulnerability alerts (``Repository.hasVulnerabilityAlertsEnabled``), selected
on the core read's shared repository pages when a declared repository sets them (no request of its
own). Private vulnerability reporting has no bulk read: one GET per repository that declares it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.connections import fail_on
from ghprov.github.read.kinds import KindRead, RepositoryFieldsReader, shared_page_queries
from ghprov.github.read.policy_reads import (
    Candidate,
    candidates,
    get_object,
    in_parallel,
    listed_repositories,
    unlisted,
    wants,
)
from ghprov.github.read.repository_fields import RepositoryFields, RepositoryNode
from ghprov.model import Organization, Unknown
from ghprov.model.security_features import LISTED, TOGGLES

NOT_ADMIN = "security features are visible to repository admins (and security managers) only"
VULNERABILITY_ALERTS = "hasVulnerabilityAlertsEnabled"


class RepositorySecurityReader(RepositoryFieldsReader):
    queries: Mapping[str, str] = shared_page_queries("vulnerability alerts", VULNERABILITY_ALERTS)

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or any(repo.security is not None for repo in scope.repositories.values())

    def repository_fields(self, scope: Organization | None) -> str:
        if scope is None:
            return VULNERABILITY_ALERTS
        declared = (repo.security for repo in scope.repositories.values() if repo.security is not None)
        alerts = any(
            wants(frozenset(value.model_fields_set), ("vulnerability_alerts",)) for value in declared
        )
        return VULNERABILITY_ALERTS if alerts else ""

    def read_repositories(
        self,
        client: GitHubClient,
        organization: str,
        scope: Organization | None,
        repositories: RepositoryFields,
    ) -> KindRead:
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
            nodes = {node.name: node for node in repositories.wait()}
            for name, candidate in list(to_read):
                if wants(candidate.fields, ("vulnerability_alerts",)) and name in nodes:
                    alerts = _vulnerability_alerts(nodes[name])
                    if isinstance(alerts, Unknown):
                        found.unknowns.append(alerts)
                        del found.repositories[name]
                        to_read.remove((name, candidate))
                    else:
                        found.repositories[name]["security"]["vulnerability_alerts"] = alerts
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


def _vulnerability_alerts(repository: RepositoryNode) -> bool | Unknown:
    """Whether Dependabot alerts are on, from the shared pages; the repository's security unknown
    where GitHub refused the field (fail closed), and any other error raised. Only called for
    repositories the list showed the token administers."""
    refused = [problem for problem in repository.problems if problem.type == "FORBIDDEN"]
    if refused:
        reason = f"GitHub refused its vulnerability alerts: {refused[0].message}"
        return Unknown(f"repositories/{repository.name}/security", reason)
    fail_on(repository.problems, what=f"the vulnerability alerts of {repository.name}")
    return bool(repository.data[VULNERABILITY_ALERTS])


def _private_reporting(client: GitHubClient, organization: str, name: str) -> bool:
    body = get_object(client, f"/repos/{organization}/{name}/{TOGGLES['private_vulnerability_reporting']}")
    return bool(body.get("enabled"))


READER = RepositorySecurityReader()
