"""A faithful local GitHub API emulator: ``Sandbox.start(...)`` in process, ``ghprov sandbox serve``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ghprov_testbeds.sandbox.runtime import Sandbox

__all__ = ["Sandbox"]


def __getattr__(name: str) -> Any:
    # Lazy, so that ``import ghprov_testbeds.sandbox.state`` (used by the GraphQL executor) stays cheap.
    if name == "Sandbox":
        from ghprov_testbeds.sandbox.runtime import Sandbox

        return Sandbox
    raise AttributeError(name)
