"""Direct collaborators of every repository, through GraphQL ``Repository.collaborators``.

The selection rides on the core read's repository pages (``repository_fields.py``): one request
carries 100 repositories with up to 100 direct collaborators each, and only a repository with more is
read again on its own (``connections.pages`` over ``node(id)``), so a 1,000-repository organisation
costs no request beyond the core read's 10 instead of one REST request per repository. A
collaborator's role is the ``roleName`` of the permission source that is the repository itself (the
exact role, custom roles included); the edge's ``permission`` is the effective one and only a fallback.

GitHub shows collaborators to tokens with push access; for others the field is null with a
``FORBIDDEN`` error under it, and that repository is named in ``refused`` (fail closed) while the
others are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.github.read import connections
from ghprov.github.read.queries import PAGE_INFO, RATE_LIMIT
from ghprov.github.read.repository_fields import RepositoryNode
from ghprov.model.collaborators import DirectCollaborators

EDGE = (
    "edges { permission permissionSources { roleName source { __typename ... on Repository { id } } } "
    "node { login } }"
)
# The first page of a Repository node's direct collaborators (100 per repository: 10,000 nodes a page).
COLLABORATORS_SELECTION = f"collaborators(first: 100, affiliation: DIRECT) {{ {PAGE_INFO} {EDGE} }}"
REPOSITORY_COLLABORATORS = f"""
query RepositoryCollaboratorsFollowUp($id: ID!, $cursor: String) {{
  node(id: $id) {{
    ... on Repository {{
      collaborators(first: 100, after: $cursor, affiliation: DIRECT) {{ {PAGE_INFO} {EDGE} }}
    }}
  }}
  {RATE_LIMIT}
}}
"""
FORBIDDEN = "FORBIDDEN"


def queries() -> dict[str, str]:
    """This module's own GraphQL document, by name (tests validate it against GitHub's schema)."""
    return {"repository collaborators follow-up": REPOSITORY_COLLABORATORS}


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


def node_collaborators(client: GitHubClient, repository: RepositoryNode) -> dict[str, str]:
    """login → role of one repository read with ``COLLABORATORS_SELECTION``.

    Pages past the first 100 collaborators are read for this repository only, from where the first
    page ended.
    """
    node = {"id": repository.id, "collaborators": repository.data.get("collaborators")}
    edges = connections.complete(client, node, "Repository", "collaborators", query=REPOSITORY_COLLABORATORS)
    return _grants(edges, repository.id)


def direct_collaborators(client: GitHubClient, repositories: Iterable[RepositoryNode]) -> DirectCollaborators:
    """Every repository's direct collaborators; those GitHub refuses are named in ``refused``.

    Any other GraphQL problem under a repository's collaborators raises ``GitHubApiError``.
    """
    grants: dict[str, dict[str, str]] = {}
    refused: dict[str, str] = {}
    for repository in repositories:
        denied = [
            problem
            for problem in repository.problems
            if problem.type == FORBIDDEN and problem.path[:1] == ("collaborators",)
        ]
        if denied:
            refused[repository.name] = denied[0].message
            continue
        connections.fail_on(repository.problems, what=f"the collaborators of {repository.name}")
        found = node_collaborators(client, repository)
        if found:
            grants[repository.name] = found
    return DirectCollaborators(grants=grants, refused=refused)
