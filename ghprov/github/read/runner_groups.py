"""Self-hosted runner groups (REST; organisation owners only).

One request lists every group; a group whose visibility is ``selected`` costs one more for its
repositories, and only when the config declares that group's ``selected_repositories`` (import:
always). Group ids are kept for the writer. A group the enterprise shares with the organisation
(``inherited``) is the enterprise's to change: it is left out, and a config that declares it (or an
import) gets an ``Unknown`` saying so, rather than a creation GitHub would refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.github.read.policy_reads import refusal, repository_ids
from ghprov.model import Organization, Unknown
from ghprov.plan.changes import Kind, address

NOT_OWNER = "runner groups are visible to organisation owners only"
INHERITED = "the enterprise shares this runner group with the organisation: change it in the enterprise"


class RunnerGroupReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or bool(scope.runner_groups) or scope.prune.runner_groups

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        base = f"/orgs/{organization}/actions/runner-groups"
        try:
            listed = [group for group in client.paginate(base) if isinstance(group, dict)]
            groups = {str(group["name"]): group for group in listed if not group.get("inherited")}
            for name in sorted(str(group["name"]) for group in listed if group.get("inherited")):
                if scope is None or name in scope.runner_groups:
                    found.unknowns.append(Unknown(f"runner_groups/{name}", INHERITED))
            values = {
                name: _values(client, base, group, _wants_repositories(scope, name), found)
                for name, group in groups.items()
                if scope is None or name in scope.runner_groups or scope.prune.runner_groups
            }
            for access in scope.runner_groups.values() if scope is not None else ():
                repository_ids(client, organization, access.selected_repositories or (), found)
        except GitHubApiError as error:
            if not refusal(error):
                raise
            found.unknowns.append(Unknown("runner_groups", f"{NOT_OWNER} ({error.github_message})"))
            return found
        for name, group in groups.items():
            found.ids[address(Kind.RUNNER_GROUP, name)] = int(group["id"])
        found.organization["runner_groups"] = values
        return found


def _wants_repositories(scope: Organization | None, name: str) -> bool:
    if scope is None:
        return True
    access = scope.runner_groups.get(name)
    return access is not None and "selected_repositories" in access.model_fields_set


def _values(
    client: GitHubClient, base: str, group: Mapping[str, Any], repositories: bool, found: KindRead
) -> dict[str, Any]:
    restricted = bool(group.get("restricted_to_workflows"))
    values: dict[str, Any] = {
        "visibility": group.get("visibility"),
        "allows_public_repositories": bool(group.get("allows_public_repositories")),
        "restricted_to_workflows": restricted,
        # GitHub ignores the list while the group is not restricted: only then does it count.
        "selected_workflows": list(group.get("selected_workflows") or ()) if restricted else [],
    }
    if group.get("visibility") == "selected" and repositories:
        listed = [
            repo for repo in client.paginate(f"{base}/{group['id']}/repositories") if isinstance(repo, dict)
        ]
        for repo in listed:
            found.ids[address(Kind.REPOSITORY, str(repo["name"]))] = int(repo["id"])
        values["selected_repositories"] = sorted(str(repo["name"]) for repo in listed)
    return values


READER = RunnerGroupReader()
