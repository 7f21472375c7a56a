"""Read-only cluster access: for `tokens check` and `rotate --dry-run`, writes are impossible.

The guard sits on the client, not in the commands, so a code path added later cannot write by
mistake: any write method raises ``ReadOnlyViolation`` before a request is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, cast

from lightkube import Client

from ghprov.errors import ReadOnlyViolation
from ghprov.k8s.connect import ClusterAccess

WRITE_METHODS = frozenset({"create", "replace", "patch", "delete", "deletecollection", "apply"})


class ReadOnlyClient:
    """A lightkube client whose reads (get, list, watch, wait) pass through and writes raise."""

    def __init__(self, client: Client, cluster: str) -> None:
        self._client = client
        self._cluster = cluster

    def __getattr__(self, name: str) -> Any:
        if name in WRITE_METHODS:
            return self._refuse(name)
        return getattr(self._client, name)

    def _refuse(self, method: str) -> Callable[..., NoReturn]:
        def refuse(*_: Any, **__: Any) -> NoReturn:
            raise ReadOnlyViolation(
                f"a read-only command tried to {method} an object on cluster {self._cluster}; "
                "nothing was sent",
                hint="this is a bug in ghprov: please report it",
            )

        return refuse


def read_only(connector: Callable[[ClusterAccess], Client]) -> Callable[[ClusterAccess], Client]:
    """Wrap a connector so every client it gives is read-only."""

    def connect_read_only(access: ClusterAccess) -> Client:
        return cast(Client, ReadOnlyClient(connector(access), access.name))

    return connect_read_only
