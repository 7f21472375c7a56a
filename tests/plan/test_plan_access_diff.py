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


FLEET_MAIN: dict[str, object] = {
    "required_approving_review_count": 1,
    "enforce_admins": True,
    "bypass_pull_request_allowances": {"users": ["flux-bot"]},
    "bypass_force_push_allowances": {"users": ["flux-bot"]},
}


def _fleet(main: dict[str, object], **extra: object) -> dict[str, object]:
    return {"repositories": {"d1-fleet": {"branch_protection": {"main": main}}}, **extra}


def test_losing_only_the_force_push_bypass_says_so_and_keeps_the_review_bypass_quiet() -> None:
    without = {key: value for key, value in FLEET_MAIN.items() if key != "bypass_force_push_allowances"}
    assert lines(_fleet(without), _fleet(FLEET_MAIN)) == [
        "- flux-bot loses force-push bypass on d1-fleet@main (via bypass_force_push_allowances)"
    ]


def test_a_person_gaining_a_force_push_bypass_trips_the_gate() -> None:
    wider = {**FLEET_MAIN, "bypass_force_push_allowances": {"users": ["carol", "flux-bot"]}}
    plan = plan_for({**PEOPLE, **_fleet(wider)}, {**PEOPLE, **_fleet(FLEET_MAIN)})
    assert [change.describe() for change in plan.access] == [
        "carol gains force-push bypass on d1-fleet@main (via bypass_force_push_allowances)"
    ]
    assert gains_on(plan.access, "d1-*") == plan.access
    document = plan_document(plan)["access_changes"][0]
    assert (document["principal"], document["before"], document["after"], document["gain"]) == (
        "user:carol",
        None,
        "force-push bypass",
        True,
    )
    assert plan_from_document(plan_document(plan)).access == plan.access


def test_joining_a_team_with_a_force_push_bypass_is_a_gain_through_the_team() -> None:
    main = {**FLEET_MAIN, "bypass_force_push_allowances": {"teams": ["flux-bots"]}}
    current = _fleet(main, teams={"flux-bots": {"members": ["flux-bot"]}})
    desired = _fleet(main, teams={"flux-bots": {"members": ["carol", "flux-bot"]}})
    assert lines(desired, current) == [
        "+ carol gains force-push bypass on d1-fleet@main "
        "(via team flux-bots in bypass_force_push_allowances)"
    ]


def test_admins_bypassing_the_protection_is_a_gain_but_not_a_force_push_bypass() -> None:
    relaxed = {**FLEET_MAIN, "enforce_admins": False}
    assert lines(_fleet(relaxed), _fleet(FLEET_MAIN)) == [
        "+ role:admin gains protection bypass on d1-fleet@main (via enforce_admins: false)"
    ]


def test_a_custom_role_with_bypass_branch_protection_bypasses_like_admins() -> None:
    roles = {"flux-automation": {"base_role": "write", "permissions": ["bypass_branch_protection"]}}
    relaxed = {**FLEET_MAIN, "enforce_admins": False}
    found = lines(_fleet(relaxed, custom_roles=roles), _fleet(FLEET_MAIN, custom_roles=roles))
    assert (
        "+ role:flux-automation gains protection bypass on d1-fleet@main (via enforce_admins: false)" in found
    )


def test_a_ruleset_bypass_widening_to_always_names_the_force_pushes_it_now_covers() -> None:
    def ruleset(mode: str) -> dict[str, object]:
        return {
            "repositories": {
                "d1-fleet": {
                    "rulesets": {
                        "main": {
                            "rules": [{"non_fast_forward": {}}, {"deletion": {}}],
                            "bypass_actors": [{"team": "flux-bots", "mode": mode}],
                        }
                    }
                }
            },
            "teams": {"flux-bots": {"members": ["flux-bot"]}},
        }

    assert lines(ruleset("always"), ruleset("pull_request")) == [
        "+ team:flux-bots gains ruleset bypass (always) on d1-fleet ruleset main (had ruleset bypass "
        "(pull_request)) (via bypass_actors; rules deletion, non_fast_forward (force pushes))",
        "+ flux-bot gains ruleset bypass (always) on d1-fleet ruleset main (had ruleset bypass "
        "(pull_request)) (via team flux-bots in bypass_actors; "
        "rules deletion, non_fast_forward (force pushes))",
    ]
    assert lines(ruleset("pull_request"), ruleset("always"))[0].startswith(
        "- team:flux-bots drops to ruleset bypass (pull_request) on d1-fleet ruleset main"
    )


def test_an_organisation_ruleset_bypass_gain_trips_every_gate() -> None:
    def org_ruleset(actors: list[dict[str, object]]) -> dict[str, object]:
        conditions = {"ref_name": {"include": ["~DEFAULT_BRANCH"]}, "repository_name": {"include": ["d1-*"]}}
        return {
            "repositories": {"d1-fleet": {}},
            "rulesets": {
                "fleet": {
                    "conditions": conditions,
                    "rules": [{"non_fast_forward": {}}],
                    "bypass_actors": actors,
                }
            },
        }

    plan = plan_for(
        {**PEOPLE, **org_ruleset([{"role": "admin", "mode": "always"}])}, {**PEOPLE, **org_ruleset([])}
    )
    assert [change.describe() for change in plan.access] == [
        "role:admin gains ruleset bypass (always) on organization ruleset fleet "
        "(via bypass_actors; rules non_fast_forward (force pushes))"
    ]
    assert gains_on(plan.access, "d1-fleet") == plan.access
