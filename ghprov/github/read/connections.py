"""Paging GraphQL connections: top-level pages by cursor, overflowing nested connections per node."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.graphql import GraphQLProblem, GraphQLResult
from ghprov.github.read.queries import follow_up_query


def dig(data: Any, path: tuple[str, ...]) -> Any:
    """``data[path[0]][path[1]]…``, or None where a step is missing."""
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def items(connection: Any) -> list[dict[str, Any]]:
    """A connection page's ``nodes`` or ``edges``."""
    if not isinstance(connection, dict):
        return []
    found = connection.get("nodes") if "nodes" in connection else connection.get("edges")
    return [item for item in found or [] if isinstance(item, dict)]


def fail_on(problems: tuple[GraphQLProblem, ...], *, what: str) -> None:
    """Raise for GraphQL errors nobody chose to tolerate: no plan from partial data."""
    if not problems:
        return
    not_found = any(problem.type == "NOT_FOUND" for problem in problems)
    raise GitHubApiError(
        404 if not_found else 400,
        f"reading {what}: {problems[0].message}",
        method="POST",
        path="/graphql",
        hint=(
            "Check the organisation name and that the token can see it."
            if not_found
            else "GitHub refused part of the read; no plan is made from partial data."
        ),
        errors=tuple(str(problem) for problem in problems[1:]),
    )


def pages(
    client: GitHubClient,
    query: str,
    variables: Mapping[str, Any],
    connection_path: tuple[str, ...],
    on_page: Callable[[Any], None] | None = None,
) -> Iterator[GraphQLResult]:
    """Each page of the connection at ``connection_path``, following ``endCursor``."""
    cursor: str | None = None
    while True:
        result = client.graphql_result(query, {**variables, "cursor": cursor})
        yield result
        connection = dig(result.data, connection_path)
        if on_page is not None:
            on_page(connection)
        page_info = connection.get("pageInfo") if isinstance(connection, dict) else None
        if not isinstance(page_info, dict) or not page_info.get("hasNextPage"):
            return
        cursor = page_info.get("endCursor")


def complete(
    client: GitHubClient, node: Mapping[str, Any], node_type: str, field: str, *, query: str | None = None
) -> list[dict[str, Any]]:
    """All items of ``node[field]``: the first page already read plus follow-up pages for this node only.

    ``query`` is the follow-up document when it is not one of ``queries.FOLLOW_UPS`` (a kind reader's own).
    """
    connection = node.get(field)
    collected = items(connection)
    page_info = connection.get("pageInfo") if isinstance(connection, dict) else None
    cursor = page_info.get("endCursor") if isinstance(page_info, dict) else None
    more = bool(isinstance(page_info, dict) and page_info.get("hasNextPage"))
    query = query or follow_up_query(node_type, field)
    while more:
        data = client.graphql(query, {"id": node["id"], "cursor": cursor})
        page = dig(data, ("node", field))
        collected.extend(items(page))
        info = page.get("pageInfo") if isinstance(page, dict) else None
        more = bool(isinstance(info, dict) and info.get("hasNextPage"))
        cursor = info.get("endCursor") if isinstance(info, dict) else None
    return collected
