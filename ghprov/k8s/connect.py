"""Clients for the configured clusters: kubeconfig files and contexts (exec plugins, TLS) or in-cluster."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
from lightkube import Client, KubeConfig
from lightkube.core.exceptions import ConfigError as LightkubeConfigError

from ghprov.k8s.errors import ErrorClass, KubernetesError
from ghprov.k8s.requestlog import logged_transport

FIELD_MANAGER = "ghprov"


@dataclass(frozen=True)
class ClusterAccess:
    """How to reach one cluster: a kubeconfig context, or the pod's service account."""

    name: str
    context: str | None = None
    kubeconfig: Path | None = None
    in_cluster: bool = False

    def describe(self) -> str:
        """What a report shows for this cluster's connection (never credentials)."""
        if self.in_cluster:
            return "in-cluster"
        return self.context or "(current context)"


def default_kubeconfig() -> Path:
    """``$KUBECONFIG`` (its first entry) or ``~/.kube/config``, as kubectl finds it."""
    env = os.environ.get("KUBECONFIG", "")
    first = next((part for part in env.split(os.pathsep) if part), "")
    return Path(first).expanduser() if first else Path.home() / ".kube" / "config"


@functools.lru_cache(maxsize=32)
def _load_kubeconfig(path: Path, modified_ns: int) -> KubeConfig:
    # Keyed by modification time too, so a rewritten kubeconfig is read again.
    return KubeConfig.from_file(path)


def connect(access: ClusterAccess, *, timeout: float = 15.0) -> Client:
    """A lightkube client for ``access``; raises ``KubernetesError`` (class kubeconfig) when it cannot."""
    try:
        if access.in_cluster:
            config = KubeConfig.from_service_account()
            single = config.get()
        else:
            path = (access.kubeconfig or default_kubeconfig()).expanduser()
            if not path.is_file():
                raise KubernetesError(
                    access.name,
                    ErrorClass.CONFIG,
                    f"kubeconfig {path} does not exist",
                    "set the cluster's kubeconfig in the rotation file, or KUBECONFIG",
                )
            config = _load_kubeconfig(path.resolve(), path.stat().st_mtime_ns)
            if access.context is not None and access.context not in config.contexts:
                raise KubernetesError(
                    access.name,
                    ErrorClass.CONFIG,
                    f"context {access.context!r} is not in kubeconfig {path}",
                    "known contexts: " + ", ".join(sorted(config.contexts)),
                )
            single = config.get(context_name=access.context)
        if single is None or single.user is None:
            raise KubernetesError(access.name, ErrorClass.CONFIG, "the kubeconfig names no usable context")
        return Client(
            config=single,
            timeout=httpx2.Timeout(timeout),
            field_manager=FIELD_MANAGER,
            trust_env=False,
            transport=logged_transport(single, access.name),
        )
    except KubernetesError:
        raise
    except (LightkubeConfigError, OSError, ValueError, KeyError) as error:
        raise KubernetesError(
            access.name, ErrorClass.CONFIG, f"cannot load Kubernetes credentials: {_describe(error)}"
        ) from None


def _describe(error: Exception) -> str:
    """What went wrong loading credentials, in words (a file problem names the file, not an errno)."""
    if isinstance(error, OSError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror.lower()}{where}"
    if isinstance(error, KeyError):
        return f"missing key {error.args[0]!r}"
    return str(error) or type(error).__name__


def untyped(client: Client) -> Any:
    """The client without its overloads: lightkube types generic (dict-shaped) resources loosely."""
    return client
