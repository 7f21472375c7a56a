"""Kubernetes failures as ``ghprov`` errors, classified so reports can say what went wrong."""

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


def classify(cluster: str, what: str, error: Exception) -> KubernetesError:
    """Turn a lightkube/httpx failure of ``what`` (e.g. "update secret flux-system/x") into a typed error."""
    if isinstance(error, KubernetesError):
        return error
    if isinstance(error, ApiError):
        code = error.status.code or 0
        reason = error.status.message or error.status.reason or "no message"
        error_class = {
            401: ErrorClass.UNAUTHORIZED,
            403: ErrorClass.FORBIDDEN,
            404: ErrorClass.NOT_FOUND,
            409: ErrorClass.CONFLICT,
            422: ErrorClass.INVALID,
        }.get(code, ErrorClass.SERVER if code >= 500 else ErrorClass.INVALID)
        hint = (
            "grant the rotation identity this permission (see config/rotation/rbac.yaml)"
            if code == 403
            else ""
        )
        return KubernetesError(cluster, error_class, f"{what}: API server answered {code}: {reason}", hint)
    if isinstance(error, httpx2.TransportError):
        # Connection refused, TLS and timeout failures all mean "could not talk to the API server".
        return KubernetesError(
            cluster,
            ErrorClass.UNREACHABLE,
            f"{what}: API server unreachable ({type(error).__name__}: {error})",
            "check the cluster's kubeconfig server address and network access",
        )
    return KubernetesError(cluster, ErrorClass.SERVER, f"{what}: {type(error).__name__}: {error}")
