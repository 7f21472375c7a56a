"""Organisation settings and memberships: managed fields only, roles in place, invitations, bots, prune."""

from __future__ import annotations

from plan_helpers import addresses, change, codes, plan_for

from ghprov.plan import Action, FieldChange


def test_settings_update_only_managed_fields_that_differ() -> None:
    plan = plan_for(
        {"settings": {"default_repository_permission": "none", "description": "Fleet"}},
        {"settings": {"default_repository_permission": "read", "description": "Fleet", "company": "Acme"}},
    )
    settings = change(plan, "organization_settings:acme")
    assert settings.action is Action.UPDATE
    assert settings.desired == {"default_repository_permission": "none"}
    assert settings.current == {"default_repository_permission": "read"}
    assert settings.fields == (FieldChange("default_repository_permission", "read", "none"),)


def test_settings_unset_is_left_alone_but_none_is_managed() -> None:
    unset = plan_for({"settings": {}}, {"settings": {"blog": "https://acme.example"}})
    assert unset.changes == []
    cleared = plan_for({"settings": {"blog": None}}, {"settings": {"blog": "https://acme.example"}})
    assert change(cleared, "organization_settings:acme").desired == {"blog": None}


def test_settings_no_op_and_missing_settings_section() -> None:
    assert plan_for({"settings": {"company": "Acme"}}, {"settings": {"company": "Acme"}}).changes == []
    assert plan_for({}, {"settings": {"company": "Acme"}}).changes == []


def test_read_only_setting_is_a_finding_not_a_change() -> None:
    plan = plan_for(
        {"settings": {"two_factor_requirement_enabled": True}},
        {"settings": {"two_factor_requirement_enabled": False}},
    )
    assert plan.changes == []
    assert codes(plan) == [("read-only-setting", "organization_settings:acme")]
    assert "two_factor_requirement_enabled is false but the config wants true" in plan.findings[0].message


def test_members_invited_and_role_changed_in_place() -> None:
    plan = plan_for(
        {"members": {"owners": ["alice", "bob"], "members": ["carol"]}},
        {"members": {"owners": ["alice"], "members": ["bob"]}},
    )
    assert addresses(plan) == ["~ organization_membership:bob", "+ organization_membership:carol"]
    bob = change(plan, "organization_membership:bob")
    assert (bob.current, bob.desired) == ("member", "admin")
    assert bob.fields == (FieldChange("role", "member", "admin"),)
    assert change(plan, "organization_membership:carol").desired == "member"


def test_demotion_is_one_update_never_remove_and_add() -> None:
    plan = plan_for(
        {"members": {"owners": ["alice"], "members": ["bob"]}, "prune": {"members": True}},
        {"members": {"owners": ["alice", "bob"]}},
    )
    assert addresses(plan) == ["~ organization_membership:bob"]


def test_unlisted_members_removed_only_with_prune() -> None:
    current = {"members": {"owners": ["alice"], "members": ["mallory"]}}
    kept = plan_for({"members": {"owners": ["alice"]}}, current)
    assert kept.changes == []
    pruned = plan_for({"members": {"owners": ["alice"]}, "prune": {"members": True}}, current)
    assert addresses(pruned) == ["- organization_membership:mallory"]
    assert change(pruned, "organization_membership:mallory").current == "member"


def test_prune_members_needs_a_members_section() -> None:
    plan = plan_for(
        {"bots": {"flux-bot": {}}, "prune": {"members": True}}, {"members": {"owners": ["alice"]}}
    )
    assert addresses(plan) == ["+ organization_membership:flux-bot"]


def test_pending_invitation_is_a_finding_not_a_change() -> None:
    plan = plan_for(
        {"members": {"owners": ["alice"], "members": ["carol", "dave"]}},
        {"members": {"owners": ["alice"]}},
        pending={"carol": "member", "dave": "admin"},
    )
    assert plan.changes == []
    assert codes(plan) == [
        ("invitation-pending", "organization_membership:carol"),
        ("invitation-pending", "organization_membership:dave"),
    ]
    assert "invited as admin, the config says member" in plan.findings[1].message


def test_unlisted_pending_invitation_reported_under_prune() -> None:
    plan = plan_for(
        {"members": {"owners": ["alice"]}, "prune": {"members": True}},
        {"members": {"owners": ["alice"]}},
        pending={"eve": "member"},
    )
    assert plan.changes == []
    assert codes(plan) == [("invitation-unlisted", "organization_membership:eve")]


def test_bots_are_members_unless_listed_as_owners() -> None:
    plan = plan_for(
        {"members": {"owners": ["alice", "owner-bot"]}, "bots": {"flux-bot": {}, "owner-bot": {}}},
        {"members": {"owners": ["alice"]}},
    )
    assert change(plan, "organization_membership:flux-bot").desired == "member"
    assert change(plan, "organization_membership:owner-bot").desired == "admin"


def test_bots_are_not_pruned() -> None:
    plan = plan_for(
        {"members": {"owners": ["alice"]}, "bots": {"flux-bot": {}}, "prune": {"members": True}},
        {"members": {"owners": ["alice"], "members": ["flux-bot"]}},
    )
    assert plan.changes == []
