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
class WriteRequest:
    """One mutating REST call, with facts still unresolved."""

    method: str
    path: tuple[PathSegment, ...]
    body: Any = None
    learn: Learn | None = None
    skip_if: SkipIf | None = None
    # Error statuses that mean the write's goal already holds (e.g. removing someone already gone).
    already_done: frozenset[int] = field(default_factory=frozenset)
    # True when the request brings a new resource into existence (later writes may see it late).
    creates: bool = False


@dataclass(frozen=True)
class ResolvedRequest:
    """A write request with every fact filled in, ready for the client."""

    method: str
    path: str
    body: Any = None

    def describe(self) -> str:
        """``METHOD /path``, as reports show it."""
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


def path(*segments: PathSegment) -> tuple[PathSegment, ...]:
    """Build a path from segments: ``path("orgs", org, "teams", TeamSlug(name))``."""
    return tuple(segments)
