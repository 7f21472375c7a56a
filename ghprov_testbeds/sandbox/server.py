"""The HTTP front of the sandbox: one pipeline applying GitHub's cross-cutting behaviour to every request.

Order, as GitHub's edge does it: faults and latency, authentication, secondary limits
(concurrency, write rate), primary limit, routing, request validation, the handler, then
conditional-request (ETag) handling, rate-limit charging, headers, and the request log.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import socket
import struct
import threading
import time
import traceback
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ghprov_testbeds.sandbox.fidelity import ResponseAudit, check_request, documented
from ghprov_testbeds.sandbox.limits import (
    PRIMARY_DOCS,
    SECONDARY_DOCS,
    SECONDARY_MESSAGE,
    FaultInjector,
    RateLimits,
)
from ghprov_testbeds.sandbox.origin import GHES_PREFIX, request_base_url
from ghprov_testbeds.sandbox.settings import SandboxSettings
from ghprov_testbeds.sandbox.state import GitHubState, Identity
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, Router

GRAPHQL_PATHS = ("/graphql", "/api/graphql")
UNCHARGED = ("/rate_limit",)
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


@dataclass
class LoggedRequest:
    """One request as the sandbox saw it; ``identity`` is the login (or App slug) it authenticated as."""

    method: str
    path: str
    query: dict[str, str]
    status: int
    identity: str
    token_name: str
    body: Any
    at: float

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS


class SandboxApp:
    """Turns raw HTTP requests into responses against the shared state."""

    def __init__(self, state: GitHubState, settings: SandboxSettings, router: Router) -> None:
        self.state = state
        self.settings = settings
        self.router = router
        self.limits = RateLimits(settings)
        self.audit = ResponseAudit()
        self.log: list[LoggedRequest] = []
        self.base_url = ""
        self._faults = FaultInjector(settings.faults)
        self._log_lock = threading.Lock()
        self.internal_errors: list[str] = []

    def fault(self) -> str | None:
        if self._faults.spec != self.settings.faults:
            self._faults = FaultInjector(self.settings.faults)
        return self._faults.draw()

    def respond(
        self, method: str, raw_path: str, headers: dict[str, str], data: bytes
    ) -> tuple[Response, LoggedRequest]:
        """The full pipeline for one request (everything except faults and latency)."""
        split = urlsplit(raw_path)
        path = split.path
        ghes = path.startswith(GHES_PREFIX + "/") or path == GHES_PREFIX
        if ghes:
            path = path[len(GHES_PREFIX) :] or "/"
        base_url = request_base_url(headers, self.base_url, ghes_prefix=ghes)
        if len(path) > 1:
            path = path.rstrip("/")
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        entry = LoggedRequest(method, path, query, 0, "", "", None, time.time())
        try:
            entry.body = json.loads(data) if data.strip() else None
        except ValueError:
            return self._finish(entry, ApiError(400, "Problems parsing JSON").body(), 400, {})
        try:
            response = self._authenticated(method, path, query, headers, entry, base_url)
        except ApiError as error:
            response = Response(error.status, error.body(), error.headers)
        except Exception as exc:  # a sandbox bug: answer like GitHub's 500 and keep it for the tests
            self.internal_errors.append(f"{method} {path}: {traceback.format_exc()}")
            response = Response(500, ApiError(500, f"Internal sandbox error: {exc!r}").body())
        return self._finish(entry, response.body, response.status, response.headers)

    def _authenticated(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        entry: LoggedRequest,
        base_url: str,
    ) -> Response:
        identity = self._identify(headers.get("authorization", ""))
        token = self.state.tokens[identity.token]
        entry.identity, entry.token_name = identity.login, token.name
        extra = self._token_headers(identity)
        if not self.limits.enter(identity.token):
            self.limits.leave(identity.token)
            raise ApiError(
                403, SECONDARY_MESSAGE, documentation_url=SECONDARY_DOCS, headers={"Retry-After": "60"}
            )
        try:
            # Latency is time spent inside GitHub, so the request counts as in flight meanwhile.
            if self.settings.latency_ms:
                time.sleep(self.settings.latency_ms / 1000)
            response = self._limited(method, path, query, headers, identity, entry, base_url)
        finally:
            self.limits.leave(identity.token)
        response.headers.update(extra)
        return response

    def _limited(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        identity: Identity,
        entry: LoggedRequest,
        base_url: str,
    ) -> Response:
        graphql = method == "POST" and path in GRAPHQL_PATHS
        resource = "graphql" if graphql else "core"
        bucket = self.limits.bucket(identity.token, resource)
        rate_headers = bucket.headers(resource)
        if path not in UNCHARGED and bucket.remaining <= 0:
            subject = self.state.users.get(identity.login)
            who = f"user ID {subject.id}" if subject else f"installation ID {identity.login}"
            error = ApiError(
                self.settings.rate_limit_status,
                f"API rate limit exceeded for {who}.",
                documentation_url=PRIMARY_DOCS,
            )
            error.headers.update(rate_headers)
            raise error
        if method in WRITE_METHODS and not graphql:
            wait = self.limits.admit_write(identity.token)
            if wait is not None:
                raise ApiError(
                    403,
                    SECONDARY_MESSAGE,
                    documentation_url=SECONDARY_DOCS,
                    headers={"Retry-After": str(wait)},
                )
        version = headers.get("x-github-api-version")
        if graphql:
            response = self._graphql(identity, entry.body)
        else:
            response = self._rest(method, path, query, headers, identity, entry.body, version, base_url)
        if method == "GET" and response.status == 200:
            tag = (
                'W/"'
                + hashlib.sha256(
                    (identity.token + json.dumps(response.body, sort_keys=True)).encode()
                ).hexdigest()
                + '"'
            )
            response.headers["ETag"] = tag
            if tag in [part.strip() for part in headers.get("if-none-match", "").split(",")]:
                # Conditional hits cost nothing against the primary limit (best-practices docs).
                return Response(
                    304, None, {"ETag": tag, **self.limits.bucket(identity.token, resource).headers(resource)}
                )
        if path not in UNCHARGED and not graphql:
            self.limits.charge(identity.token, resource)
        response.headers.update(self.limits.bucket(identity.token, resource).headers(resource))
        if self.settings.validate_responses and not graphql and 200 <= response.status < 300:
            problems = self.audit.check(method, path, response.status, response.body, version)
            if problems and self.settings.strict_responses:
                # A response GitHub's schema forbids is a sandbox bug: fail loudly, not silently.
                raise ApiError(500, "Sandbox response does not match GitHub's schema: " + "; ".join(problems))
        return response

    def _rest(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        identity: Identity,
        body: Any,
        version: str | None,
        base_url: str,
    ) -> Response:
        found = self.router.match(method, path)
        if found is None:
            raise ApiError(404, "Not Found")
        route, params = found
        if self.settings.validate_requests and documented(method, path):
            check_request(method, path, query, body, version)
        request = Request(
            method,
            path,
            query,
            headers,
            body,
            identity,
            self.state,
            self.settings,
            base_url,
            params,
            self.limits,
        )
        with self.state.lock:
            return route.handler(request)

    def _graphql(self, identity: Identity, body: Any) -> Response:
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            raise ApiError(400, "Problems parsing JSON", documentation_url="https://docs.github.com/graphql")
        try:
            graphql_api: Any = importlib.import_module("ghprov_testbeds.sandbox.graphql_api")
        except ImportError as exc:
            raise ApiError(500, f"GraphQL is not available in this sandbox: {exc}") from exc
        variables = body.get("variables") or {}
        with self.state.lock:
            # The executor charges the query's computed cost itself (GitHub's GraphQL points).
            result: dict[str, Any] = graphql_api.execute(
                self.state, identity, body["query"], variables, limits=self.limits
            )
        return Response(200, result)

    def _identify(self, authorization: str) -> Identity:
        scheme, _, token = authorization.strip().partition(" ")
        if not token or scheme.lower() not in ("bearer", "token"):
            raise ApiError(401, "Requires authentication", documentation_url="https://docs.github.com/rest")
        known = self.state.tokens.get(token.strip())
        if known is None and token.count(".") == 2:
            # A GitHub App's JWT: verified against the App's public keys (app_tokens.py).
            from ghprov_testbeds.sandbox.app_tokens import admit_jwt

            known = admit_jwt(self.state, token.strip())
        if known is None or (known.expires_at is not None and known.expires_at < time.time()):
            raise ApiError(401, "Bad credentials", documentation_url="https://docs.github.com/rest")
        return Identity(kind=known.kind, login=known.subject, token=token.strip())

    def _token_headers(self, identity: Identity) -> dict[str, str]:
        token = self.state.tokens[identity.token]
        if token.expires_at is None:
            return {}
        stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(token.expires_at))
        return {"GitHub-Authentication-Token-Expiration": stamp}

    def _finish(
        self, entry: LoggedRequest, body: Any, status: int, headers: dict[str, str]
    ) -> tuple[Response, LoggedRequest]:
        entry.status = status
        with self._log_lock:
            self.log.append(entry)
        return Response(status, body, headers), entry


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; with Nagle's algorithm the body waits for the client's
    # delayed ACK of the headers (about 40 ms on Linux), which made every request cost ~45 ms.
    disable_nagle_algorithm = True
    server: _Server

    def _serve(self) -> None:
        app = self.server.app
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        fault = app.fault()
        if fault == "reset":
            app.log.append(
                LoggedRequest(self.command, urlsplit(self.path).path, {}, 0, "", "", None, time.time())
            )
            self._reset()
            return
        if fault == "5xx":
            response = Response(
                502, {"message": "Server Error", "documentation_url": "https://docs.github.com/rest"}
            )
        else:
            headers = {key.lower(): value for key, value in self.headers.items()}
            response, _ = app.respond(self.command, self.path, headers, data)
        self._write(response)

    def _write(self, response: Response) -> None:
        payload = b"" if response.body is None else json.dumps(response.body).encode()
        self.send_response(response.status)
        if payload:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
        self.send_header("X-GitHub-Request-Id", uuid.uuid4().hex[:20].upper())
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _reset(self) -> None:
        # SO_LINGER 0 makes close() send a TCP RST: the client sees "connection reset by peer".
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            return

    def log_message(self, format: str, *args: Any) -> None:
        return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, app: SandboxApp) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.app = app

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Resets and clients hanging up are part of the emulation, not server errors worth a traceback.
        return


def serve(app: SandboxApp, port: int = 0) -> tuple[_Server, threading.Thread]:
    """Bind 127.0.0.1:port (0 = any free port) and serve in a daemon thread."""
    server = _Server(port, app)
    host, bound = server.server_address[:2]
    app.base_url = f"http://{host!s}:{bound}"
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"ghprov-sandbox-{bound}",
        daemon=True,
    )
    thread.start()
    return server, thread
