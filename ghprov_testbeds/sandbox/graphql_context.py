"""What every GraphQL resolver of the sandbox shares: the state, the viewer, the schema, GitHub's errors."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from graphql import GraphQLError, GraphQLSchema

from ghprov_testbeds.sandbox.state import GitHubState, Identity


@dataclass(frozen=True)
class Context:
    """The state, who is asking, and the schema (to know which types GraphQL can represent)."""

    state: GitHubState
    identity: Identity
    schema: GraphQLSchema


class NotFound(GraphQLError):
    """GitHub's `NOT_FOUND` error (its `type` travels at the top level of the error object)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"type": "NOT_FOUND"})


class NotEmulated(GraphQLError):
    """Something GitHub's schema offers that the sandbox does not model: an error, never a silent guess."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"The ghprov sandbox does not emulate {what}.", extensions={"type": "NOT_IMPLEMENTED"}
        )


def stable_id(text: str) -> int:
    """A database id for things the state keys by name (protections, refs, rules): stable across runs."""
    return zlib.crc32(text.encode()) & 0x7FFFFFFF


class Forbidden(GraphQLError):
    """GitHub's `FORBIDDEN` error: the field exists and the viewer may see its parent, but not the field."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"type": "FORBIDDEN"})
