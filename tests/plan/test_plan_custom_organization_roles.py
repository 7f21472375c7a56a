"""Custom organisation role definitions in the plan: create, update, prune, GHEC only, permission
names checked against GitHub's lists, assignments that depend on a role created in the same apply."""

from __future__ import annotations

from typing import Any

import pytest
from plan_helpers import addresses, live, org

from ghprov.errors import GhprovError
from ghprov.model import LiveOrganization, ResourceIds
from ghprov.plan import compute_plan
from ghprov.plan.kinds.custom_organization_roles import ORGANIZATION_PERMISSIONS, REPOSITORY_PERMISSIONS

PEOPLE = {"members": {"owners": ["olivia"], "members": ["carol", "dave"]}}
PREDEFINED = {"organization_role:security_manager": 138, "organization_role:all_repo_write": 8134}
AUDITOR: dict[str, Any] = {"description": "Reads the audit log", "permissions": ["read_audit_logs"]}
VOCABULARIES = {
    ORGANIZATION_PERMISSIONS: ("read_audit_logs", "write_organization_actions_secrets"),
    REPOSITORY_PERMISSIONS: ("bypass_branch_protection", "close_issue"),
}


def _live(
    *, plan_name: str = "enterprise", custom: dict[str, int] | None = None, **state: Any
) -> LiveOrganization:
    current = live(**PEOPLE, **state)
    ids = {**PREDEFINED, **{f"organization_role:{name}": ident for name, ident in (custom or {}).items()}}
    current.ids = ResourceIds(resources=ids)
    current.plan_name = plan_name
    current.vocabularies = dict(VOCABULARIES)
    return current


def test_a_declared_role_is_created_then_converges() -> None:
    desired = org(**PEOPLE, custom_organization_roles={"auditor": AUDITOR})
    plan = compute_plan(desired, _live())
    assert addresses(plan) == ["+ organization_role:auditor"]
    (change,) = plan.changes
    assert {field.field: field.after for field in change.fields} == {
        "description": "Reads the audit log",
        "permissions": ["read_audit_logs"],
    }
    converged = _live(custom={"auditor": 9001}, custom_organization_roles={"auditor": AUDITOR})
    assert compute_plan(desired, converged).changes == []


def test_a_changed_role_is_updated_and_undeclared_ones_go_only_with_prune() -> None:
    live_roles = {"auditor": AUDITOR, "legacy": {"permissions": ["read_audit_logs"]}}
    current = _live(custom={"auditor": 1, "legacy": 2}, custom_organization_roles=live_roles)
    changed = {"auditor": {**AUDITOR, "base_role": "read"}}
    plan = compute_plan(org(**PEOPLE, custom_organization_roles=changed), current)
    assert addresses(plan) == ["~ organization_role:auditor"]
    assert [(field.field, field.before, field.after) for field in plan.changes[0].fields] == [
        ("base_role", None, "read")
    ]
    pruned = compute_plan(
        org(**PEOPLE, custom_organization_roles=changed, prune={"custom_organization_roles": True}), current
    )
    assert addresses(pruned) == ["~ organization_role:auditor", "- organization_role:legacy"]


def test_predefined_roles_are_never_planned_for_deletion() -> None:
    # The live model holds only the organisation's own roles; predefined ones are ids, not definitions.
    desired = org(**PEOPLE, prune={"custom_organization_roles": True})
    assert compute_plan(desired, _live()).changes == []


def test_a_role_the_config_still_assigns_is_kept_with_a_finding() -> None:
    current = _live(
        custom={"legacy": 2},
        custom_organization_roles={"legacy": {"permissions": ["read_audit_logs"]}},
        organization_roles={"legacy": {"users": ["carol"]}},
    )
    desired = org(
        **PEOPLE,
        organization_roles={"legacy": {"users": ["carol"]}},
        prune={"custom_organization_roles": True},
    )
    plan = compute_plan(desired, current)
    assert plan.changes == []
    assert [(finding.code, finding.address) for finding in plan.findings] == [
        ("role-still-assigned", "organization_role:legacy")
    ]


@pytest.mark.parametrize("plan_name", ["team", "free"])
def test_a_plain_organisation_refuses_at_plan_naming_its_plan(plan_name: str) -> None:
    desired = org(**PEOPLE, custom_organization_roles={"auditor": AUDITOR})
    with pytest.raises(GhprovError, match="need GitHub Enterprise Cloud") as raised:
        compute_plan(desired, _live(plan_name=plan_name))
    assert f"'{plan_name}' plan" in str(raised.value)
    assert "custom_organization_roles" in raised.value.hint


def test_the_prune_switch_alone_is_harmless_on_a_plain_organisation() -> None:
    desired = org(**PEOPLE, prune={"custom_organization_roles": True})
    assert compute_plan(desired, _live(plan_name="team")).changes == []


def test_github_answering_404_for_the_permissions_refuses_too() -> None:
    current = _live(plan_name="")
    current.unavailable = {
        "custom_organization_roles": "GitHub answered 404 to GET "
        "/orgs/acme/organization-fine-grained-permissions"
    }
    with pytest.raises(GhprovError, match="Enterprise Cloud: GitHub answered 404"):
        compute_plan(org(**PEOPLE, custom_organization_roles={"auditor": AUDITOR}), current)


def test_an_unknown_permission_fails_naming_the_valid_ones() -> None:
    desired = org(**PEOPLE, custom_organization_roles={"auditor": {"permissions": ["read_audit_log"]}})
    with pytest.raises(GhprovError, match="no permission 'read_audit_log'") as raised:
        compute_plan(desired, _live())
    assert raised.value.hint == (
        "use one of: bypass_branch_protection, close_issue, read_audit_logs, "
        "write_organization_actions_secrets"
    )


def test_a_repository_permission_needs_a_base_role() -> None:
    bare = {"flux": {"permissions": ["bypass_branch_protection"]}}
    with pytest.raises(GhprovError, match="repository permission") as raised:
        compute_plan(org(**PEOPLE, custom_organization_roles=bare), _live())
    assert "base_role" in raised.value.hint
    based = {"flux": {"base_role": "write", "permissions": ["bypass_branch_protection"]}}
    assert addresses(compute_plan(org(**PEOPLE, custom_organization_roles=based), _live())) == [
        "+ organization_role:flux"
    ]


def test_unreadable_permission_lists_leave_the_names_to_github() -> None:
    current = _live()
    current.vocabularies = {}
    desired = org(**PEOPLE, custom_organization_roles={"auditor": {"permissions": ["anything"]}})
    assert addresses(compute_plan(desired, current)) == ["+ organization_role:auditor"]


def test_a_new_role_cannot_take_an_existing_predefined_or_enterprise_name() -> None:
    current = _live(custom={"enterprise-auditor": 77})  # listed, but not the organisation's own
    desired = org(**PEOPLE, custom_organization_roles={"enterprise-auditor": AUDITOR})
    with pytest.raises(GhprovError, match="already has a predefined or enterprise role"):
        compute_plan(desired, current)


def test_an_assignment_to_a_role_created_in_the_same_apply_depends_on_the_creation() -> None:
    desired = org(
        **PEOPLE,
        custom_organization_roles={"auditor": AUDITOR},
        organization_roles={"auditor": {"users": ["carol"]}},
    )
    plan = compute_plan(desired, _live())
    assert addresses(plan) == [
        "+ organization_role:auditor",
        "+ organization_role_assignment:auditor/user:carol",
    ]
    assert plan.changes[1].depends_on == ("organization_role:auditor",)


def test_a_custom_role_with_a_base_role_is_an_access_path() -> None:
    desired = org(
        **PEOPLE,
        repositories={"d1-fleet": {}},
        custom_organization_roles={"releaser": {"base_role": "maintain"}},
        organization_roles={"releaser": {"users": ["dave"]}},
    )
    plan = compute_plan(desired, _live(repositories={"d1-fleet": {}}))
    assert [change.describe() for change in plan.access] == [
        "dave gains maintain on d1-fleet (via organization role releaser)"
    ]


def test_deleting_a_role_takes_access_from_its_holders() -> None:
    current = _live(
        custom={"releaser": 5},
        repositories={"d1-fleet": {}},
        custom_organization_roles={"releaser": {"base_role": "write"}},
        organization_roles={"releaser": {"users": ["dave"]}},
    )
    desired = org(**PEOPLE, repositories={"d1-fleet": {}}, prune={"custom_organization_roles": True})
    plan = compute_plan(desired, current)
    assert addresses(plan) == ["- organization_role:releaser"]
    assert [change.describe() for change in plan.access] == [
        "dave loses write on d1-fleet (via organization role releaser)"
    ]
