"""The custom organisation role writer: exact requests, validated against GitHub's OpenAPI (the GHEC
operations), and the id a creation answers reaching the assignment writer."""

from __future__ import annotations

from apply_writes import check_contract, requests_for, unsupported_reason

from ghprov.github.write import Resolver, Target, writes_for
from ghprov.model import CustomOrganizationRole, ResourceIds
from ghprov.plan.changes import Action, Change, Kind

IDS = ResourceIds(resources={"organization_role:auditor": 4242})
AUDITOR = CustomOrganizationRole(description="Reads the audit log", permissions=("read_audit_logs",))


def test_a_role_is_created_with_its_name_and_permissions() -> None:
    bare = Change(Kind.ORGANIZATION_ROLE, Action.CREATE, ("bare",), desired=CustomOrganizationRole())
    assert requests_for(bare, ids=ResourceIds()) == [
        ("POST", "/orgs/acme/organization-roles", {"name": "bare", "permissions": []})
    ]
    full = CustomOrganizationRole(
        description="Flux", base_role="write", permissions=("bypass_branch_protection", "read_audit_logs")
    )
    create = Change(Kind.ORGANIZATION_ROLE, Action.CREATE, ("flux",), desired=full)
    assert requests_for(create, ids=ResourceIds()) == [
        (
            "POST",
            "/orgs/acme/organization-roles",
            {
                "name": "flux",
                "permissions": ["bypass_branch_protection", "read_audit_logs"],
                "description": "Flux",
                "base_role": "write",
            },
        )
    ]


def test_an_update_sends_the_whole_role_and_clears_with_empty_values() -> None:
    current = CustomOrganizationRole(description="old", base_role="read", permissions=("read_audit_logs",))
    update = Change(
        Kind.ORGANIZATION_ROLE, Action.UPDATE, ("auditor",), desired=CustomOrganizationRole(), current=current
    )
    # "none" drops the base role and "" the description; PATCH would keep omitted fields.
    assert requests_for(update, ids=IDS) == [
        (
            "PATCH",
            "/orgs/acme/organization-roles/4242",
            {"permissions": [], "base_role": "none", "description": ""},
        )
    ]
    unchanged_base = Change(
        Kind.ORGANIZATION_ROLE, Action.UPDATE, ("auditor",), desired=AUDITOR, current=CustomOrganizationRole()
    )
    assert requests_for(unchanged_base, ids=IDS) == [
        (
            "PATCH",
            "/orgs/acme/organization-roles/4242",
            {"permissions": ["read_audit_logs"], "description": "Reads the audit log"},
        )
    ]


def test_a_role_is_deleted_by_id_and_a_gone_role_counts_as_deleted() -> None:
    delete = Change(Kind.ORGANIZATION_ROLE, Action.DELETE, ("auditor",), current=AUDITOR)
    assert requests_for(delete, ids=IDS) == [("DELETE", "/orgs/acme/organization-roles/4242", None)]
    (request,) = writes_for(delete, Target("acme"))  # type: ignore[misc]
    assert request.already_done == frozenset({404})


def test_the_assignment_uses_the_id_the_creation_answered() -> None:
    create = Change(Kind.ORGANIZATION_ROLE, Action.CREATE, ("auditor",), desired=AUDITOR)
    assign = Change(
        Kind.ORGANIZATION_ROLE_ASSIGNMENT, Action.CREATE, ("auditor", "user:carol"), desired="auditor"
    )
    resolver = Resolver(Target("acme"), ResourceIds())
    (creation,) = writes_for(create, Target("acme"))  # type: ignore[misc]
    assert creation.creates and creation.learn is not None
    check_contract(resolver.resolve(creation))
    resolver.learn(creation.learn, {"id": 9001, "name": "auditor"})
    (assignment,) = writes_for(assign, Target("acme"))  # type: ignore[misc]
    resolved = resolver.resolve(assignment)
    check_contract(resolved)
    assert (resolved.method, resolved.path) == ("PUT", "/orgs/acme/organization-roles/users/carol/9001")


def test_a_rename_is_not_something_the_writer_guesses() -> None:
    rename = Change(Kind.ORGANIZATION_ROLE, Action.RENAME, ("auditor",), desired=AUDITOR)
    assert "identified by name" in unsupported_reason(rename)
