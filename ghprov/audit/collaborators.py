"""Direct collaborators of every repository in bulk, through GraphQL ``Repository.collaborators``.

One request reads 100 repositories with up to 100 direct collaborators each; only a repository with
more is read again on its own (``connections.pages`` over ``node(id)``), so a 1,000-repository
organisation costs about 10 requests instead of one REST request per repository. A collaborator's
role is the ``roleName`` of the permission source that is the repository itself (the exact role,
custom roles included); the edge's ``permission`` is the effective one and only a fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.audit.inputs import Skipped
from ghprov.github.client import GitHubClient
from ghprov.github.graphql import GraphQLProblem
from ghprov.github.read import connections
from ghprov.github.read.queries import PAGE_INFO, RATE_LIMIT

EDGE = (
    "edges { permission permissionSources { roleName source { __typename ... on Repository { id } } } "
    "node { login } }"
)
COLLABORATORS = f"""
query AuditCollaborators($org: String!, $cursor: String) {{
  organization(login: $org) {{
    repositories(first: 100, after: $cursor, orderBy: {{field: NAME, direction: ASC}}) {{
      {PAGE_INFO}
      nodes {{ id name collaborators(first: 100, affiliation: DIRECT) {{ {PAGE_INFO} {EDGE} }} }}
    }}
  }}
  {RATE_LIMIT}
}}
"""
REPOSITORY_COLLABORATORS = f"""
query AuditRepositoryCollaborators($id: ID!, $cursor: String) {{
  node(id: $id) {{
    ... on Repository {{
      collaborators(first: 100, after: $cursor, affiliation: DIRECT) {{ {PAGE_INFO} {EDGE} }}
    }}
  }}
  {RATE_LIMIT}
}}
"""
REPOSITORIES_PATH = ("organization", "repositories")
FORBIDDEN = "FORBIDDEN"


def queries() -> dict[str, str]:
    """Every GraphQL document this module sends, by name (tests validate them against GitHub's schema)."""
    return {"collaborators": COLLABORATORS, "repository collaborators": REPOSITORY_COLLABORATORS}


def _role(edge: Mapping[str, Any], repository_id: str) -> str:
    for source in edge.get("permissionSources") or ():
        granted_by = source.get("source") if isinstance(source, dict) else None
        if isinstance(granted_by, dict) and granted_by.get("id") == repository_id and source.get("roleName"):
            return str(source["roleName"])
    return str(edge.get("permission") or "read").lower()


def _grants(edges: list[dict[str, Any]], repository_id: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for edge in edges:
        user = edge.get("node")
        if isinstance(user, dict) and user.get("login"):
            found[str(user["login"])] = _role(edge, repository_id)
    return found


def _overflowing(client: GitHubClient, repository_id: str) -> list[dict[str, Any]]:
    """Every direct-collaborator edge of one repository whose first page was not the last."""
    edges: list[dict[str, Any]] = []
    path = ("node", "collaborators")
    for result in connections.pages(client, REPOSITORY_COLLABORATORS, {"id": repository_id}, path):
        connections.fail_on(result.problems, what="the collaborators of a repository")
        edges.extend(connections.items(connections.dig(result.data, path)))
    return edges


def _refused(problem: GraphQLProblem) -> bool:
    return problem.type == FORBIDDEN and "collaborators" in problem.path


def read_direct_collaborators(client: GitHubClient, org: str) -> dict[str, dict[str, str]] | Skipped:
    """repository → login → role granted on the repository itself (repositories without any are left out).

    Skipped when GitHub refuses the collaborators of a repository (push access is needed, as in REST):
    a partial list would make the access matrix look smaller than it is.
    """
    grants: dict[str, dict[str, str]] = {}
    for result in connections.pages(client, COLLABORATORS, {"org": org}, REPOSITORIES_PATH):
        refused = [problem for problem in result.problems if _refused(problem)]
        if refused:
            reason = "Missing permission: repository collaborators (push access)"
            return Skipped(f"{reason}; GitHub said {refused[0].message}")
        connections.fail_on(result.problems, what=f"the repository collaborators of {org}")
        if connections.dig(result.data, ("organization",)) is None:
            connections.fail_on((GraphQLProblem("organization not found", "NOT_FOUND"),), what=org)
        for repository in connections.items(connections.dig(result.data, REPOSITORIES_PATH)):
            connection = repository.get("collaborators")
            page_info = connection.get("pageInfo") if isinstance(connection, dict) else None
            if isinstance(page_info, dict) and page_info.get("hasNextPage"):
                edges = _overflowing(client, str(repository["id"]))
            else:
                edges = connections.items(connection)
            found = _grants(edges, str(repository["id"]))
            if found:
                grants[str(repository["name"])] = found
    return grants
