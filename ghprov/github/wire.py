"""Values the client hands out: responses and request counters."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ApiResponse:
    """A successful (< 400) REST response."""

    status: int
    headers: Mapping[str, str]
    json: Any
    # ``Link`` header targets by relation (``next``, ``last`` …), as absolute URLs.
    links: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ClientStats:
    """Requests sent (retries included) and GraphQL rate-limit points spent."""

    rest_requests: int = 0
    graphql_requests: int = 0
    graphql_points: int = 0
    retries: int = 0
    rest_by_method: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for reports and JSON output."""
        return {
            "rest_requests": self.rest_requests,
            "graphql_requests": self.graphql_requests,
            "graphql_points": self.graphql_points,
            "retries": self.retries,
            "rest_by_method": dict(sorted(self.rest_by_method.items())),
        }


def decode(text: str) -> Any:
    """A response body as JSON, the raw text when it is not JSON, None when empty."""
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def list_items(payload: Any) -> Iterator[Any]:
    """The items of a list response, or of the one list an object response wraps."""
    if isinstance(payload, list):
        yield from payload
    elif isinstance(payload, dict):
        lists = [value for value in payload.values() if isinstance(value, list)]
        if lists:
            yield from lists[0]
