"""The read-only cluster client: reads pass through, every write raises before anything is sent."""

from __future__ import annotations

from typing import Any, cast

import pytest
from lightkube import Client

from ghprov.errors import ReadOnlyViolation
from ghprov.k8s.connect import ClusterAccess
from ghprov.k8s.readonly import WRITE_METHODS, read_only


class RecordingClient:
    """Stands in for lightkube's Client: records every call it receives."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        def call(*_: Any, **__: Any) -> str:
            self.calls.append(name)
            return f"{name} result"

        return call


def test_reads_pass_through_and_writes_never_reach_the_client() -> None:
    recorder = RecordingClient()
    client = read_only(lambda access: cast(Client, recorder))(ClusterAccess("staging", "staging"))
    assert client.get("Secret", "flux-apps") == "get result"  # type: ignore[call-overload]
    for method in sorted(WRITE_METHODS):
        with pytest.raises(ReadOnlyViolation, match=f"tried to {method} an object on cluster staging"):
            getattr(client, method)("anything")
    assert recorder.calls == ["get"]
