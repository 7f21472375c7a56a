"""The organisation's code security configurations (REST; organisation owners and security managers).

One paged list holds every configuration's settings, one request says which are defaults for new
repositories, and a configuration whose ``repositories`` the config declares costs one more (paged)
for the repositories it is attached to (with ``prune.code_security_configurations``, every
configuration's, so a deletion shows what it detaches). GitHub's own (``global``) and the enterprise's
configurations are not the organisation's to change or delete: they are not read.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.github.read.policy_reads import fields_of, refusal, repository_ids
from ghprov.model import Organization, Unknown
from ghprov.model.code_security import SETTINGS
from ghprov.plan.changes import Kind, address

# Attachment statuses that mean the configuration applies (or is being applied) to the repository.
ATTACHED = ("attached", "attaching", "enforced", "updating")
NOT_OWNER = "code security configurations are visible to organisation owners and security managers only"


class CodeSecurityReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        if scope is None:
            return True
        return bool(scope.code_security_configurations) or scope.prune.code_security_configurations

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        base = f"/orgs/{organization}/code-security/configurations"
        try:
            listed = [
                item
                for item in client.paginate(base, {"target_type": "all"})
                if isinstance(item, dict) and item.get("target_type") == "organization"
            ]
            defaults = _defaults(client, base)
            values: dict[str, dict[str, Any]] = {}
            for item in listed:
                name = str(item["name"])
                found.ids[address(Kind.CODE_SECURITY_CONFIGURATION, name)] = int(item["id"])
                values[name] = {
                    **fields_of(item, SETTINGS),
                    "default_for_new_repos": defaults.get(int(item["id"]), "none"),
                }
                if _wants_repositories(scope, name):
                    values[name]["repositories"] = _attached(client, base, int(item["id"]), found)
            for wanted in scope.code_security_configurations.values() if scope is not None else ():
                repository_ids(client, organization, wanted.repositories or (), found)
        except GitHubApiError as error:
            if not refusal(error):
                raise
            reason = f"{NOT_OWNER} ({error.github_message})"
            found.unknowns.append(Unknown("code_security_configurations", reason))
            return found
        found.organization["code_security_configurations"] = values
        return found


def _wants_repositories(scope: Organization | None, name: str) -> bool:
    if scope is None:
        return True
    wanted = scope.code_security_configurations.get(name)
    if wanted is None:
        # Only a configuration the plan may delete is read undeclared: show what it detaches.
        return scope.prune.code_security_configurations
    return wanted is not None and "repositories" in wanted.model_fields_set


def _defaults(client: GitHubClient, base: str) -> dict[int, str]:
    """Configuration id → which new repositories get it."""
    answer = client.request("GET", f"{base}/defaults").json
    found: dict[int, str] = {}
    for entry in answer if isinstance(answer, list) else ():
        configuration = entry.get("configuration") if isinstance(entry, dict) else None
        if isinstance(configuration, dict) and configuration.get("id") is not None:
            found[int(configuration["id"])] = str(entry.get("default_for_new_repos") or "none")
    return found


def _attached(client: GitHubClient, base: str, ident: int, found: KindRead) -> list[str]:
    names = []
    for entry in client.paginate(f"{base}/{ident}/repositories"):
        repository = entry.get("repository") if isinstance(entry, dict) else None
        if isinstance(repository, dict) and entry.get("status") in ATTACHED:
            names.append(str(repository["name"]))
            found.ids[address(Kind.REPOSITORY, str(repository["name"]))] = int(repository["id"])
    return sorted(names)


READER = CodeSecurityReader()
