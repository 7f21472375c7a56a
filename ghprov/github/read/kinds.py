"""Readers of the kinds outside the core organisation read: one module each, listed in ``KIND_READERS``.

The core read (``reader.py``) fetches members, teams, repositories, protections and rulesets together,
because they share pages and ids. Every other kind has a reader of its own that runs beside it, in
the same thread pool, and returns a ``KindRead``: values to merge into the live repositories or
organisation, GitHub ids by plan address, and what the token could not see. A kind whose config
declares nothing is not read at all (``wanted``), so a config that does not use it pays nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from ghprov.github.client import GitHubClient
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


def merge_repository_values(values: dict[str, Any], repository: str, reads: list[KindRead]) -> dict[str, Any]:
    """A repository's model values with what every kind reader found for it added."""
    merged = dict(values)
    for read in reads:
        merged.update(read.repositories.get(repository, {}))
    return merged
