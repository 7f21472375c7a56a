"""The effective-access diff of a plan: who gains or loses what, and through which path."""

from __future__ import annotations

from plan_helpers import plan_for
from ssh_keys import public_key

from ghprov.plan import plan_document, plan_from_document
from ghprov.plan.access_diff import gains_on

PEOPLE = {"members": {"owners": ["olivia"], "members": ["carol", "dave", "flux-bot"]}}


def lines(desired: dict[str, object], current: dict[str, object]) -> list[str]:
    plan = plan_for({**PEOPLE, **desired}, {**PEOPLE, **current})
    return [("+ " if change.gain else "- ") + change.describe() for change in plan.access]


def test_a_new_grant_gives_the_team_and_its_members_access_through_the_team() -> None:
    current = {"repositories": {"d1-fleet": {}}, "teams": {"platform": {"members": ["carol"]}}}
    desired = {
        "repositories": {"d1-fleet": {}},
        "teams": {"platform": {"members": ["carol"], "repositories": {"d1-fleet": "write"}}},
    }
    assert lines(desired, current) == [
        "+ team:platform gains write on d1-fleet (via team platform)",
        "+ carol gains write on d1-fleet (via team platform)",
    ]


def test_a_parent_teams_grant_reaches_child_members_and_says_so() -> None:
    teams = {"platform": {"members": ["carol"]}, "oncall": {"parent": "platform", "members": ["dave"]}}
    current = {"repositories": {"d1-infra": {}}, "teams": teams}
    desired = {
        "repositories": {"d1-infra": {}},
        "teams": {**teams, "platform": {"members": ["carol"], "repositories": {"d1-infra": "maintain"}}},
    }
    found = lines(desired, current)
    assert "+ dave gains maintain on d1-infra (via parent team platform (via oncall))" in found


def test_removing_a_member_and_a_bypass_is_reported_as_losses() -> None:
    protection = {
        "required_approving_review_count": 1,
        "bypass_pull_request_allowances": {"users": ["flux-bot"]},
    }
    teams = {"platform": {"members": ["carol", "dave"], "repositories": {"d1-fleet": "write"}}}
    current = {"repositories": {"d1-fleet": {"branch_protection": {"main": protection}}}, "teams": teams}
    desired = {
        "repositories": {"d1-fleet": {"branch_protection": {"main": {"required_approving_review_count": 1}}}},
        "teams": {"platform": {"members": ["carol"], "repositories": {"d1-fleet": "write"}}},
        "prune": {"team_members": True},
    }
    assert lines(desired, current) == [
        "- dave loses write on d1-fleet (via team platform)",
        "- flux-bot loses review bypass on d1-fleet@main (via bypass_pull_request_allowances)",
    ]


def test_renaming_a_team_changes_no_ones_access() -> None:
    current = {
        "repositories": {"app": {}},
        "teams": {"old": {"members": ["carol"], "repositories": {"app": "write"}}},
    }
    desired = {
        "repositories": {"app": {}},
        "teams": {"new": {"previously": ["old"], "members": ["carol"], "repositories": {"app": "write"}}},
    }
    assert lines(desired, current) == []


def test_a_deploy_key_that_can_push_is_a_writer_and_trips_the_pipeline_gate() -> None:
    key = {"key": public_key(), "read_only": False}
    plan = plan_for(
        {**PEOPLE, "repositories": {"d1-fleet": {"deploy_keys": {"ci": key}}}},
        {**PEOPLE, "repositories": {"d1-fleet": {}}},
    )
    assert [change.describe() for change in plan.access] == [
        "deploy_key:d1-fleet/ci gains write on d1-fleet (via deploy key)"
    ]
    assert gains_on(plan.access, "d1-*") == plan.access
    assert gains_on(plan.access, "d1-apps") == []


def test_read_access_does_not_trip_the_gate_and_saved_plans_keep_the_diff() -> None:
    current = {"repositories": {"d1-fleet": {}}, "teams": {"readers": {"members": ["carol"]}}}
    desired = {
        "repositories": {"d1-fleet": {}},
        "teams": {"readers": {"members": ["carol"], "repositories": {"d1-fleet": "read"}}},
    }
    plan = plan_for({**PEOPLE, **desired}, {**PEOPLE, **current})
    assert plan.access and gains_on(plan.access, "*") == []
    document = plan_document(plan)
    assert document["access_changes"][1]["description"] == "carol gains read on d1-fleet (via team readers)"
    assert plan_from_document(document).access == plan.access


def test_a_plan_without_changes_computes_no_access_diff() -> None:
    state = {
        "repositories": {"d1-fleet": {}},
        "teams": {"t": {"members": ["carol"], "repositories": {"d1-fleet": "write"}}},
    }
    assert plan_for({**PEOPLE, **state}, {**PEOPLE, **state}).access == []
