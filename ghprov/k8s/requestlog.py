"""``--verbose`` for Kubernetes: one debug line per request (cluster, method, path, status, duration).

The line is written by an HTTP transport wrapped around the one lightkube would build, so every
request is seen, whatever code sends it. It never logs headers (bearer tokens), bodies (Secret data)
or query strings: only the method, the URL path, the status and the time taken.
"""

from __future__ import annotations

import time

import httpx2
import structlog
from lightkube.config.client_adapter import verify_cluster
from lightkube.config.kubeconfig import SingleConfig

log = structlog.get_logger("ghprov.k8s")


class LoggedTransport(httpx2.BaseTransport):
    """Sends through ``inner`` and logs each exchange; failures are logged with status 0 and re-raised."""

    def __init__(self, inner: httpx2.BaseTransport, cluster: str) -> None:
        self._inner = inner
        self._cluster = cluster

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        started = time.monotonic()
        try:
            response = self._inner.handle_request(request)
        except httpx2.TransportError as error:
            self._log(request, 0, started, failure=type(error).__name__)
            raise
        self._log(request, response.status_code, started)
        return response

    def close(self) -> None:
        self._inner.close()

    def _log(self, request: httpx2.Request, status: int, started: float, failure: str | None = None) -> None:
        fields: dict[str, object] = {
            "cluster": self._cluster,
            "method": request.method,
            "path": request.url.path,
            "status": status,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
        }
        if failure is not None:
            fields["failure"] = failure
        log.debug("k8s.request", **fields)


def logged_transport(config: SingleConfig, cluster: str) -> LoggedTransport:
    """The transport lightkube would use for ``config`` (same TLS trust and client certificate), logged.

    ``config.user`` must be set (``connect`` checks it: lightkube cannot authenticate without one).
    """
    assert config.user is not None
    verify = verify_cluster(config.cluster, config.user, config.abs_file, trust_env=False)
    return LoggedTransport(httpx2.HTTPTransport(verify=verify, trust_env=False), cluster)
