"""Deploy keys of every repository, 100 repositories a GraphQL page (no REST request per repository).

GitHub shows deploy keys only to repository admins. Where the viewer is not an admin the keys are an
``Unknown`` (the plan refuses to act on them) rather than an empty list that would read as "none".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.github.read.connections import complete, fail_on, items, pages
from ghprov.github.read.kinds import KindRead
from ghprov.github.read.queries import PAGE_INFO, RATE_LIMIT
from ghprov.model import DeployKey, Organization, Unknown

DEPLOY_KEY = "id title key readOnly"
DEPLOY_KEYS = f"""
query DeployKeys($org: String!, $cursor: String) {{
  organization(login: $org) {{
    repositories(first: 100, after: $cursor, orderBy: {{field: NAME, direction: ASC}}) {{
      {PAGE_INFO}
      nodes {{
        id name viewerPermission
        deployKeys(first: 20) {{ {PAGE_INFO} nodes {{ {DEPLOY_KEY} }} }}
      }}
    }}
  }}
  {RATE_LIMIT}
}}
"""
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


class DeployKeyReader:
    queries: Mapping[str, str] = {"deploy keys": DEPLOY_KEYS, "deploy keys follow-up": FOLLOW_UP}

    def wanted(self, scope: Organization | None) -> bool:
        if scope is None or scope.prune.deploy_keys:
            return True
        return any("deploy_keys" in repository.model_fields_set for repository in scope.repositories.values())

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        # One bulk query covers every repository, so the scope does not narrow the read.
        found = KindRead()
        path = ("organization", "repositories")
        for result in pages(client, DEPLOY_KEYS, {"org": organization}, path):
            fail_on(result.problems, what=f"the deploy keys of {organization}'s repositories")
            connection = result.data.get("organization", {}).get("repositories")
            for repository in items(connection):
                self._repository(client, repository, found)
        return found

    @staticmethod
    def _repository(client: GitHubClient, repository: Mapping[str, Any], found: KindRead) -> None:
        name = str(repository["name"])
        if repository.get("viewerPermission") != "ADMIN":
            found.unknowns.append(Unknown(f"repositories/{name}/deploy_keys", NOT_ADMIN))
            return
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


def _all_keys(client: GitHubClient, repository: Mapping[str, Any]) -> list[dict[str, Any]]:
    connection = repository.get("deployKeys")
    page_info = connection.get("pageInfo") if isinstance(connection, dict) else None
    if isinstance(page_info, dict) and page_info.get("hasNextPage"):
        return complete(client, repository, "Repository", "deployKeys", query=FOLLOW_UP)
    return items(connection)


READER = DeployKeyReader()
