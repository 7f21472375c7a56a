"""Helpers shared by the GitHub client and reader tests."""

from __future__ import annotations

API = "https://api.github.com"


class FakeClock:
    """Time that only moves when the client sleeps."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
