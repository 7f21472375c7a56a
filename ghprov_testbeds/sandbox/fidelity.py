"""Checks against GitHub's OpenAPI description: requests the sandbox accepts, responses it produces."""

from __future__ import annotations

import threading
from typing import Any

from ghprov_testbeds.sandbox.wire import ApiError

DEFAULT_API_VERSION = "2022-11-28"


def check_request(method: str, path: str, query: dict[str, str], body: Any, version: str | None) -> None:
    """Raise GitHub's 422 "Invalid request." when the request does not match the operation's schema."""
    from ghprov_testbeds.contract.openapi import contract

    problems = contract().validate_request(method, path, query, body, version or DEFAULT_API_VERSION)
    if problems:
        details = "\n".join(problems)
        raise ApiError(
            422,
            f"Invalid request.\n\n{details}",
            documentation_url=_docs_url(method, path),
        )


def _docs_url(method: str, path: str) -> str:
    from ghprov_testbeds.contract.openapi import contract

    operation = contract().find_operation(method, path)
    return operation.docs_url if operation and operation.docs_url else "https://docs.github.com/rest"


def documented(method: str, path: str) -> bool:
    """Is the operation in the vendored description? (Undocumented routes skip schema checks.)"""
    from ghprov_testbeds.contract.openapi import contract

    return contract().find_operation(method, path) is not None


class ResponseAudit:
    """Collects response-schema problems (``validate_responses=True``); tests assert the list is empty."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self._lock = threading.Lock()

    def check(self, method: str, path: str, status: int, body: Any, version: str | None) -> list[str]:
        """Record and return the response's schema problems (empty when it matches)."""
        from ghprov_testbeds.contract.openapi import contract

        if not documented(method, path):
            return []
        found = contract().validate_response(method, path, status, body, version or DEFAULT_API_VERSION)
        described = [f"{method} {path} → {status}: {problem}" for problem in found]
        if described:
            with self._lock:
                self.problems.extend(described)
        return described
