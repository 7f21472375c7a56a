"""Readers of the kinds outside the core organisation read: one module each, listed in ``KIND_READERS``.

The core read (``reader.py``) fetches members, teams, repositories, protections and rulesets together,
because they share pages and ids. Every other kind has a reader of its own that runs beside it, in
the same thread pool, and returns a ``KindRead``: values to merge into the live repositories or
organisation, GitHub ids by plan address, and what the token could not see. A kind whose config
declares nothing is not read at all (``wanted``), so a config that does not use it pays nothing.

A kind that reads something of every repository through GraphQL does not page the repositories
itself: it is a ``RepositoryFieldsReader``, whose fields ride on the core read's shared repository
pages (``repository_fields.py``) and whose ``read_repositories`` gets each repository node.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ghprov.github.client import GitHubClient
from ghprov.github.graphql import GraphQLProblem
from ghprov.github.read import connections, queries
from ghprov.github.read.organization_pages import Stream, read_together
from ghprov.github.read.repository_fields import RepositoryFields
from ghprov.model import Organization, Unknown


@dataclass
class KindRead:
    """What one kind reader found."""

    # Repository name → model field → value (merged into that live ``Repository``).
    repositories: dict[str, dict[str, Any]] = field(default_factory=dict)
    # ``Organization`` field → value.
    organization: dict[str, Any] = field(default_factory=dict)
    # Team slug → model field → value (merged into that live ``Team``; values are model objects).
    teams: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Plan address → GitHub's numeric id (``LiveOrganization.ids.resources``).
    ids: dict[str, int] = field(default_factory=dict)
    unknowns: list[Unknown] = field(default_factory=list)
    # ``LiveOrganization.vocabularies`` and ``.unavailable``.
    vocabularies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)


class KindReader(Protocol):
    """A kind's live reader. ``queries`` are its GraphQL documents, for the contract tests."""

    @property
    def queries(self) -> Mapping[str, str]: ...

    def wanted(self, scope: Organization | None) -> bool:
        """Whether a plan of ``scope`` needs this kind (``None``, import and audit: always)."""
        ...

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        """What the kind holds live. ``scope`` lets a kind without a bulk read (one request per
        repository) read only the repositories the config declares it on; ``None``: every repository."""
        ...


class RepositoryFieldsReader(ABC):
    """A kind reader whose per-repository GraphQL fields ride on the shared organisation pages.

    The core read selects ``repository_fields(scope)`` on every repository node it pages and hands
    the kind its ``RepositoryFields``; ``read_repositories`` then does the kind's own work (overflowing
    connections, REST look-ups) in a thread of its own and ``wait``s for the nodes when it needs them.
    Errors under the kind's fields arrive on each ``RepositoryNode``: fail closed for that repository
    (an ``Unknown``) where GitHub refused, raise for anything else.
    """

    @property
    @abstractmethod
    def queries(self) -> Mapping[str, str]:
        """The kind's GraphQL documents: ``shared_page_queries`` plus its follow-ups."""

    @abstractmethod
    def wanted(self, scope: Organization | None) -> bool: ...

    @abstractmethod
    def repository_fields(self, scope: Organization | None) -> str:
        """The selection on a ``Repository`` node a read of ``scope`` needs ("" for none); the core
        read always selects ``id``, ``name`` and ``viewerPermission``."""

    @abstractmethod
    def read_repositories(
        self,
        client: GitHubClient,
        organization: str,
        scope: Organization | None,
        repositories: RepositoryFields,
    ) -> KindRead:
        """What the kind holds live, from the repository nodes of the shared pages."""

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        """The kind on its own: the repository pages with its fields (the core read shares its pages
        instead, and calls ``read_repositories``)."""
        fields = RepositoryFields(self.repository_fields(scope))

        def refuse(result: Any) -> None:
            # Errors in the core's fields of a repository concern nobody here; any other is the read's.
            nodes = connections.dig(result.data, ("organization", "repositories", "nodes")) or []
            problems = tuple(problem for problem in result.problems if not _in_core_fields(problem, nodes))
            connections.fail_on(problems, what=f"the repositories of {organization}")
            if connections.dig(result.data, ("organization",)) is None:
                missing = GraphQLProblem("organization not found", "NOT_FOUND")
                connections.fail_on((missing,), what=organization)

        pager = Stream("repositories", refuse, riders=(fields,))
        read_together(client, organization, [pager])
        return self.read_repositories(client, organization, scope, fields)


def _in_core_fields(problem: GraphQLProblem, nodes: list[Any]) -> bool:
    """Whether an error sits in a field of a repository node that is there (a node an error nulled
    is a repository missing from the read, which must fail it)."""
    path = problem.path
    if path[:3] != ("organization", "repositories", "nodes") or len(path) <= 4:
        return False
    index = path[3]
    return isinstance(index, int) and 0 <= index < len(nodes) and isinstance(nodes[index], dict)


def shared_page_queries(name: str, selection: str) -> dict[str, str]:
    """The shared organisation pages as a kind adds to them (validated by the contract tests): with the
    repositories part alone (a page of its own) and with every part (the widest page)."""
    return {
        f"{name} on the repository pages": queries.organization_query(["repositories"], selection),
        f"{name} on the organisation pages": queries.organization_query(queries.PARTS, selection),
    }


def merge_repository_values(values: dict[str, Any], repository: str, reads: list[KindRead]) -> dict[str, Any]:
    """A repository's model values with what every kind reader found for it added."""
    merged = dict(values)
    for read in reads:
        merged.update(read.repositories.get(repository, {}))
    return merged
