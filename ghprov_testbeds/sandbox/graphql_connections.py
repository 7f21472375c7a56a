"""Relay connections as GitHub serves them: opaque base64 cursors, first/last/after/before windows."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Sequence
from typing import Any

from graphql import GraphQLError

_CURSOR_PREFIX = "cursor:v2:"
_CAMEL_BOUNDARY = re.compile(r"(?<!^)(?=[A-Z])")

EdgeExtras = Callable[[Any], dict[str, Any]]


def encode_cursor(position: int) -> str:
    """The opaque cursor of the item at `position` in the full, ordered list."""
    return base64.b64encode(f"{_CURSOR_PREFIX}{position}".encode()).decode()


def decode_cursor(cursor: str, argument: str) -> int:
    """The position a cursor stands for; GitHub rejects cursors it did not issue."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        text = ""
    if not text.startswith(_CURSOR_PREFIX) or not text[len(_CURSOR_PREFIX) :].isdigit():
        raise GraphQLError(f"`{argument}` does not appear to be a valid cursor.")
    return int(text[len(_CURSOR_PREFIX) :])


def connection(
    items: Sequence[Any],
    *,
    first: int | None = None,
    last: int | None = None,
    after: str | None = None,
    before: str | None = None,
    edge: EdgeExtras | None = None,
) -> dict[str, Any]:
    """A `...Connection` object (nodes, edges, pageInfo, totalCount) over an already ordered list.

    Bounds (first/last present and at most 100) are checked before execution, as GitHub does.
    """
    start, end = 0, len(items)
    if after is not None:
        start = max(start, decode_cursor(after, "after") + 1)
    if before is not None:
        end = min(end, decode_cursor(before, "before"))
    end = max(start, end)
    if first is not None:
        end = min(end, start + max(first, 0))
    if last is not None:
        start = max(start, end - max(last, 0))
    window = range(start, end)
    edges = [
        {"cursor": encode_cursor(i), "node": items[i], **(edge(items[i]) if edge else {})} for i in window
    ]
    return {
        "nodes": [items[i] for i in window],
        "edges": edges,
        "totalCount": len(items),
        "pageInfo": {
            "hasNextPage": end < len(items),
            "hasPreviousPage": start > 0,
            "startCursor": encode_cursor(start) if window else None,
            "endCursor": encode_cursor(end - 1) if window else None,
        },
    }


def snake_case(name: str) -> str:
    """`databaseId` → `database_id`: GraphQL field names map onto the state's Python names."""
    return _CAMEL_BOUNDARY.sub("_", name).lower()


def camel_case(name: str) -> str:
    """`required_status_checks` → `requiredStatusChecks`: REST keys map onto GraphQL field names."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def camel_keys(value: Any) -> Any:
    """A REST JSON value with every object key renamed to its GraphQL field name."""
    if isinstance(value, dict):
        return {camel_case(str(key)): camel_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [camel_keys(item) for item in value]
    return value
