"""Deploy keys of every repository, on the shared organisation pages (no request of their own).

``Repository.deployKeys`` rides on the core read's repository pages (``repository_fields.py``); only a
repository with more than 20 keys costs follow-up requests, for that repository alone. GitHub shows
deploy keys only to repository admins. Where the viewer is not an admin, or GitHub refused the field
for a repository, the keys are an ``Unknown`` (the plan refuses to act on them) rather than an empty
list that would read as "none".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.github.read.connections import complete, fail_on, items
from ghprov.github.read.kinds import KindRead, RepositoryFieldsReader, shared_page_queries
from ghprov.github.read.queries import PAGE_INFO, RATE_LIMIT
from ghprov.github.read.repository_fields import RepositoryFields, RepositoryNode
from ghprov.model import DeployKey, Organization, Unknown

DEPLOY_KEY = "id title key readOnly"
# 20 keys a repository on the shared page (2,000 nodes per 100 repositories); more are followed up.
SELECTION = f"deployKeys(first: 20) {{ {PAGE_INFO} nodes {{ {DEPLOY_KEY} }} }}"
FOLLOW_UP = f"""
query DeployKeysFollowUp($id: ID!, $cursor: String) {{
  node(id: $id) {{
    ... on Repository {{
      deployKeys(first: 100, after: $cursor) {{ {PAGE_INFO} nodes {{ {DEPLOY_KEY} }} }}
    }}
  }}
  {RATE_LIMIT}
}}
"""
NOT_ADMIN = "deploy keys are visible to repository admins only; give the token admin access to the repository"
FORBIDDEN = "FORBIDDEN"


class DeployKeyReader(RepositoryFieldsReader):
    queries: Mapping[str, str] = {
        **shared_page_queries("deploy keys", SELECTION),
        "deploy keys follow-up": FOLLOW_UP,
    }

    def wanted(self, scope: Organization | None) -> bool:
        if scope is None or scope.prune.deploy_keys:
            return True
        return any("deploy_keys" in repository.model_fields_set for repository in scope.repositories.values())

    def repository_fields(self, scope: Organization | None) -> str:
        # Every repository's keys: the bulk read costs nothing more for the ones the scope leaves out.
        return SELECTION

    def read_repositories(
        self,
        client: GitHubClient,
        organization: str,
        scope: Organization | None,
        repositories: RepositoryFields,
    ) -> KindRead:
        found = KindRead()
        for repository in repositories.wait():
            self._repository(client, repository, found)
        return found

    @staticmethod
    def _repository(client: GitHubClient, repository: RepositoryNode, found: KindRead) -> None:
        name = repository.name
        path = f"repositories/{name}/deploy_keys"
        if repository.viewer_permission != "ADMIN":
            # Whatever GitHub answered (an empty list or an error), a non-admin's view is not the keys.
            found.unknowns.append(Unknown(path, NOT_ADMIN))
            return
        refused = [problem for problem in repository.problems if problem.type == FORBIDDEN]
        if refused:
            found.unknowns.append(Unknown(path, f"GitHub refused to show them: {refused[0].message}"))
            return
        fail_on(repository.problems, what=f"the deploy keys of {name}")
        keys: dict[str, DeployKey] = {}
        for node in _all_keys(client, repository):
            title = str(node["title"])
            if title in keys:
                # Two keys under one title cannot be told apart by the config: fail closed on it.
                reason = f"two deploy keys of {name} are titled {title!r}; rename one on GitHub"
                found.unknowns.append(Unknown(f"repositories/{name}/deploy_keys/{title}", reason))
                continue
            # GraphQL's DeployKey has no databaseId: apply finds the REST id by key when it needs one.
            keys[title] = DeployKey(key=str(node["key"]), read_only=bool(node["readOnly"]))
        found.repositories[name] = {"deploy_keys": keys}


def _all_keys(client: GitHubClient, repository: RepositoryNode) -> list[dict[str, Any]]:
    node = {"id": repository.id, **repository.data}
    connection = node.get("deployKeys")
    page_info = connection.get("pageInfo") if isinstance(connection, dict) else None
    if isinstance(page_info, dict) and page_info.get("hasNextPage"):
        return complete(client, node, "Repository", "deployKeys", query=FOLLOW_UP)
    return items(connection)


READER = DeployKeyReader()
