"""GraphQL documents and responses: mutation detection for the read-only guard, error formatting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLSyntaxError, OperationDefinitionNode, OperationType, parse


def is_read_only_document(query: str) -> bool:
    """True when every operation in the document is a query; a document that does not parse is not."""
    try:
        document = parse(query)
    except GraphQLSyntaxError:
        return False
    operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]
    return bool(operations) and all(node.operation == OperationType.QUERY for node in operations)


@dataclass(frozen=True)
class GraphQLProblem:
    """One entry of a GraphQL response's ``errors``."""

    message: str
    type: str = ""
    path: tuple[str | int, ...] = ()

    def __str__(self) -> str:
        where = ".".join(str(part) for part in self.path)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class GraphQLResult:
    """``data`` plus the errors GitHub reported next to it (partial results are possible)."""

    data: dict[str, Any]
    problems: tuple[GraphQLProblem, ...] = field(default=())


def problems_of(payload: Any) -> tuple[GraphQLProblem, ...]:
    """The ``errors`` of a GraphQL response body as typed values."""
    if not isinstance(payload, dict) or not payload.get("errors"):
        return ()
    problems = []
    for error in payload["errors"]:
        if not isinstance(error, dict):
            problems.append(GraphQLProblem(message=str(error)))
            continue
        path = tuple(part for part in error.get("path") or () if isinstance(part, str | int))
        problems.append(
            GraphQLProblem(
                message=str(error.get("message", "")), type=str(error.get("type") or ""), path=path
            )
        )
    return tuple(problems)


def query_cost(data: Any) -> int:
    """Rate-limit points a query reported through ``rateLimit { cost }`` (0 when not asked)."""
    if isinstance(data, dict):
        rate_limit = data.get("rateLimit")
        if isinstance(rate_limit, dict) and isinstance(rate_limit.get("cost"), int):
            return int(rate_limit["cost"])
    return 0
