"""Fail closed on blind data, and the stable total order of a plan."""

from __future__ import annotations

import pytest
from plan_helpers import addresses, org, plan_for

from ghprov.errors import GhprovError, PlanRefused
from ghprov.plan import Action, compute_plan

HIDDEN = "merge settings are hidden from read-only tokens"


def test_managed_field_with_unknown_live_value_refuses() -> None:
    with pytest.raises(PlanRefused) as caught:
        plan_for(
            {"repositories": {"x": {"allow_rebase_merge": False}}},
            {"repositories": {"x": {}}},
            unknowns={"repositories/x/allow_rebase_merge": HIDDEN},
        )
    assert caught.value.blind == [("repositories/x/allow_rebase_merge", HIDDEN)]
    assert "repositories/x/allow_rebase_merge: merge settings are hidden" in caught.value.message
    assert caught.value.hint


def test_unmanaged_unknown_is_ignored() -> None:
    plan = plan_for(
        {"repositories": {"x": {"description": "X"}}},
        {"repositories": {"x": {"description": "X"}}},
        unknowns={"repositories/x/allow_rebase_merge": HIDDEN},
    )
    assert plan.changes == []


def test_whole_value_compare_touches_nested_unknown_and_every_path_is_listed() -> None:
    with pytest.raises(PlanRefused) as caught:
        plan_for(
            {
                "repositories": {"x": {"rulesets": {"y": {}}}},
                "rulesets": {"org": {}},
                "settings": {"blog": None},
            },
            {"repositories": {"x": {"rulesets": {"y": {}}}}, "rulesets": {"org": {}}},
            unknowns={
                "repositories/x/rulesets/y/bypass_actors": "redacted without write access",
                "rulesets": "403 plan-gated",
                "settings/blog": "not visible",
            },
        )
    assert [path for path, _ in caught.value.blind] == [
        "repositories/x/rulesets/y/bypass_actors",
        "rulesets",
        "settings/blog",
    ]


def test_prune_over_an_unlisted_collection_refuses() -> None:
    with pytest.raises(PlanRefused):
        plan_for(
            {"members": {"owners": ["alice"]}, "prune": {"members": True}},
            {"members": {"owners": ["alice"]}},
            unknowns={"members": "membership list incomplete"},
        )


def test_unknown_team_membership_refuses_only_when_managed() -> None:
    unknowns = {"teams/ops/members": "secret team not visible"}
    assert (
        plan_for(
            {"teams": {"ops": {"description": "x"}}},
            {"teams": {"ops": {"description": "x"}}},
            unknowns=unknowns,
        ).changes
        == []
    )
    with pytest.raises(PlanRefused):
        plan_for({"teams": {"ops": {"members": []}}}, {"teams": {"ops": {}}}, unknowns=unknowns)


def test_config_for_another_organisation_is_an_error() -> None:
    desired = org()
    live_other = org().model_copy(update={"organization": "other"})
    from ghprov.model import LiveOrganization

    with pytest.raises(GhprovError, match="describes 'acme' but the live state is of 'other'"):
        compute_plan(desired, LiveOrganization(state=live_other))


def test_full_order_parents_first_loosen_after_tighten_deletes_reversed() -> None:
    loose = {"required_approving_review_count": 1}
    strict = {"required_approving_review_count": 2}
    plan = plan_for(
        {
            "custom_roles": {"flux": {"base_role": "write"}},
            "members": {"owners": ["alice"], "members": ["bob"]},
            "teams": {
                "a-child": {"parent": "z-parent", "members": ["bob"]},
                "z-parent": {"repositories": {"infra": "write"}},
                "grandchild": {"parent": "a-child"},
                "renamed": {"previously": ["old-name"]},
                "keep": {"members": ["bob"]},
            },
            "repositories": {
                "infra": {
                    "branch_protection": {"loose": loose, "tight": strict},
                    "branches": ["loose", "tight"],
                },
            },
            "prune": {
                "teams": True,
                "members": True,
                "team_members": True,
                "custom_roles": True,
                "branch_protection": True,
            },
        },
        {
            "custom_roles": {"old-role": {"base_role": "read"}},
            "members": {"owners": ["alice"], "members": ["mallory"]},
            "teams": {
                "old-name": {},
                "gone-parent": {},
                "gone-child": {"parent": "gone-parent"},
                "keep": {"members": ["mallory"]},
            },
            "repositories": {
                "infra": {
                    "branches": ["main", "loose", "tight"],
                    "branch_protection": {"loose": strict, "tight": loose, "stale": strict},
                }
            },
        },
    )
    assert addresses(plan) == [
        "+ custom_role:flux",
        "~ team:renamed",
        "+ team:z-parent",
        "+ team:a-child",
        "+ team:grandchild",
        "+ organization_membership:bob",
        "+ team_membership:a-child/bob",
        "+ team_membership:keep/bob",
        "+ team_repository:z-parent/infra",
        "~ branch_protection:infra/tight",
        "~ branch_protection:infra/loose",
        "- branch_protection:infra/stale",
        "- team_membership:keep/mallory",
        "- organization_membership:mallory",
        "- team:gone-child",
        "- team:gone-parent",
        "- custom_role:old-role",
    ]
    assert plan.changes[2].action is Action.CREATE
    assert [c.loosens for c in plan.changes[9:12]] == [False, True, True]


def test_every_dependency_precedes_its_dependent() -> None:
    plan = plan_for(
        {
            "members": {"owners": ["alice"], "members": ["dave"]},
            "bots": {"flux-bot": {"teams": ["bots"]}},
            "teams": {
                "bots": {"repositories": {"new": "write"}},
                "child": {"parent": "bots", "members": ["dave"]},
            },
            "repositories": {
                "new": {
                    "branches": ["prod"],
                    "branch_protection": {
                        "prod": {
                            "required_approving_review_count": 1,
                            "bypass_pull_request_allowances": {"users": ["flux-bot"]},
                        }
                    },
                    "rulesets": {"r": {"bypass_actors": [{"team": "bots"}]}},
                }
            },
        }
    )
    seen: set[str] = set()
    for item in plan.changes:
        assert set(item.depends_on) <= seen, (item.address, item.depends_on)
        seen.add(item.address)
    protection = next(c for c in plan.changes if c.address == "branch_protection:new/prod")
    assert protection.depends_on == ("branch:new/prod", "organization_membership:flux-bot", "repository:new")


def test_order_is_stable_whatever_the_input_order() -> None:
    teams = {f"team-{i}": {"members": ["alice"]} for i in range(5)}
    first = plan_for({"teams": teams})
    second = plan_for({"teams": dict(reversed(list(teams.items())))})
    assert addresses(first) == addresses(second)
