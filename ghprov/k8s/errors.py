"""Kubernetes failures as ``ghprov`` errors, classified so reports can say what went wrong.

Every failure of a request to an API server ends here, so a user reads one line in ghprov's words
("cluster prod-eu: update secret flux-system/flux-apps: API server answered 403: ...") and never an
exception's own text.
"""

from __future__ import annotations

import enum

import httpx2
from lightkube.core.exceptions import ApiError

from ghprov.errors import GhprovError


class ErrorClass(enum.StrEnum):
    """What kind of failure a cluster operation met; stable strings for JSON reports."""

    UNREACHABLE = "unreachable"
    FORBIDDEN = "forbidden"
    UNAUTHORIZED = "unauthorized"
    CONFLICT = "conflict"
    NOT_FOUND = "not-found"
    INVALID = "invalid"
    SERVER = "server-error"
    CONFIG = "kubeconfig"
    NOT_CONFIRMED = "not-confirmed"
    LOCKED = "locked"


class KubernetesError(GhprovError):
    """A request to one cluster failed; ``error_class`` says how."""

    def __init__(self, cluster: str, error_class: ErrorClass, message: str, hint: str = "") -> None:
        super().__init__(f"cluster {cluster}: {message}", hint)
        self.cluster = cluster
        self.error_class = error_class
        self.detail = message


_BY_STATUS = {
    401: ErrorClass.UNAUTHORIZED,
    403: ErrorClass.FORBIDDEN,
    404: ErrorClass.NOT_FOUND,
    409: ErrorClass.CONFLICT,
    422: ErrorClass.INVALID,
}
_HINTS = {
    401: "the cluster's credentials were refused: renew them in the kubeconfig",
    403: "grant the rotation identity this permission (see config/rotation/rbac.yaml)",
}


def status_class(code: int) -> ErrorClass:
    """The class of an HTTP error status from an API server."""
    return _BY_STATUS.get(code, ErrorClass.SERVER if code >= 500 else ErrorClass.INVALID)


def _transport_reason(error: httpx2.TransportError) -> str:
    """Why no answer came, in words; the exception's own text (errno, URL) stays out of reports."""
    text = str(error).lower()
    if isinstance(error, httpx2.TimeoutException):
        return "no answer in time"
    if "certificate" in text or "ssl" in text:
        return "its TLS certificate is not trusted"
    if "refused" in text:
        return "connection refused"
    if isinstance(error, httpx2.ConnectError):
        return "cannot connect"
    return "the connection broke off"


def classify(cluster: str, what: str, error: Exception) -> KubernetesError:
    """Turn a lightkube/httpx failure of ``what`` (e.g. "update secret flux-system/x") into a typed error."""
    if isinstance(error, KubernetesError):
        return error
    if isinstance(error, ApiError):
        code = error.status.code or error.response.status_code
        reason = error.status.message or error.status.reason or "no message"
        return KubernetesError(
            cluster, status_class(code), f"{what}: API server answered {code}: {reason}", _HINTS.get(code, "")
        )
    if isinstance(error, httpx2.HTTPStatusError):
        # Not a Kubernetes Status body: the path itself is unknown (e.g. an API group not installed).
        code = error.response.status_code
        message = f"{what}: API server answered {code} ({error.response.reason_phrase or 'error'})"
        return KubernetesError(cluster, status_class(code), message, _HINTS.get(code, ""))
    if isinstance(error, httpx2.TransportError):
        # Connection refused, TLS and timeout failures all mean "could not talk to the API server".
        return KubernetesError(
            cluster,
            ErrorClass.UNREACHABLE,
            f"{what}: API server unreachable ({_transport_reason(error)})",
            "check the cluster's kubeconfig server address and network access",
        )
    return KubernetesError(
        cluster,
        ErrorClass.SERVER,
        f"{what}: failed inside the Kubernetes client ({type(error).__name__})",
        "run again with --verbose to see the requests, and report this to ghprov",
    )
