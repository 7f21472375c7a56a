"""Every safety rail: what trips it, its message, and the flag that lifts it."""

from __future__ import annotations

from typing import Any

import pytest
from plan_helpers import live, org

from ghprov.errors import UnsafePlan
from ghprov.plan import Plan, SafetyOptions, SafetyViolation, check_plan_safety, compute_plan, raise_if_unsafe

OWNERS = {"owners": ["alice", "bob"], "members": ["carol", "dave", "erin", "frank"]}


def _check(
    desired: dict[str, Any], current: dict[str, Any], **options: Any
) -> tuple[Plan, list[SafetyViolation]]:
    desired_org, live_org = org(**desired), live(**current)
    plan = compute_plan(desired_org, live_org)
    return plan, check_plan_safety(plan, live_org, desired_org, SafetyOptions(**options))


def _rules(violations: list[SafetyViolation]) -> list[tuple[str, str]]:
    return [(v.rule, v.address) for v in violations]


def test_safe_plan_has_no_violations_and_does_not_raise() -> None:
    _, violations = _check({"members": OWNERS}, {"members": {"owners": ["alice", "bob"]}})
    assert violations == []
    raise_if_unsafe(violations)


def test_deletions_need_allow_delete() -> None:
    desired = {
        "members": {"owners": ["alice", "bob"], "members": ["carol", "dave", "erin"]},
        "prune": {"members": True},
    }
    _, violations = _check(desired, {"members": OWNERS})
    assert _rules(violations) == [("delete-not-allowed", "organization_membership:frank")]
    assert violations[0].override == "--allow-delete"
    assert str(violations[0]) == (
        "organization_membership:frank: the plan removes this (override: --allow-delete)"
    )
    _, allowed = _check(desired, {"members": OWNERS}, allow_delete=True)
    assert allowed == []


def test_deletion_of_a_kind_without_prune_is_refused_even_with_allow_delete() -> None:
    desired_org, live_org = (
        org(members=OWNERS, prune={"members": True}),
        live(members={**OWNERS, "members": ["zed"]}),
    )
    plan = compute_plan(desired_org, live_org)
    no_prune = org(members=OWNERS)
    violations = check_plan_safety(plan, live_org, no_prune, SafetyOptions(allow_delete=True, force=True))
    assert _rules(violations) == [("prune-disabled", "organization_membership:zed")]
    assert "prune.members: true" in violations[0].message and violations[0].override is None


def test_repositories_are_never_deleted() -> None:
    from ghprov.plan import Action, Change, Kind

    plan = Plan("acme", [Change(Kind.REPOSITORY, Action.DELETE, ("fleet",))])
    violations = check_plan_safety(plan, live(), org(), SafetyOptions(allow_delete=True, force=True))
    assert _rules(violations) == [("never-deleted", "repository:fleet")]
    assert violations[0].message == "ghprov never deletes a repository"


def test_removal_circuit_breaker_per_kind_lifted_by_force() -> None:
    desired = {"members": {"owners": ["alice", "bob"], "members": ["carol"]}, "prune": {"members": True}}
    _, violations = _check(desired, {"members": OWNERS}, allow_delete=True)
    assert _rules(violations) == [("removal-ratio", "organization_membership:*")]
    assert violations[0].message == (
        "the plan removes 3 of 6 (50%), more than the 25% the removal circuit breaker allows"
    )
    assert "--force" in str(violations[0].override)
    _, forced = _check(desired, {"members": OWNERS}, allow_delete=True, force=True)
    assert forced == []
    _, raised = _check(desired, {"members": OWNERS}, allow_delete=True, max_removal_ratio=0.5)
    assert raised == []


def test_circuit_breaker_counts_teams_memberships_and_grants() -> None:
    current = {
        "teams": {
            "a": {"members": ["carol"], "repositories": {"r1": "read", "r2": "read"}},
            "b": {},
        },
        "members": OWNERS,
    }
    desired = {
        "teams": {"a": {"members": [], "repositories": {}}},
        "prune": {"teams": True, "team_members": True, "team_repositories": True},
    }
    _, violations = _check(desired, current, allow_delete=True)
    assert sorted(_rules(violations)) == [
        ("removal-ratio", "team:*"),
        ("removal-ratio", "team_membership:*"),
        ("removal-ratio", "team_repository:*"),
    ]


def test_never_remove_the_last_owner() -> None:
    desired = {"members": {"members": ["alice"]}}
    _, violations = _check(desired, {"members": {"owners": ["alice"]}}, applying_identity="alice")
    assert _rules(violations) == [
        ("last-owner", "organization_membership:*"),
        ("applying-identity", "organization_membership:alice"),
    ]
    assert violations[0].override is None and violations[1].override is None
    assert "every owner (alice)" in violations[0].message


def test_applying_identity_must_remain_an_owner() -> None:
    desired = {"members": {"owners": ["bob"], "members": ["alice"]}}
    _, violations = _check(desired, {"members": {"owners": ["alice", "bob"]}}, applying_identity="alice")
    assert _rules(violations) == [("applying-identity", "organization_membership:alice")]
    assert violations[0].message == "alice is applying this plan and must remain an owner"
    _, other = _check(desired, {"members": {"owners": ["alice", "bob"]}}, applying_identity="bob")
    assert other == []


BYPASS_CONFIG: dict[str, Any] = {
    "bots": {"flux-bot": {"teams": ["flux-bots"]}},
    "teams": {
        "flux-bots": {"members": []},
        "devs": {"members": ["carol"], "repositories": {"infra": "write"}},
    },
    "repositories": {
        "infra": {
            "branch_protection": {
                "main": {
                    "required_approving_review_count": 1,
                    "bypass_pull_request_allowances": {"users": ["flux-bot"]},
                }
            },
            "rulesets": {"prod": {"bypass_actors": [{"team": "flux-bots"}]}},
        }
    },
}


def test_plan_from_config_keeps_bot_bypasses() -> None:
    _, violations = _check(BYPASS_CONFIG, {"members": OWNERS, "repositories": {"infra": {}}})
    assert violations == []


def test_bot_bypass_rail_catches_a_plan_that_drops_the_bot() -> None:
    desired_org = org(**BYPASS_CONFIG)
    live_org = live(members=OWNERS, repositories={"infra": {}})
    # A plan computed from a config without the bypass, checked against the config that has it
    # (what a stale or edited saved plan looks like).
    stripped = org(
        **{
            **BYPASS_CONFIG,
            "repositories": {
                "infra": {
                    "branch_protection": {"main": {"required_approving_review_count": 1}},
                    "rulesets": {"prod": {}},
                }
            },
        }
    )
    plan = compute_plan(stripped, live_org)
    violations = check_plan_safety(plan, live_org, desired_org, SafetyOptions())
    assert _rules(violations) == [
        ("bot-bypass", "branch_protection:infra/main"),
        ("bot-bypass", "repository_ruleset:infra/prod"),
    ]
    assert "review bypass (user:flux-bot in bypass_pull_request_allowances)" in violations[0].message
    assert "direct-push bypass (team:flux-bots in bypass_actors (always))" in violations[1].message


def test_bot_bypass_rail_catches_removing_the_bot_from_its_bypass_team() -> None:
    current = {
        "members": {**OWNERS, "members": [*OWNERS["members"], "flux-bot"]},
        "teams": {"flux-bots": {"members": ["flux-bot"]}},
        "repositories": {"infra": {"rulesets": {"prod": {"bypass_actors": [{"team": "flux-bots"}]}}}},
    }
    config = {
        "teams": {"flux-bots": {"members": []}},
        "repositories": {"infra": {"rulesets": {"prod": {"bypass_actors": [{"team": "flux-bots"}]}}}},
        "prune": {"team_members": True},
    }
    # The plan was computed before the bot was declared in flux-bots (a stale saved plan).
    desired_org = org(**config, bots={"flux-bot": {"teams": ["flux-bots"]}})
    plan = compute_plan(org(**config), live(**current))
    options = SafetyOptions(allow_delete=True, force=True)
    violations = check_plan_safety(plan, live(**current), desired_org, options)
    assert _rules(violations) == [("bot-bypass", "team_membership:flux-bots/flux-bot")]


def test_refuse_protected_branch_nobody_but_bots_can_merge() -> None:
    config = {
        "bots": {"flux-bot": {"teams": ["flux-bots"]}},
        "teams": {
            "flux-bots": {"repositories": {"infra": "write"}},
            "readers": {"members": ["carol"], "repositories": {"infra": "read"}},
        },
        "repositories": {"infra": {"branch_protection": {"main": {"required_approving_review_count": 1}}}},
    }
    current = {"members": OWNERS, "repositories": {"infra": {}}}
    _, violations = _check(config, current)
    assert _rules(violations) == [("nobody-can-merge", "branch_protection:infra/main")]
    assert "requires 1 approval but nobody except bots has write access to infra" in violations[0].message
    assert violations[0].override == "--force"
    _, forced = _check(config, current, force=True)
    assert forced == []


def test_merge_rail_counts_child_teams_custom_roles_and_base_permission() -> None:
    protection = {
        "repositories": {"infra": {"branch_protection": {"main": {"required_approving_review_count": 2}}}}
    }
    current = {"members": OWNERS, "repositories": {"infra": {}}}
    via_child = {
        "teams": {
            "parent": {"repositories": {"infra": "maintain"}},
            "child": {"parent": "parent", "members": ["carol"]},
        },
        **protection,
    }
    assert _check(via_child, current)[1] == []
    via_custom_role = {
        "custom_roles": {"pusher": {"base_role": "write"}},
        "teams": {"devs": {"members": ["carol"], "repositories": {"infra": "pusher"}}},
        **protection,
    }
    assert _check(via_custom_role, current)[1] == []
    via_base = {"settings": {"default_repository_permission": "write"}, **protection}
    assert _check(via_base, current)[1] == []
    zero_approvals = {
        "repositories": {"infra": {"branch_protection": {"main": {"required_approving_review_count": 0}}}}
    }
    assert _check(zero_approvals, current)[1] == []


def test_merge_rail_covers_rulesets_requiring_reviews() -> None:
    ruleset = {"rules": [{"pull_request": {"required_approving_review_count": 1}}]}
    _, violations = _check(
        {"repositories": {"infra": {"rulesets": {"prod": ruleset}}}}, {"repositories": {"infra": {}}}
    )
    assert _rules(violations) == [("nobody-can-merge", "repository_ruleset:infra/prod")]


def test_making_a_repository_public_needs_allow_public() -> None:
    for current in ({}, {"repositories": {"site": {"visibility": "private"}}}):
        _, violations = _check({"repositories": {"site": {"visibility": "public"}}}, current)
        assert _rules(violations) == [("public-repository", "repository:site")]
        assert violations[0].override == "--allow-public"
        _, allowed = _check({"repositories": {"site": {"visibility": "public"}}}, current, allow_public=True)
        assert allowed == []


@pytest.mark.parametrize(("wanted", "verb"), [(True, "archives"), (False, "unarchives")])
def test_archiving_and_unarchiving_need_allow_archive(wanted: bool, verb: str) -> None:
    desired = {"repositories": {"old": {"archived": wanted}}}
    current = {"repositories": {"old": {"archived": not wanted}}}
    _, violations = _check(desired, current)
    assert _rules(violations) == [("archive", "repository:old")]
    assert (
        str(violations[0]) == f"repository:old: the plan {verb} this repository (override: --allow-archive)"
    )
    assert _check(desired, current, allow_archive=True)[1] == []


def test_a_new_repository_declared_not_archived_needs_no_allow_archive() -> None:
    # docs/configuration.md's repository example says `archived: false`; creating it is no unarchiving.
    assert _check({"repositories": {"new": {"archived": False, "description": "x"}}}, {})[1] == []


def test_raise_if_unsafe_names_every_violation_and_override() -> None:
    desired = {"repositories": {"site": {"visibility": "public", "archived": True}}}
    _, violations = _check(desired, {"repositories": {"site": {}}})
    with pytest.raises(UnsafePlan) as caught:
        raise_if_unsafe(violations)
    assert caught.value.message.startswith("refusing to apply: 2 safety rails tripped:")
    assert "repository:site: the plan makes this repository public" in caught.value.message
    assert caught.value.hint == "review the plan; overrides: --allow-archive, --allow-public"
