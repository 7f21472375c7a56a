"""The REST plumbing handlers share: requests, responses, GitHub's error bodies, routes and pagination."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlencode

from ghprov_testbeds.sandbox.limits import RateLimits
from ghprov_testbeds.sandbox.settings import SandboxSettings
from ghprov_testbeds.sandbox.state import GitHubState, Identity

DOCS = "https://docs.github.com/rest"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 30


class ApiError(Exception):
    """An error response in GitHub's body shape: ``message``, ``errors``, ``documentation_url``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        errors: Sequence[Any] | None = None,
        documentation_url: str = DOCS,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.errors = list(errors) if errors is not None else None
        self.documentation_url = documentation_url
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        body["documentation_url"] = self.documentation_url
        body["status"] = str(self.status)
        return body


def not_found(documentation_url: str = DOCS) -> ApiError:
    return ApiError(404, "Not Found", documentation_url=documentation_url)


def validation_failed(resource: str, field_name: str, code: str = "invalid", **extra: Any) -> ApiError:
    """GitHub's 422 ``Validation Failed`` with one ``errors`` entry."""
    entry: dict[str, Any] = {"resource": resource, "code": code, "field": field_name, **extra}
    return ApiError(422, "Validation Failed", errors=[entry])


def forbidden(message: str, documentation_url: str = DOCS) -> ApiError:
    return ApiError(403, message, documentation_url=documentation_url)


@dataclass
class Request:
    """One API request after authentication: what a handler needs to answer it."""

    method: str
    path: str
    query: dict[str, str]
    headers: Mapping[str, str]
    body: Any
    identity: Identity
    state: GitHubState
    settings: SandboxSettings
    base_url: str
    params: dict[str, str] = field(default_factory=dict)
    limits: RateLimits | None = None

    def json_object(self) -> dict[str, Any]:
        """The body as an object; a missing body reads as ``{}``."""
        if self.body is None:
            return {}
        if not isinstance(self.body, dict):
            raise ApiError(400, "Problems parsing JSON")
        return self.body

    def int_query(self, name: str, default: int) -> int:
        raw = self.query.get(name)
        if raw is None or raw == "":
            return default
        try:
            return int(raw)
        except ValueError as exc:
            raise validation_failed("Query", name) from exc


@dataclass
class Response:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Response]


@dataclass
class Route:
    method: str
    template: str
    pattern: re.Pattern[str]
    handler: Handler
    literal_weight: int


class RouteTable:
    """Routes by path template; ``{name+}`` matches several segments (branch names contain ``/``)."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            regex = "^" + re.sub(r"\\{(\w+)(\\\+)?\\}", _param_regex, re.escape(template)) + "$"
            weight = sum(len(part) for part in re.split(r"\{[^}]+\}", template))
            self.routes.append(Route(method, template, re.compile(regex), handler, weight))
            return handler

        return register

    def get(self, template: str) -> Callable[[Handler], Handler]:
        return self.add("GET", template)

    def post(self, template: str) -> Callable[[Handler], Handler]:
        return self.add("POST", template)

    def put(self, template: str) -> Callable[[Handler], Handler]:
        return self.add("PUT", template)

    def patch(self, template: str) -> Callable[[Handler], Handler]:
        return self.add("PATCH", template)

    def delete(self, template: str) -> Callable[[Handler], Handler]:
        return self.add("DELETE", template)


def _param_regex(match: re.Match[str]) -> str:
    name = match.group(1)
    return f"(?P<{name}>.+)" if match.group(2) else f"(?P<{name}>[^/]+)"


class Router:
    """Matches a method and path against several route tables, most specific template first."""

    def __init__(self, tables: Sequence[RouteTable]) -> None:
        routes = [route for table in tables for route in table.routes]
        seen: dict[tuple[str, str], Handler] = {}
        for route in routes:
            key = (route.method, route.template)
            if key in seen:
                # One handler per endpoint: a second one would silently win or lose by table order.
                raise ValueError(
                    f"{route.method} {route.template} is served by both {seen[key].__module__}."
                    f"{seen[key].__name__} and {route.handler.__module__}.{route.handler.__name__}"
                )
            seen[key] = route.handler
        self.routes = sorted(routes, key=lambda route: -route.literal_weight)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            if route.method != method:
                continue
            found = route.pattern.match(path)
            if found:
                return route, {name: unquote(value) for name, value in found.groupdict().items()}
        return None


def paginate(
    request: Request,
    items: Sequence[Any],
    *,
    default_per_page: int = DEFAULT_PER_PAGE,
    max_per_page: int = MAX_PER_PAGE,
) -> Response:
    """One page of ``items`` with GitHub's ``Link`` header (``per_page`` 30 by default, capped at 100;
    a few endpoints document other bounds)."""
    per_page = max(1, min(request.int_query("per_page", default_per_page), max_per_page))
    page = max(1, request.int_query("page", 1))
    last = max(1, -(-len(items) // per_page))
    chunk = list(items[(page - 1) * per_page : page * per_page])
    headers: dict[str, str] = {}
    links: list[str] = []

    def url(number: int) -> str:
        query = {**request.query, "per_page": str(per_page), "page": str(number)}
        return f"<{request.base_url}{request.path}?{urlencode(query)}>"

    if page < last:
        links += [f'{url(page + 1)}; rel="next"', f'{url(last)}; rel="last"']
    if page > 1:
        links += [f'{url(page - 1)}; rel="prev"', f'{url(1)}; rel="first"']
    if links:
        headers["Link"] = ", ".join(links)
    return Response(200, chunk, headers)
