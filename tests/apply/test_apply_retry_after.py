"""Apply through the real client: one write schedule, and GitHub's Retry-After reaching the executor."""

from __future__ import annotations

import pytest
from apply_fakes import FakeClock
from apply_writes import live_ids
from pytest_httpx2 import HTTPXMock

from ghprov.apply import ApplyOptions, execute
from ghprov.github.client import GitHubClient
from ghprov.model import LiveOrganization, Organization
from ghprov.plan.changes import Action, Change, Kind, Plan

API = "https://api.github.com"
SECONDARY = {"message": "You have exceeded a secondary rate limit. Please wait a few minutes and try again."}


def membership(login: str) -> Change:
    return Change(Kind.ORGANIZATION_MEMBERSHIP, Action.CREATE, (login,), desired="member")


def live() -> LiveOrganization:
    return LiveOrganization(state=Organization(organization="acme"), ids=live_ids())


def client(clock: FakeClock, write_interval: float = 1.0) -> GitHubClient:
    return GitHubClient(
        "ghp_secret_token_value",
        api_url=API,
        write_interval_seconds=write_interval,
        sleep=clock.sleep,
        clock=clock,
        interactive=False,
    )


def test_retry_after_outlasting_the_clients_retries_is_held_by_apply(httpx2_mock: HTTPXMock) -> None:
    clock = FakeClock()
    url = f"{API}/orgs/acme/memberships/a"
    # Five refusals use up the client's attempts; the executor then holds the write for the Retry-After.
    for _ in range(5):
        httpx2_mock.add_response(
            method="PUT", url=url, status_code=403, headers={"Retry-After": "42"}, json=SECONDARY
        )
    httpx2_mock.add_response(method="PUT", url=url, json={"state": "pending", "role": "member"})
    with client(clock) as github:
        report = execute(Plan("acme", [membership("a")]), live(), github, ApplyOptions(sleep=clock.sleep))
    assert report.ok and report.writes == 1 and report.retries == 1
    assert [request.method for request in httpx2_mock.get_requests()] == ["PUT"] * 6
    # Four waits inside the client, then the executor's hold of the write schedule: all GitHub's 42 s.
    assert clock.sleeps == [42.0] * 5
    assert github.stats.retries == 4


def test_one_write_schedule_apply_widens_the_clients_gap_and_never_doubles_it(
    httpx2_mock: HTTPXMock,
) -> None:
    clock = FakeClock()
    answer = {"state": "active", "role": "member"}
    for login in "abc":
        httpx2_mock.add_response(method="PUT", url=f"{API}/orgs/acme/memberships/{login}", json=answer)
    plan = Plan("acme", [membership(login) for login in "abc"])
    with client(clock, write_interval=0) as github:
        report = execute(plan, live(), github, ApplyOptions(write_interval=1.5, sleep=clock.sleep))
        assert github.pacer.interval == 1.5
    assert report.ok and report.writes == 3
    # One gap between consecutive writes (not one from the client and another from apply).
    assert clock.sleeps == [1.5, 1.5]


@pytest.mark.parametrize("retry_after", ["0", "soon"])
def test_without_a_usable_retry_after_apply_backs_off_from_githubs_minute(
    httpx2_mock: HTTPXMock, retry_after: str
) -> None:
    clock = FakeClock()
    url = f"{API}/orgs/acme/memberships/a"
    for _ in range(5):
        httpx2_mock.add_response(
            method="PUT", url=url, status_code=429, headers={"Retry-After": retry_after}, json=SECONDARY
        )
    httpx2_mock.add_response(method="PUT", url=url, json={"state": "pending", "role": "member"})
    with client(clock, write_interval=0) as github:
        report = execute(
            Plan("acme", [membership("a")]), live(), github, ApplyOptions(sleep=clock.sleep, write_interval=0)
        )
    assert report.ok and report.retries == 1
    assert clock.sleeps[-1] == 60.0
