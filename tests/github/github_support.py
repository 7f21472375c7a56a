"""Helpers shared by the GitHub client and reader tests."""

from __future__ import annotations

import pytest

API = "https://api.github.com"

# For modules using the mocked GitHub (``github_api``): registered answers are given in order, the
# last one again for any further request, and an answer never asked for is not an error.
GITHUB_MOCK = pytest.mark.httpx2_mock(
    assert_all_responses_were_requested=False, can_send_already_matched_responses=True
)


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
