"""Direct collaborators of every repository in bulk, through GraphQL ``Repository.collaborators``.

One request reads 100 repositories with up to 100 direct collaborators each; only a repository with
more is read again on its own (``connections.pages`` over ``node(id)``), so a 1,000-repository
organisation costs about 10 requests instead of one REST request per repository. A collaborator's
role is the ``roleName`` of the permission source that is the repository itself (the exact role,
custom roles included); the edge's ``permission`` is the effective one and only a fallback.

Two ways in: ``read_direct_collaborators`` pages the organisation's repositories itself (the audit);
a reader that already pages repositories (the plan's bulk read) selects ``COLLABORATORS_SELECTION``
on each ``Repository`` node, with ``id``, and hands the node to ``node_collaborators``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.github.graphql import GraphQLProblem
from ghprov.github.read import connections
from ghprov.github.read.queries import PAGE_INFO, RATE_LIMIT
from ghprov.model.collaborators import DirectCollaborators

EDGE = (
    "edges { permission permissionSources { roleName source { __typename ... on Repository { id } } } "
    "node { login } }"
)
# The first page of a Repository node's direct collaborators (select ``id`` beside it).
COLLABORATORS_SELECTION = f"collaborators(first: 100, affiliation: DIRECT) {{ {PAGE_INFO} {EDGE} }}"
COLLABORATORS = f"""
query AuditCollaborators($org: String!, $cursor: String) {{
  organization(login: $org) {{
    repositories(first: 100, after: $cursor, orderBy: {{field: NAME, direction: ASC}}) {{
      {PAGE_INFO}
      nodes {{ id name {COLLABORATORS_SELECTION} }}
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


def node_collaborators(client: GitHubClient, repository: Mapping[str, Any]) -> dict[str, str]:
    """login → role of one ``Repository`` node read with ``id`` and ``COLLABORATORS_SELECTION``.

    Pages past the first 100 collaborators are read for this repository only.
    """
    repository_id = str(repository["id"])
    connection = repository.get("collaborators")
    page_info = connection.get("pageInfo") if isinstance(connection, dict) else None
    if isinstance(page_info, dict) and page_info.get("hasNextPage"):
        return _grants(_overflowing(client, repository_id), repository_id)
    return _grants(connections.items(connection), repository_id)


def refused_repositories(
    problems: tuple[GraphQLProblem, ...], nodes: list[Any], *, collaborators_at: int
) -> tuple[dict[str, str], list[GraphQLProblem]]:
    """Repositories whose collaborators GitHub refused (name → message), and every other problem.

    ``collaborators_at`` is the position of ``collaborators`` in a refused error's path
    (``organization.repositories.nodes.<i>.collaborators`` → 4); the index before it picks the node.
    """
    refused: dict[str, str] = {}
    others: list[GraphQLProblem] = []
    for problem in problems:
        path = problem.path
        index = path[collaborators_at - 1] if len(path) > collaborators_at else None
        node = nodes[index] if isinstance(index, int) and 0 <= index < len(nodes) else None
        if (
            problem.type == FORBIDDEN
            and path[collaborators_at : collaborators_at + 1] == ("collaborators",)
            and isinstance(node, dict)
        ):
            refused[str(node.get("name"))] = problem.message
        else:
            others.append(problem)
    return refused, others


def read_direct_collaborators(
    client: GitHubClient, org: str, on_page: Callable[[Any], None] | None = None
) -> DirectCollaborators:
    """Every repository's direct collaborators; those GitHub refuses are named in ``refused``.

    ``on_page`` sees each page of repositories (a ``ReadProgress`` tracker, as the bulk reader
    passes). Any other GraphQL problem (an unknown organisation included) raises ``GitHubApiError``.
    """
    grants: dict[str, dict[str, str]] = {}
    refused: dict[str, str] = {}
    for result in connections.pages(client, COLLABORATORS, {"org": org}, REPOSITORIES_PATH, on_page):
        connection = connections.dig(result.data, REPOSITORIES_PATH)
        raw_nodes = connection.get("nodes") if isinstance(connection, dict) else None
        nodes = list(raw_nodes or [])
        page_refused, others = refused_repositories(result.problems, nodes, collaborators_at=4)
        connections.fail_on(tuple(others), what=f"the repository collaborators of {org}")
        if connections.dig(result.data, ("organization",)) is None:
            connections.fail_on((GraphQLProblem("organization not found", "NOT_FOUND"),), what=org)
        refused.update(page_refused)
        for repository in connections.items(connection):
            if str(repository.get("name")) in page_refused:
                continue
            found = node_collaborators(client, repository)
            if found:
                grants[str(repository["name"])] = found
    return DirectCollaborators(grants=grants, refused=refused)
