"""Writers for organisation-level kinds: custom roles, settings, memberships, teams."""

from __future__ import annotations

from apply_writes import requests_for, unsupported_reason

from ghprov.github.write import Target, TeamId, TeamSlug, writes_for
from ghprov.model import CustomRole, Team
from ghprov.plan.changes import Action, Change, FieldChange, Kind


def test_custom_role_create_update_delete() -> None:
    role = CustomRole(
        description="Pushes image updates", base_role="write", permissions=["bypass_branch_protection"]
    )
    create = Change(Kind.CUSTOM_ROLE, Action.CREATE, ("flux-automation",), desired=role)
    assert requests_for(create) == [
        (
            "POST",
            "/orgs/acme/custom-repository-roles",
            {
                "name": "flux-automation",
                "base_role": "write",
                "permissions": ["bypass_branch_protection"],
                "description": "Pushes image updates",
            },
        )
    ]
    lean = CustomRole(base_role="maintain", permissions=[])
    update = Change(Kind.CUSTOM_ROLE, Action.UPDATE, ("flux-automation",), desired=lean, current=role)
    assert requests_for(update) == [
        (
            "PATCH",
            "/orgs/acme/custom-repository-roles/501",
            {"base_role": "maintain", "permissions": [], "description": ""},
        )
    ]
    delete = Change(Kind.CUSTOM_ROLE, Action.DELETE, ("flux-automation",), current=role)
    assert requests_for(delete) == [("DELETE", "/orgs/acme/custom-repository-roles/501", None)]


def test_custom_role_rename_is_unsupported() -> None:
    change = Change(Kind.CUSTOM_ROLE, Action.RENAME, ("new",), fields=(FieldChange("name", "old", "new"),))
    assert "cannot be renamed" in unsupported_reason(change)


def test_organization_settings_patch_carries_only_the_changes() -> None:
    change = Change(
        Kind.ORGANIZATION_SETTINGS,
        Action.UPDATE,
        ("acme",),
        desired={"default_repository_permission": "none", "members_can_create_repositories": False},
        current={"default_repository_permission": "read", "members_can_create_repositories": True},
    )
    assert requests_for(change) == [
        (
            "PATCH",
            "/orgs/acme",
            {"default_repository_permission": "none", "members_can_create_repositories": False},
        )
    ]


def test_read_only_organization_settings_are_never_sent() -> None:
    change = Change(
        Kind.ORGANIZATION_SETTINGS,
        Action.UPDATE,
        ("acme",),
        desired={"two_factor_requirement_enabled": True},
        current={"two_factor_requirement_enabled": False},
    )
    assert unsupported_reason(change) == (
        "GitHub's API cannot change two_factor_requirement_enabled; set it in the organisation's settings"
    )


def test_organization_membership_invite_promote_remove() -> None:
    invite = Change(Kind.ORGANIZATION_MEMBERSHIP, Action.CREATE, ("carol",), desired="member")
    assert requests_for(invite) == [("PUT", "/orgs/acme/memberships/carol", {"role": "member"})]
    promote = Change(
        Kind.ORGANIZATION_MEMBERSHIP, Action.UPDATE, ("carol",), desired="admin", current="member"
    )
    assert requests_for(promote) == [("PUT", "/orgs/acme/memberships/carol", {"role": "admin"})]
    remove = Change(Kind.ORGANIZATION_MEMBERSHIP, Action.DELETE, ("carol",), current="member")
    assert requests_for(remove) == [("DELETE", "/orgs/acme/memberships/carol", None)]


def test_organization_role_outside_admin_or_member_is_unsupported() -> None:
    change = Change(Kind.ORGANIZATION_MEMBERSHIP, Action.UPDATE, ("eve",), desired="billing_manager")
    assert "'billing_manager' cannot be set through the API" in unsupported_reason(change)


def test_team_create_names_parent_by_id_and_never_sends_permission() -> None:
    team = Team(description="Frontend", privacy="closed", parent="Apps Team")
    change = Change(Kind.TEAM, Action.CREATE, ("frontend-team",), desired=team)
    assert requests_for(change) == [
        (
            "POST",
            "/orgs/acme/teams",
            {"name": "frontend-team", "description": "Frontend", "privacy": "closed", "parent_team_id": 12},
        )
    ]


def test_team_create_parent_created_earlier_uses_the_learned_id() -> None:
    change = Change(Kind.TEAM, Action.CREATE, ("child",), desired=Team(parent="new-parent"))
    known = {TeamId("new-parent"): 4242, TeamSlug("new-parent"): "new-parent"}
    assert requests_for(change, known=known) == [
        ("POST", "/orgs/acme/teams", {"name": "child", "parent_team_id": 4242})
    ]


def test_team_create_removes_the_creator_when_membership_is_managed() -> None:
    team = Team(privacy="secret", maintainers=["alice"], members=["bob"])
    change = Change(Kind.TEAM, Action.CREATE, ("Flux Bots",), desired=team)
    assert requests_for(change, viewer="ghprov-admin") == [
        ("POST", "/orgs/acme/teams", {"name": "Flux Bots", "privacy": "secret"}),
        ("DELETE", "/orgs/acme/teams/flux-bots/memberships/ghprov-admin", None),
    ]
    # Listed, or membership unmanaged, or an app applying: nothing to undo.
    listed = Change(Kind.TEAM, Action.CREATE, ("t",), desired=Team(maintainers=["ghprov-admin"]))
    assert len(requests_for(listed, viewer="ghprov-admin")) == 1
    unmanaged = Change(Kind.TEAM, Action.CREATE, ("t",), desired=Team(description="d"))
    assert len(requests_for(unmanaged, viewer="ghprov-admin")) == 1
    assert len(requests_for(change, viewer="")) == 1


def test_team_update_sends_changed_attributes_and_null_parent_to_unnest() -> None:
    current = Team(description="Old", privacy="closed", parent="platform-team")
    desired = Team(description="Old", privacy="secret", parent=None)
    change = Change(Kind.TEAM, Action.UPDATE, ("Apps Team",), desired=desired, current=current)
    assert requests_for(change) == [
        ("PATCH", "/orgs/acme/teams/apps-team", {"privacy": "secret", "parent_team_id": None})
    ]


def test_team_update_with_nothing_to_send_writes_nothing() -> None:
    team = Team(description="Same")
    change = Change(Kind.TEAM, Action.UPDATE, ("Apps Team",), desired=team, current=team)
    assert writes_for(change, Target("acme")) == []


def test_team_rename_and_delete() -> None:
    rename = Change(
        Kind.TEAM,
        Action.RENAME,
        ("Application Team",),
        fields=(FieldChange("name", "Apps Team", "Application Team"),),
        desired=Team(),
    )
    assert requests_for(rename) == [("PATCH", "/orgs/acme/teams/apps-team", {"name": "Application Team"})]
    delete = Change(Kind.TEAM, Action.DELETE, ("platform-team",), current=Team())
    assert requests_for(delete) == [("DELETE", "/orgs/acme/teams/platform-team", None)]


def test_team_membership_put_and_delete() -> None:
    add = Change(Kind.TEAM_MEMBERSHIP, Action.CREATE, ("platform-team", "alice"), desired="maintainer")
    assert requests_for(add) == [
        ("PUT", "/orgs/acme/teams/platform-team/memberships/alice", {"role": "maintainer"})
    ]
    demote = Change(
        Kind.TEAM_MEMBERSHIP, Action.UPDATE, ("Apps Team", "bob"), desired="member", current="maintainer"
    )
    assert requests_for(demote) == [("PUT", "/orgs/acme/teams/apps-team/memberships/bob", {"role": "member"})]
    remove = Change(Kind.TEAM_MEMBERSHIP, Action.DELETE, ("Apps Team", "bob"), current="member")
    assert requests_for(remove) == [("DELETE", "/orgs/acme/teams/apps-team/memberships/bob", None)]
    odd = Change(Kind.TEAM_MEMBERSHIP, Action.CREATE, ("Apps Team", "bob"), desired="owner")
    assert "'owner' is not one of member, maintainer" in unsupported_reason(odd)


def test_team_update_follows_the_plans_field_list() -> None:
    # The parent was renamed in this apply: the plan compared names after renames and saw no change.
    current = Team(description="Old", parent="Apps Team")
    desired = Team(description="New", parent="Application Team")
    fields = (FieldChange("description", "Old", "New"),)
    change = Change(Kind.TEAM, Action.UPDATE, ("frontend",), fields, desired=desired, current=current)
    assert requests_for(change) == [("PATCH", "/orgs/acme/teams/frontend", {"description": "New"})]
