"""The only door to GitHub: REST, pagination and GraphQL over one httpx2 client.

ghprov owns retries, throttling and rate limits: 5xx and transport errors back off exponentially
(a refused connection is retried once, quickly: nobody is listening), secondary limits honour
``retry-after``, an exhausted primary limit is waited out when its reset is near and reported
otherwise. Writes are spaced by the client's ``Pacer``. A client built ``read_only`` refuses every
write before a byte leaves the process.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx2
import structlog
from tenacity import RetryCallState, Retrying, retry_if_exception_type, wait_exponential

from ghprov.errors import GitHubApiError, RateLimitExhausted, ReadOnlyViolation
from ghprov.github import ratelimit
from ghprov.github.auth import StaticToken, as_auth, build_auth
from ghprov.github.failures import api_error
from ghprov.github.graphql import GraphQLResult, is_read_only_document, problems_of, query_cost
from ghprov.github.pacing import Pacer
from ghprov.github.transport import graphql_url, open_http
from ghprov.github.waiting import RetryWaits
from ghprov.github.wire import ApiResponse, ClientStats, decode, list_items
from ghprov.settings import Settings

__all__ = ["ApiResponse", "ClientStats", "GitHubClient"]

log = structlog.get_logger("ghprov.github")

READ_METHODS = frozenset({"GET", "HEAD"})
PER_PAGE = 100
# A refused connection means nothing listens there: one quick retry covers a server that is just
# restarting, more only delay the error.
CONNECT_ATTEMPTS = 2


def _refused(error: BaseException) -> bool:
    """True when a refused connection is among the causes (httpx2 wraps the socket's error twice)."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


class _Retryable(Exception):
    """A failed attempt worth repeating; ``wait`` overrides the back-off, ``attempts`` the limit."""

    def __init__(
        self,
        error: GitHubApiError,
        reason: str,
        wait: float | None = None,
        headers: Mapping[str, str] | None = None,
        attempts: int | None = None,
    ) -> None:
        super().__init__(error.message)
        self.error = error
        self.reason = reason
        self.wait = wait
        self.headers = headers
        self.attempts = attempts


class GitHubClient:
    """REST and GraphQL access to one GitHub (github.com, GHES or the sandbox)."""

    def __init__(
        self,
        auth: httpx2.Auth | StaticToken | str | None,
        *,
        api_url: str = "https://api.github.com",
        api_version: str = "2022-11-28",
        read_only: bool = False,
        max_read_concurrency: int = 8,
        rate_limit_wait_max_seconds: float = 300.0,
        write_interval_seconds: float = 1.0,
        request_timeout: float = 30.0,
        max_attempts: int = 5,
        retry_backoff_seconds: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
        interactive: bool | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.read_only = read_only
        self.stats = ClientStats()
        # One more connection than readers, so a write never waits for a pooled read connection.
        self._http = open_http(
            self.api_url,
            api_version=api_version,
            auth=as_auth(auth),
            timeout=request_timeout,
            connections=max_read_concurrency + 1,
        )
        self._graphql_url = graphql_url(self.api_url)
        self._rate_limit_wait_max = rate_limit_wait_max_seconds
        self._max_attempts = max_attempts
        self._clock = clock
        self._read_slots = threading.BoundedSemaphore(max_read_concurrency)
        self._stats_lock = threading.Lock()
        self.pacer = Pacer(write_interval_seconds, clock, sleep)
        self._waits = RetryWaits(sleep, clock, interactive=interactive)
        # Waits of 1x, 2x, 4x ... the base between retries of 5xx and connection errors, capped at 8 s.
        self._backoff = wait_exponential(multiplier=retry_backoff_seconds, max=8)

    @classmethod
    def from_settings(cls, settings: Settings, *, read_only: bool, **options: Any) -> GitHubClient:
        """A client for the configured credentials and limits."""
        return cls(
            build_auth(settings),
            api_url=settings.api_url,
            api_version=settings.api_version,
            read_only=read_only,
            max_read_concurrency=settings.max_read_concurrency,
            rate_limit_wait_max_seconds=settings.rate_limit_wait_max_seconds,
            write_interval_seconds=settings.write_interval_seconds,
            request_timeout=settings.request_timeout,
            retry_backoff_seconds=settings.retry_backoff_seconds,
            **options,
        )

    def close(self) -> None:
        """Close every HTTP connection this client opened."""
        self._http.close()

    def __enter__(self) -> GitHubClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- REST ------------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> ApiResponse:
        """Send one REST request; raises ``GitHubApiError`` for status >= 400 after retries."""
        method = method.upper()
        if self.read_only and method not in READ_METHODS:
            raise ReadOnlyViolation(
                f"refused {method} {path}: this command uses a read-only GitHub client",
                hint="only `ghprov apply` changes GitHub",
            )
        return self._with_retries(method, path, dict(params or {}), body, dict(headers or {}), graphql=False)

    def paginate(self, path: str, params: Mapping[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a list endpoint, following ``Link: rel="next"`` 100 items at a time.

        Endpoints that wrap their list in an object (``{"total_count": n, "custom_roles": [...]}``)
        yield the items of that list.
        """
        page_params: dict[str, Any] = {"per_page": PER_PAGE, **(params or {})}
        next_path: str | None = path
        while next_path is not None:
            response = self.request("GET", next_path, params=page_params)
            yield from list_items(response.json)
            next_url = response.links.get("next")
            next_path = self._relative(next_url) if next_url else None
            # The next link already carries every query parameter.
            page_params = {}

    def _relative(self, url: str) -> str:
        parsed = urllib.parse.urlparse(url)
        prefix = urllib.parse.urlparse(self.api_url).path.rstrip("/")
        path = parsed.path[len(prefix) :] if prefix and parsed.path.startswith(prefix) else parsed.path
        return f"{path}?{parsed.query}" if parsed.query else path

    # -- GraphQL ---------------------------------------------------------------------------------

    def graphql(self, query: str, variables: Mapping[str, Any]) -> dict[str, Any]:
        """The ``data`` of a GraphQL request; ``errors`` raise ``GitHubApiError`` with GitHub's messages."""
        result = self.graphql_result(query, variables)
        if result.problems:
            messages = tuple(str(problem) for problem in result.problems)
            not_found = any(problem.type == "NOT_FOUND" for problem in result.problems)
            raise GitHubApiError(
                404 if not_found else 400,
                result.problems[0].message,
                method="POST",
                path="/graphql",
                hint=(
                    "Check the organisation name and that the token can see it."
                    if not_found
                    else "GitHub refused part of a GraphQL query; the messages say which."
                ),
                errors=messages if len(messages) > 1 else (),
            )
        return result.data

    def graphql_result(self, query: str, variables: Mapping[str, Any]) -> GraphQLResult:
        """``data`` and ``errors`` of a GraphQL request, for callers that handle partial results."""
        if self.read_only and not is_read_only_document(query):
            raise ReadOnlyViolation(
                "refused a GraphQL document that is not a plain query: this command uses a read-only client",
                hint="only `ghprov apply` changes GitHub",
            )
        response = self._with_retries(
            "POST", self._graphql_url, {}, {"query": query, "variables": dict(variables)}, {}, graphql=True
        )
        payload = response.json if isinstance(response.json, dict) else {}
        data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
        assert isinstance(data, dict)
        with self._stats_lock:
            self.stats.graphql_points += query_cost(data)
        return GraphQLResult(data=data, problems=problems_of(payload))

    # -- sending ---------------------------------------------------------------------------------

    def _with_retries(
        self,
        method: str,
        path: str,
        params: dict[str, Any],
        body: Any,
        headers: dict[str, str],
        *,
        graphql: bool,
    ) -> ApiResponse:
        retrying = Retrying(
            retry=retry_if_exception_type(_Retryable),
            stop=self._stop,
            wait=self._wait_for,
            sleep=lambda _: None,  # the wait happens in before_sleep, where the request is known
            before_sleep=self._before_retry,
            reraise=True,
        )
        try:
            for attempt in retrying:
                with attempt:
                    return self._send_once(method, path, params, body, headers, graphql=graphql)
        except _Retryable as final:
            raise final.error from None
        raise AssertionError("tenacity returned without an outcome")  # pragma: no cover

    def _stop(self, state: RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome is not None else None
        limit = error.attempts if isinstance(error, _Retryable) and error.attempts else self._max_attempts
        return state.attempt_number >= min(limit, self._max_attempts)

    def _wait_for(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome is not None else None
        if isinstance(error, _Retryable) and error.wait is not None:
            return error.wait
        if isinstance(error, _Retryable) and error.headers is not None:
            return ratelimit.secondary_wait(error.headers, state.attempt_number)
        return float(self._backoff(state))

    def _before_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome is not None else None
        with self._stats_lock:
            self.stats.retries += 1
        assert isinstance(error, _Retryable)
        self._waits.wait(
            state.upcoming_sleep,
            reason=error.reason,
            status=error.error.status,
            method=error.error.method,
            path=error.error.path,
            attempt=state.attempt_number,
        )

    def _send_once(
        self,
        method: str,
        path: str,
        params: dict[str, Any],
        body: Any,
        headers: dict[str, str],
        *,
        graphql: bool,
    ) -> ApiResponse:
        display_path = "/graphql" if graphql else path.split("?")[0]
        if method not in READ_METHODS and not graphql:
            with self.pacer.turn():
                return self._exchange(method, path, params, body, headers, display_path, graphql)
        with self._read_slots:
            return self._exchange(method, path, params, body, headers, display_path, graphql)

    def _exchange(
        self,
        method: str,
        path: str,
        params: dict[str, Any],
        body: Any,
        headers: dict[str, str],
        display_path: str,
        graphql: bool,
    ) -> ApiResponse:
        started = time.monotonic()
        with self._stats_lock:
            if graphql:
                self.stats.graphql_requests += 1
            else:
                self.stats.rest_requests += 1
                self.stats.rest_by_method[method] += 1
        try:
            response = self._http.request(
                method, path, params=params or None, json=body, headers=headers or None
            )
        except httpx2.TransportError as error:
            raise self._unreachable(error, method, display_path) from error
        response_headers = {key.lower(): value for key, value in response.headers.items()}
        log.debug(
            "github.request",
            method=method,
            path=display_path,
            status=response.status_code,
            duration_ms=round((time.monotonic() - started) * 1000, 1),
        )
        payload = decode(response.text)
        if response.status_code >= 400:
            self._raise_for(response.status_code, response_headers, payload, method, display_path)
        if graphql:
            self._check_graphql_limits(response_headers, payload, display_path)
        links = {str(rel): link["url"] for rel, link in response.links.items() if link.get("url")}
        return ApiResponse(status=response.status_code, headers=response_headers, json=payload, links=links)

    def _unreachable(self, error: httpx2.TransportError, method: str, path: str) -> _Retryable:
        failure = GitHubApiError(
            0,
            f"could not reach {self.api_url} ({type(error).__name__})",
            method=method,
            path=path,
            hint="Check GHPROV_API_URL and the network; the request was retried before giving up.",
        )
        if _refused(error):
            return _Retryable(failure, "connection refused", attempts=CONNECT_ATTEMPTS)
        return _Retryable(failure, "connection error")

    def _raise_for(self, status: int, headers: dict[str, str], payload: Any, method: str, path: str) -> None:
        error = api_error(status, payload, headers, method, path)
        throttle = ratelimit.classify(status, headers, error.github_message)
        if throttle is ratelimit.Throttle.SECONDARY:
            raise _Retryable(error, "secondary rate limit", headers=headers)
        if throttle is ratelimit.Throttle.PRIMARY:
            raise _Retryable(error, "primary rate limit", self._primary_wait(headers))
        if status >= 500:
            raise _Retryable(error, "server error")
        raise error

    def _check_graphql_limits(self, headers: dict[str, str], payload: Any, path: str) -> None:
        # GraphQL reports an exhausted primary limit as a 200 with an error of type RATE_LIMITED.
        if any(problem.type == "RATE_LIMITED" for problem in problems_of(payload)):
            error = GitHubApiError(
                403, "API rate limit exceeded (GraphQL)", method="POST", path=path, hint="Wait for the reset."
            )
            raise _Retryable(error, "primary rate limit", self._primary_wait(headers))

    def _primary_wait(self, headers: Mapping[str, str]) -> float:
        reset = ratelimit.reset_at(headers)
        wait = ratelimit.SECONDARY_DEFAULT_WAIT if reset is None else max(0.0, reset - self._clock()) + 1.0
        if wait > self._rate_limit_wait_max:
            when = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(reset if reset is not None else 0))
            raise RateLimitExhausted(
                f"GitHub's primary rate limit is used up until {when} ({round(wait)} s from now)",
                hint=(
                    "Run again after the reset, use a token with a higher limit (a GitHub App installation), "
                    "or raise GHPROV_RATE_LIMIT_WAIT_MAX_SECONDS to wait for it."
                ),
            )
        return wait
