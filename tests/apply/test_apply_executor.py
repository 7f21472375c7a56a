"""The executor against a scripted GitHub: order, pacing, retries, partial failure, learned ids."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from apply_fakes import FakeClock, FakeGitHub, api_error
from apply_writes import live_ids
from rich.console import Console

from ghprov.apply import ApplyOptions, Status, execute, render_json, render_text
from ghprov.errors import RateLimitExhausted, ReadOnlyViolation
from ghprov.model import BypassActor, LiveOrganization, Organization, Repository, Ruleset, Team
from ghprov.plan.changes import Action, Change, Kind, Plan
from ghprov.plan.ordering import resolve_dependencies


def planned(changes: list[Change]) -> Plan:
    """A plan of ``changes`` with the dependencies the plan engine computes for them."""
    return Plan("acme", resolve_dependencies(changes))


def live(viewer: str = "") -> LiveOrganization:
    return LiveOrganization(state=Organization(organization="acme"), ids=live_ids(), viewer=viewer)


def options(clock: FakeClock, **overrides: object) -> ApplyOptions:
    return ApplyOptions(clock=clock, sleep=clock.sleep, **overrides)  # type: ignore[arg-type]


def membership(login: str, role: str = "member") -> Change:
    return Change(Kind.ORGANIZATION_MEMBERSHIP, Action.CREATE, (login,), desired=role)


def team(name: str, **fields: object) -> Change:
    return Change(Kind.TEAM, Action.CREATE, (name,), desired=Team.model_validate(fields))


def test_writes_are_serialised_and_spaced_by_the_interval() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock, latency=0.2)
    plan = planned([membership(login) for login in ("a", "b", "c", "d")])
    report = execute(plan, live(), github, options(clock, write_interval=1.5))
    starts = [sent.at for sent in github.sent]
    assert len(starts) == 4
    # Each write starts at least the interval after the previous one finished.
    assert all(later - earlier >= 1.5 + 0.2 for earlier, later in pairwise(starts))
    assert report.ok and report.writes == report.planned_writes == 4
    assert [result.status for result in report.results] == [Status.DONE] * 4


def test_pacing_holds_after_a_client_side_retry_after_wait() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock, latency=0.0)

    def slow_answer() -> dict[str, str]:
        # The client slept through a Retry-After of 30 s inside this call.
        clock.now += 30
        return {}

    github.script[("PUT", "/orgs/acme/memberships/a")] = [slow_answer]
    execute(planned([membership("a"), membership("b")]), live(), github, options(clock))
    first, second = github.sent
    assert second.at - (first.at + 30) >= 1.0


def test_secondary_limit_reaching_apply_waits_retry_after_then_retries() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    limited = api_error(403, "You have exceeded a secondary rate limit. Please wait a few minutes.")
    limited.retry_after = 42  # type: ignore[attr-defined]
    github.script[("PUT", "/orgs/acme/memberships/a")] = [limited]
    report = execute(planned([membership("a"), membership("b")]), live(), github, options(clock))
    assert [(sent.method, sent.path) for sent in github.sent] == [
        ("PUT", "/orgs/acme/memberships/a"),
        ("PUT", "/orgs/acme/memberships/a"),
        ("PUT", "/orgs/acme/memberships/b"),
    ]
    assert github.sent[1].at - github.sent[0].at >= 42
    assert report.ok and report.writes == 2 and report.retries == 1


def test_secondary_limit_without_retry_after_waits_a_minute_doubling() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock, latency=0.0)
    github.script[("PUT", "/orgs/acme/memberships/a")] = [api_error(429, "Too many requests")] * 3
    report = execute(planned([membership("a")]), live(), github, options(clock))
    assert [round(b.at - a.at) for a, b in pairwise(github.sent)] == [60, 120]
    assert report.results[0].status is Status.FAILED
    assert report.results[0].message == "GitHub returned 429 for Too many requests"


def test_write_depending_on_a_new_team_is_retried_through_eventual_consistency() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("PUT", "/orgs/acme/teams/ops/memberships/alice")] = [
        api_error(404, "Not Found"),
        api_error(422, "Validation Failed"),
    ]
    grant = Change(Kind.TEAM_MEMBERSHIP, Action.CREATE, ("ops", "alice"), desired="member")
    report = execute(planned([team("ops"), grant]), live(), github, options(clock))
    assert report.ok
    assert report.writes == 2 and report.retries == 2
    # The pacing gap, then backoffs of 1 s and 2 s (the paced gap already elapsed during them).
    assert clock.sleeps == pytest.approx([1.0, 1.0, 2.0])


def test_eventual_consistency_retries_are_bounded() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("PUT", "/orgs/acme/teams/ops/memberships/alice")] = [api_error(404, "Not Found")] * 9
    grant = Change(Kind.TEAM_MEMBERSHIP, Action.CREATE, ("ops", "alice"), desired="member")
    report = execute(planned([team("ops"), grant]), live(), github, options(clock))
    assert len([sent for sent in github.sent if sent.path.endswith("/alice")]) == 5
    assert report.results[1].status is Status.FAILED


def test_404_on_an_existing_resource_is_not_retried() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("PUT", "/orgs/acme/teams/platform-team/memberships/zed")] = [api_error(404, "Not Found")]
    grant = Change(Kind.TEAM_MEMBERSHIP, Action.CREATE, ("platform-team", "zed"), desired="member")
    report = execute(planned([grant]), live(), github, options(clock))
    assert len(github.sent) == 1
    assert report.results[0].status is Status.FAILED


def test_partial_failure_skips_dependents_and_continues_with_the_rest() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("POST", "/orgs/acme/teams")] = [api_error(422, "Name must be unique for this org")]
    plan = planned(
        [
            team("ops"),
            team("ops-child", parent="ops"),
            team("docs"),
            Change(Kind.TEAM_MEMBERSHIP, Action.CREATE, ("ops", "alice"), desired="member"),
            Change(Kind.TEAM_MEMBERSHIP, Action.CREATE, ("docs", "bob"), desired="maintainer"),
            Change(Kind.TEAM_REPOSITORY, Action.CREATE, ("ops-child", "d1-apps"), desired="write"),
        ],
    )
    report = execute(plan, live(), github, options(clock))
    outcome = [(result.address, result.status.value, result.message) for result in report.results]
    assert outcome == [
        ("team:ops", "failed", "GitHub returned 422 for Name must be unique for this org"),
        ("team:ops-child", "skipped", "depends on team:ops, which failed"),
        ("team:docs", "done", ""),
        ("team_membership:ops/alice", "skipped", "depends on team:ops, which failed"),
        ("team_membership:docs/bob", "done", ""),
        ("team_repository:ops-child/d1-apps", "skipped", "depends on team:ops-child, which was skipped"),
    ]
    assert report.exit_code == 1
    assert report.summary() == "2 done, 1 failed, 3 skipped; 3 writes, 0 retries, 0 lookups"


def test_declared_dependencies_are_honoured() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("PUT", "/orgs/acme/memberships/a")] = [api_error(403, "Forbidden")]
    second = Change(
        Kind.ORGANIZATION_MEMBERSHIP, Action.CREATE, ("b",), desired="member", depends_on=("a-x",)
    )
    third = Change(
        Kind.ORGANIZATION_MEMBERSHIP,
        Action.CREATE,
        ("c",),
        desired="member",
        depends_on=("organization_membership:a",),
    )
    report = execute(planned([membership("a"), second, third]), live(), github, options(clock))
    assert [result.status for result in report.results] == [Status.FAILED, Status.DONE, Status.SKIPPED]


def test_ids_learned_from_creates_feed_later_requests_without_lookups() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("POST", "/orgs/acme/teams")] = [
        {"id": 900, "slug": "release-crew"},
        {"id": 901, "slug": "release-crew-child"},
    ]
    github.script[("POST", "/repos/acme/d1-apps/rulesets")] = [{"id": 333}]
    ruleset = Ruleset(bypass_actors=[BypassActor(team="Release Crew")])
    plan = planned(
        [
            team("Release Crew", privacy="closed"),
            team("Release Crew Child", parent="Release Crew"),
            Change(Kind.REPOSITORY_RULESET, Action.CREATE, ("d1-apps", "release"), desired=ruleset),
            Change(
                Kind.REPOSITORY_RULESET,
                Action.UPDATE,
                ("d1-apps", "release"),
                desired=ruleset,
                current=ruleset,
            ),
            Change(Kind.TEAM_REPOSITORY, Action.CREATE, ("Release Crew", "d1-apps"), desired="maintain"),
        ],
    )
    report = execute(plan, live(), github, options(clock))
    assert report.ok and report.lookups == []
    assert github.writes() == [
        ("POST", "/orgs/acme/teams", {"name": "Release Crew", "privacy": "closed"}),
        ("POST", "/orgs/acme/teams", {"name": "Release Crew Child", "parent_team_id": 900}),
        (
            "POST",
            "/repos/acme/d1-apps/rulesets",
            {
                "name": "release",
                "target": "branch",
                "enforcement": "active",
                "rules": [],
                "bypass_actors": [{"actor_id": 900, "actor_type": "Team", "bypass_mode": "always"}],
            },
        ),
        (
            "PUT",
            "/repos/acme/d1-apps/rulesets/333",
            {
                "name": "release",
                "target": "branch",
                "enforcement": "active",
                "rules": [],
                "bypass_actors": [{"actor_id": 900, "actor_type": "Team", "bypass_mode": "always"}],
            },
        ),
        ("PUT", "/orgs/acme/teams/release-crew/repos/acme/d1-apps", {"permission": "maintain"}),
    ]
    assert report.writes == report.planned_writes == 5


def test_new_repository_then_branch_reads_the_default_branch_tip_once() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("GET", "/repos/acme/fleet/git/ref/heads/main")] = [
        api_error(409, "Git Repository is empty."),
        {"object": {"sha": "b" * 40}},
    ]
    plan = planned(
        [
            Change(Kind.REPOSITORY, Action.CREATE, ("fleet",), desired=Repository(default_branch="main")),
            Change(Kind.BRANCH, Action.CREATE, ("fleet", "production"), desired="main"),
        ],
    )
    report = execute(plan, live(), github, options(clock))
    assert report.ok
    assert github.writes() == [
        ("POST", "/orgs/acme/repos", {"name": "fleet", "auto_init": True}),
        ("POST", "/repos/acme/fleet/git/refs", {"ref": "refs/heads/production", "sha": "b" * 40}),
    ]
    # The default-branch writes were not needed: GitHub already created "main".
    assert report.planned_writes == 4 and report.elided_writes == 2 and report.writes == 2
    assert report.lookups == ["GET /repos/acme/fleet/git/ref/heads/main"] * 2


def test_unsupported_changes_are_skipped_with_the_reason_and_never_sent() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    plan = planned([Change(Kind.REPOSITORY, Action.DELETE, ("old",), current=Repository())])
    report = execute(plan, live(), github, options(clock))
    assert github.sent == []
    (result,) = report.results
    assert result.status is Status.SKIPPED
    assert result.message.startswith("unsupported: ghprov never deletes repositories")
    assert report.exit_code == 1


def test_team_creator_removal_tolerates_not_being_a_member() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("DELETE", "/orgs/acme/teams/ops/memberships/admin-bot")] = [
        api_error(404, "Not Found")
    ] * 9
    plan = planned([team("ops", members=["alice"])])
    report = execute(plan, live(viewer="admin-bot"), github, options(clock))
    assert report.ok
    assert len(github.sent) == 2


def test_exhausted_primary_rate_limit_stops_the_apply() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("PUT", "/orgs/acme/memberships/b")] = [
        RateLimitExhausted("rate limit resets in 50 minutes")
    ]
    report = execute(planned([membership(x) for x in "abc"]), live(), github, options(clock))
    assert [(result.status.value, result.message) for result in report.results] == [
        ("done", ""),
        ("failed", "apply stopped: rate limit resets in 50 minutes"),
        ("skipped", "not attempted: apply stopped: rate limit resets in 50 minutes"),
    ]


def test_a_read_only_client_is_a_wiring_error_not_a_failed_change() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("PUT", "/orgs/acme/memberships/a")] = [ReadOnlyViolation("refused PUT")]
    with pytest.raises(ReadOnlyViolation):
        execute(planned([membership("a")]), live(), github, options(clock))


def test_failure_midway_through_a_change_says_what_was_already_done() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("PUT", "/repos/acme/d1-apps/topics")] = [api_error(422, "Invalid topic")]
    change = Change(
        Kind.REPOSITORY, Action.UPDATE, ("d1-apps",), desired={"description": "x", "topics": ("BAD TOPIC",)}
    )
    report = execute(planned([change]), live(), github, options(clock))
    (result,) = report.results
    assert result.message == (
        "GitHub returned 422 for Invalid topic (after 1 of 2 writes of this change succeeded)"
    )
    assert result.requests == ("PATCH /repos/acme/d1-apps",)


def test_report_renders_as_json_and_text() -> None:
    clock = FakeClock()
    github = FakeGitHub(clock)
    github.script[("PUT", "/orgs/acme/memberships/b")] = [api_error(403, "Must have admin rights")]
    report = execute(planned([membership("a"), membership("b")]), live(), github, options(clock))
    document = json.loads(render_json(report))
    assert document["ok"] is False
    assert document["summary"] == {
        "done": 1,
        "failed": 1,
        "skipped": 0,
        "planned_writes": 2,
        "writes": 2,
        "retries": 0,
        "elided_writes": 0,
        "lookups": 0,
    }
    assert document["results"][0] == {
        "address": "organization_membership:a",
        "action": "create",
        "status": "done",
        "message": "",
        "requests": ["PUT /orgs/acme/memberships/a"],
    }
    console = Console(record=True, width=160, color_system=None)
    render_text(report, console)
    text = console.export_text()
    assert "organization_membership:b" in text and "Must have admin rights" in text
    assert "1 done, 1 failed, 0 skipped; 2 writes, 0 retries, 0 lookups" in text
