"""Teams, team memberships and team grants: managed fields, renames, bots, invitations and prune."""

from __future__ import annotations

from plan_helpers import addresses, change, codes, plan_for

from ghprov.model import Team
from ghprov.plan import Action, FieldChange

OWNERS = {"members": {"owners": ["alice"], "members": ["bob", "carol"]}}


def test_team_created_with_managed_fields() -> None:
    plan = plan_for({"teams": {"platform": {"description": "Platform", "privacy": "closed"}}})
    team = change(plan, "team:platform")
    assert team.action is Action.CREATE
    assert isinstance(team.desired, Team)
    assert team.fields == (
        FieldChange("description", None, "Platform"),
        FieldChange("privacy", None, "closed"),
    )


def test_team_update_only_managed_fields() -> None:
    plan = plan_for(
        {"teams": {"platform": {"privacy": "closed"}}},
        {"teams": {"platform": {"description": "Old words", "privacy": "secret"}}},
    )
    update = change(plan, "team:platform")
    assert update.action is Action.UPDATE
    assert update.fields == (FieldChange("privacy", "secret", "closed"),)
    assert isinstance(update.current, Team)


def test_team_none_description_is_managed_but_unset_is_not() -> None:
    current = {"teams": {"platform": {"description": "Old words"}}}
    assert plan_for({"teams": {"platform": {}}}, current).changes == []
    cleared = plan_for({"teams": {"platform": {"description": None}}}, current)
    assert change(cleared, "team:platform").fields == (FieldChange("description", "Old words", None),)


def test_team_no_op() -> None:
    same = {
        "teams": {"platform": {"description": "P", "maintainers": ["alice"], "repositories": {"r": "write"}}}
    }
    assert plan_for(same, same).changes == []


def test_unlisted_teams_deleted_only_with_prune() -> None:
    current = {"teams": {"platform": {}, "legacy": {"description": "Old"}}}
    assert plan_for({"teams": {"platform": {}}}, current).changes == []
    pruned = plan_for({"teams": {"platform": {}}, "prune": {"teams": True}}, current)
    assert addresses(pruned) == ["- team:legacy"]
    assert change(pruned, "team:legacy").current == Team(description="Old")


def test_child_team_depends_on_new_parent() -> None:
    plan = plan_for({"teams": {"apps": {}, "frontend": {"parent": "apps"}}})
    assert change(plan, "team:frontend").depends_on == ("team:apps",)
    assert addresses(plan) == ["+ team:apps", "+ team:frontend"]


def test_team_rename_is_one_rename_then_updates_against_the_renamed_team() -> None:
    plan = plan_for(
        {"teams": {"platform": {"previously": ["infra"], "description": "New", "members": ["bob"]}}},
        {"teams": {"infra": {"description": "Old", "members": ["bob"]}}, **OWNERS},
    )
    assert addresses(plan) == ["~ team:platform", "~ team:platform"]
    rename, update = plan.changes
    assert rename.action is Action.RENAME
    assert rename.fields == (FieldChange("name", "infra", "platform"),)
    assert update.action is Action.UPDATE
    assert update.fields == (FieldChange("description", "Old", "New"),)


def test_renamed_team_is_never_pruned_and_its_grants_follow() -> None:
    plan = plan_for(
        {
            "teams": {"platform": {"previously": ["infra"], "repositories": {"fleet": "admin"}}},
            "prune": {"teams": True, "team_repositories": True},
        },
        {"teams": {"infra": {"repositories": {"fleet": "admin"}}}},
    )
    assert [c.action for c in plan.changes] == [Action.RENAME]


def test_rename_when_both_names_exist_is_a_finding_and_old_is_kept() -> None:
    plan = plan_for(
        {"teams": {"platform": {"previously": ["infra"]}}, "prune": {"teams": True}},
        {"teams": {"infra": {}, "platform": {}}},
    )
    assert plan.changes == []
    assert codes(plan) == [("rename-source-exists", "team:platform")]


def test_parent_of_renamed_parent_is_not_drift() -> None:
    plan = plan_for(
        {"teams": {"apps": {"previously": ["old-apps"]}, "frontend": {"parent": "apps"}}},
        {"teams": {"old-apps": {}, "frontend": {"parent": "old-apps"}}},
    )
    assert addresses(plan) == ["~ team:apps"]


def test_membership_added_updated_and_pruned_only_when_managed() -> None:
    current = {"teams": {"platform": {"maintainers": ["bob"], "members": ["carol"]}}, **OWNERS}
    desired = {"teams": {"platform": {"maintainers": ["alice"], "members": ["bob"]}}}
    plan = plan_for(desired, current)
    assert addresses(plan) == ["+ team_membership:platform/alice", "~ team_membership:platform/bob"]
    assert change(plan, "team_membership:platform/bob").fields == (
        FieldChange("role", "maintainer", "member"),
    )
    pruned = plan_for({**desired, "prune": {"team_members": True}}, current)
    assert "- team_membership:platform/carol" in addresses(pruned)


def test_membership_unmanaged_team_is_not_pruned() -> None:
    plan = plan_for(
        {"teams": {"platform": {"description": "P"}}, "prune": {"team_members": True}},
        {"teams": {"platform": {"description": "P", "members": ["bob"]}}, **OWNERS},
    )
    assert plan.changes == []


def test_membership_of_new_team_and_new_person_depends_on_both() -> None:
    plan = plan_for(
        {"members": {"owners": ["alice"], "members": ["dave"]}, "teams": {"platform": {"members": ["dave"]}}}
    )
    membership = change(plan, "team_membership:platform/dave")
    assert membership.depends_on == ("organization_membership:dave", "team:platform")


def test_team_membership_of_invited_person_is_a_finding() -> None:
    plan = plan_for(
        {"teams": {"platform": {"members": ["carol"]}}},
        {"teams": {"platform": {}}},
        pending={"carol": "member"},
    )
    assert plan.changes == []
    assert codes(plan) == [("invitation-pending", "team_membership:platform/carol")]


def test_bots_join_their_teams_as_members_unless_maintainers() -> None:
    plan = plan_for(
        {
            "bots": {"flux-bot": {"teams": ["flux-bots", "ops"]}},
            "teams": {"flux-bots": {}, "ops": {"maintainers": ["flux-bot"]}},
        },
        {"teams": {"flux-bots": {}, "ops": {}}, "members": {"owners": ["alice"], "members": ["flux-bot"]}},
    )
    assert change(plan, "team_membership:flux-bots/flux-bot").desired == "member"
    assert change(plan, "team_membership:ops/flux-bot").desired == "maintainer"


def test_bot_in_team_with_managed_membership_is_not_pruned() -> None:
    plan = plan_for(
        {
            "bots": {"flux-bot": {"teams": ["ops"]}},
            "teams": {"ops": {"members": ["bob"]}},
            "prune": {"team_members": True},
        },
        {
            "teams": {"ops": {"members": ["bob", "flux-bot"]}},
            "members": {"owners": ["bob"], "members": ["flux-bot"]},
        },
    )
    assert plan.changes == []


def test_grants_created_updated_and_pruned_only_with_prune() -> None:
    current = {"teams": {"platform": {"repositories": {"fleet": "read", "legacy": "write"}}}}
    desired = {"teams": {"platform": {"repositories": {"fleet": "admin", "infra": "pull"}}}}
    plan = plan_for(desired, current)
    assert addresses(plan) == ["~ team_repository:platform/fleet", "+ team_repository:platform/infra"]
    assert change(plan, "team_repository:platform/infra").desired == "read"
    pruned = plan_for({**desired, "prune": {"team_repositories": True}}, current)
    assert "- team_repository:platform/legacy" in addresses(pruned)


def test_grants_unmanaged_when_repositories_unset() -> None:
    plan = plan_for(
        {"teams": {"platform": {"description": "P"}}, "prune": {"team_repositories": True}},
        {"teams": {"platform": {"description": "P", "repositories": {"fleet": "read"}}}},
    )
    assert plan.changes == []


def test_grant_depends_on_new_team_repository_and_custom_role() -> None:
    plan = plan_for(
        {
            "custom_roles": {"flux-automation": {"base_role": "write"}},
            "teams": {"bots": {"repositories": {"fleet": "flux-automation"}}},
            "repositories": {"fleet": {}},
        }
    )
    grant = change(plan, "team_repository:bots/fleet")
    assert grant.depends_on == ("custom_role:flux-automation", "repository:fleet", "team:bots")


def test_grant_on_renamed_repository_is_not_drift() -> None:
    plan = plan_for(
        {
            "teams": {"platform": {"repositories": {"fleet": "admin"}}},
            "repositories": {"fleet": {"previously": ["old"]}},
        },
        {"teams": {"platform": {"repositories": {"old": "admin"}}}, "repositories": {"old": {}}},
    )
    assert addresses(plan) == ["~ repository:fleet"]
