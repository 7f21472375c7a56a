"""Test doubles for apply: a fake clock and a scripted, recording GitHub client."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.model import team_slug


class FakeClock:
    """A clock that only moves when something sleeps (or a request takes time)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    json: Any


@dataclass(frozen=True)
class Sent:
    method: str
    path: str
    body: Any
    at: float


def api_error(status: int, message: str, method: str = "", path: str = "") -> GitHubApiError:
    return GitHubApiError(status, message, method=method, path=path)


@dataclass
class FakeGitHub:
    """Records requests; answers from ``script`` ((METHOD, path) → outcomes, in order), else plausibly."""

    clock: FakeClock
    script: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    latency: float = 0.05
    sent: list[Sent] = field(default_factory=list)
    listings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    next_id: int = 500

    def request(
        self, method: str, path: str, *, params: Mapping[str, Any] | None = None, body: Any = None
    ) -> Response:
        self.sent.append(Sent(method, path, body, self.clock.now))
        self.clock.now += self.latency
        outcomes = self.script.get((method, path))
        if outcomes:
            outcome = outcomes.pop(0)
            if isinstance(outcome, Exception):
                raise outcome
            if callable(outcome):
                return Response(200, {}, outcome())
            return Response(200, {}, outcome)
        return Response(200 if method != "POST" else 201, {}, self._default(method, path, body))

    def paginate(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]:
        self.sent.append(Sent("GET", path, None, self.clock.now))
        yield from self.listings.get(path, [])

    def _default(self, method: str, path: str, body: Any) -> Any:
        self.next_id += 1
        if method == "POST" and path.endswith("/teams"):
            return {"id": self.next_id, "slug": team_slug(body["name"]), "name": body["name"]}
        if method == "PATCH" and re.fullmatch(r"/orgs/[^/]+/teams/[^/]+", path) and "name" in body:
            return {"id": self.next_id, "slug": team_slug(body["name"]), "name": body["name"]}
        if method == "POST" and path.endswith("/repos"):
            return {"id": self.next_id, "name": body["name"], "default_branch": "main"}
        if method == "POST" and path.endswith("/rulesets"):
            return {"id": self.next_id, "name": body["name"]}
        if method == "POST" and path.endswith("/custom-repository-roles"):
            return {"id": self.next_id, "name": body["name"]}
        if method == "GET" and "/git/ref/heads/" in path:
            return {"ref": "refs/heads/x", "object": {"type": "commit", "sha": "a" * 40}}
        return {}

    def writes(self) -> list[tuple[str, str, Any]]:
        return [(item.method, item.path, item.body) for item in self.sent if item.method != "GET"]

    def gets(self) -> list[str]:
        return [item.path for item in self.sent if item.method == "GET"]
