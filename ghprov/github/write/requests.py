"""What a writer produces: an ordered list of write requests, or a typed refusal.

Paths are tuples of segments and bodies are JSON values; either may hold facts (see
``ghprov.github.write.facts``) that the resolver replaces with real values at send time.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from ghprov.github.write.facts import Fact

PathSegment = str | Fact


class Learned(enum.Enum):
    """What a successful response teaches the resolver (the id of something just created)."""

    TEAM = "team"
    REPOSITORY = "repository"
    REPOSITORY_RULESET = "repository_ruleset"
    ORGANIZATION_RULESET = "organization_ruleset"
    CUSTOM_ROLE = "custom_role"
    # The node id of a classic protection rule a GraphQL mutation created (key: repository, pattern).
    PROTECTION_RULE = "protection_rule"
    # The ``id`` of any resource, remembered under its plan address and identifying value
    # (``Learn.key`` is ``(address, value)``, as in the ``ResourceId`` that will ask for it).
    RESOURCE = "resource"


@dataclass(frozen=True)
class Learn:
    """Record the resource in the response under ``key`` (the model's names)."""

    what: Learned
    key: tuple[str, ...]


@dataclass(frozen=True)
class SkipIf:
    """Do not send the request when ``fact`` resolves to ``value`` (the write would change nothing)."""

    fact: Fact
    value: Any


@dataclass(frozen=True)
class Mutation:
    """A GraphQL mutation document and the name of its one root field (which the response is under)."""

    field: str
    document: str


@dataclass(frozen=True)
class WriteRequest:
    """One mutating REST call, or a GraphQL mutation (``graphql``), with facts still unresolved.

    A mutation's ``body`` is its variables; its method and path are GraphQL's (POST /graphql), for
    reports only: the client sends it to the GraphQL endpoint, wherever that is (GHES differs).
    """

    method: str
    path: tuple[PathSegment, ...]
    body: Any = None
    learn: Learn | None = None
    skip_if: SkipIf | None = None
    # Error statuses that mean the write's goal already holds (e.g. removing someone already gone).
    already_done: frozenset[int] = field(default_factory=frozenset)
    # True when the request brings a new resource into existence (later writes may see it late).
    creates: bool = False
    graphql: Mutation | None = None


@dataclass(frozen=True)
class ResolvedRequest:
    """A write request with every fact filled in, ready for the client."""

    method: str
    path: str
    body: Any = None
    graphql: Mutation | None = None

    def describe(self) -> str:
        """``METHOD /path`` (``POST /graphql createX`` for a mutation), as reports show it."""
        if self.graphql is not None:
            return f"{self.method} {self.path} {self.graphql.field}"
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class Unsupported:
    """A change GitHub's API cannot make; apply reports it as skipped with ``reason``."""

    reason: str


@dataclass(frozen=True)
class Target:
    """Where writes go: the organisation, and who is applying (a login, or "" for an app)."""

    org: str
    viewer: str = ""


Writes = list[WriteRequest] | Unsupported


def mutation(operation: Mutation, variables: dict[str, Any], **options: Any) -> WriteRequest:
    """A GraphQL mutation as a write request (``options``: learn, creates, ...)."""
    return WriteRequest("POST", ("graphql",), variables, graphql=operation, **options)


def path(*segments: PathSegment) -> tuple[PathSegment, ...]:
    """Build a path from segments: ``path("orgs", org, "teams", TeamSlug(name))``."""
    return tuple(segments)
