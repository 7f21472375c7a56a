"""The bot bypass rail, per bypass path: review, force-push, push allowance and ruleset modes.

Each plan is computed from a config that lacks what the checked config gives the bot, the way a stale or
hand-edited saved plan looks at apply time.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from plan_helpers import live, org

from ghprov.errors import UnsafePlan
from ghprov.plan import SafetyOptions, SafetyViolation, check_plan_safety, compute_plan, raise_if_unsafe

OWNERS = {"owners": ["alice", "bob"], "members": ["carol", "flux-bot"]}

CONFIG: dict[str, Any] = {
    "members": OWNERS,
    "bots": {"flux-bot": {"teams": ["flux-bots"]}},
    "teams": {
        "flux-bots": {"members": []},
        "platform": {"members": ["carol"], "repositories": {"d1-fleet": "write"}},
    },
    "repositories": {
        "d1-fleet": {
            "branch_protection": {
                "main": {
                    "required_approving_review_count": 1,
                    "bypass_pull_request_allowances": {"users": ["flux-bot"]},
                    "bypass_force_push_allowances": {"users": ["flux-bot"]},
                    "restrictions": {"teams": ["flux-bots", "platform"]},
                }
            },
            "rulesets": {
                "main": {
                    "rules": [{"non_fast_forward": {}}],
                    "bypass_actors": [{"team": "flux-bots", "mode": "always"}],
                }
            },
        }
    },
}


def _violations(edit: Any) -> list[SafetyViolation]:
    """Violations of a plan computed from ``CONFIG`` as ``edit`` changes it, checked against ``CONFIG``."""
    planned = copy.deepcopy(CONFIG)
    edit(planned)
    current = live(members=OWNERS, repositories={"d1-fleet": {}})
    plan = compute_plan(org(**planned), current)
    return check_plan_safety(plan, current, org(**CONFIG), SafetyOptions())


def _protection(document: dict[str, Any]) -> dict[str, Any]:
    main: dict[str, Any] = document["repositories"]["d1-fleet"]["branch_protection"]["main"]
    return main


def _ruleset_actor(document: dict[str, Any]) -> dict[str, Any]:
    actor: dict[str, Any] = document["repositories"]["d1-fleet"]["rulesets"]["main"]["bypass_actors"][0]
    return actor


def test_a_plan_from_the_config_itself_keeps_every_grant() -> None:
    assert _violations(lambda document: None) == []


def test_losing_only_the_force_push_bypass_refuses_apply_and_names_it() -> None:
    violations = _violations(lambda d: _protection(d).pop("bypass_force_push_allowances"))
    assert [(v.rule, v.address) for v in violations] == [("bot-bypass", "branch_protection:d1-fleet/main")]
    assert violations[0].message == (
        "the plan takes away what the config gives bot flux-bot: "
        "force-push bypass (user:flux-bot in bypass_force_push_allowances)"
    )
    assert violations[0].override is None
    with pytest.raises(UnsafePlan, match="force-push bypass"):
        raise_if_unsafe(violations)


def test_force_push_bypass_through_a_team_is_the_bots_too() -> None:
    def through_team(document: dict[str, Any]) -> None:
        _protection(document)["bypass_force_push_allowances"] = {"teams": ["flux-bots"]}

    config = copy.deepcopy(CONFIG)
    through_team(config)
    planned = copy.deepcopy(config)
    _protection(planned).pop("bypass_force_push_allowances")
    current = live(members=OWNERS, repositories={"d1-fleet": {}})
    plan = compute_plan(org(**planned), current)
    violations = check_plan_safety(plan, current, org(**config), SafetyOptions())
    assert "force-push bypass (team:flux-bots in bypass_force_push_allowances)" in violations[0].message


def test_allowing_force_pushes_for_everyone_is_not_a_lost_force_push_bypass() -> None:
    def everyone(document: dict[str, Any]) -> None:
        _protection(document).pop("bypass_force_push_allowances")
        _protection(document)["allow_force_pushes"] = True

    # The bot may still force-push (everyone may); the loosening is the loosening rail's concern.
    violations = _violations(everyone)
    assert all("force-push" not in v.message for v in violations)


def test_dropping_the_bot_from_push_restrictions_breaks_its_pushes() -> None:
    violations = _violations(lambda d: _protection(d).update(restrictions={"teams": ["platform"]}))
    assert "push allowance (team:flux-bots in restrictions)" in violations[0].message


def test_lifting_push_restrictions_keeps_the_bots_push() -> None:
    assert _violations(lambda d: _protection(d).pop("restrictions")) == []


def test_narrowing_the_bots_ruleset_mode_to_pull_request_takes_its_direct_push() -> None:
    violations = _violations(lambda d: _ruleset_actor(d).update(mode="pull_request"))
    assert [(v.address, v.message) for v in violations] == [
        (
            "repository_ruleset:d1-fleet/main",
            "the plan takes away what the config gives bot flux-bot: "
            "direct-push bypass (team:flux-bots in bypass_actors (always))",
        )
    ]


def test_exempt_mode_keeps_what_always_gave() -> None:
    assert _violations(lambda d: _ruleset_actor(d).update(mode="exempt")) == []


def test_deleting_the_protection_names_every_grant_it_held() -> None:
    config = copy.deepcopy(CONFIG)
    config["prune"] = {"branch_protection": True}
    current = live(members=OWNERS, repositories=config["repositories"])
    planned = copy.deepcopy(config)
    planned["repositories"]["d1-fleet"]["branch_protection"] = {}
    plan = compute_plan(org(**planned), current)
    violations = check_plan_safety(plan, current, org(**config), SafetyOptions(allow_delete=True))
    messages = [v.message for v in violations if v.address == "branch_protection:d1-fleet/main"]
    assert messages == [
        "the plan takes away what the config gives bot flux-bot: "
        "force-push bypass (user:flux-bot in bypass_force_push_allowances); "
        "push allowance (team:flux-bots in restrictions); "
        "review bypass (user:flux-bot in bypass_pull_request_allowances)"
    ]
