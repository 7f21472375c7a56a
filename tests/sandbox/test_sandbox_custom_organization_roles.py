"""Custom organisation roles in the sandbox: Enterprise Cloud only, owners only, GitHub's validation,
listed beside the predefined roles, assignable, and taken from their holders when deleted."""

from __future__ import annotations

from sandbox_http import Client

from ghprov_testbeds.sandbox import Sandbox

AUDITOR = {"name": "auditor", "description": "Reads the audit log", "permissions": ["read_audit_logs"]}
ROLES = "/orgs/acme/organization-roles"


def test_below_enterprise_the_writes_and_permissions_answer_404_but_roles_still_list(owner: Client) -> None:
    assert owner.post(ROLES, json=AUDITOR).status_code == 404
    assert owner.patch(f"{ROLES}/138", json={"description": "x"}).status_code == 404
    assert owner.delete(f"{ROLES}/138").status_code == 404
    assert owner.get("/orgs/acme/organization-fine-grained-permissions").status_code == 404
    listing = owner.get(ROLES).json()
    assert {role["source"] for role in listing["roles"]} == {"Predefined"}


def test_create_list_update_delete_on_enterprise(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    created = owner.post(ROLES, json=AUDITOR)
    assert created.status_code == 201, created.text
    role = created.json()
    assert (role["source"], role["permissions"], "base_role" in role) == (
        "Organization",
        ["read_audit_logs"],
        False,
    )
    listed = {item["name"]: item for item in owner.get(ROLES).json()["roles"]}
    assert listed["auditor"]["id"] == role["id"] and listed["security_manager"]["source"] == "Predefined"
    patched = owner.patch(f"{ROLES}/{role['id']}", json={"base_role": "read", "description": ""})
    assert patched.status_code == 200 and patched.json()["base_role"] == "read"
    assert patched.json()["permissions"] == ["read_audit_logs"]  # omitted fields are kept
    assert owner.get(f"{ROLES}/{role['id']}").json()["description"] == ""
    assert owner.delete(f"{ROLES}/{role['id']}").status_code == 204
    assert owner.get(f"{ROLES}/{role['id']}").status_code == 404


def test_githubs_validation(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    assert owner.post(ROLES, json={**AUDITOR, "name": "all_repo_read"}).status_code == 422
    assert owner.post(ROLES, json={**AUDITOR, "permissions": ["read_audit_log"]}).status_code == 422
    # A repository permission needs a base role, on create and when an update would drop it.
    repository = {"name": "flux", "permissions": ["bypass_branch_protection"]}
    assert owner.post(ROLES, json=repository).status_code == 422
    flux = owner.post(ROLES, json={**repository, "base_role": "write"}).json()
    assert owner.patch(f"{ROLES}/{flux['id']}", json={"base_role": "none"}).status_code == 422
    assert owner.post(ROLES, json={**repository, "base_role": "write"}).status_code == 422  # name taken
    # Predefined roles are not the organisation's to change.
    assert owner.patch(f"{ROLES}/138", json={"description": "x"}).status_code == 404
    assert owner.delete(f"{ROLES}/8132").status_code == 404


def test_only_owners_write(member: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    assert member.post(ROLES, json=AUDITOR).status_code == 403


def test_a_deleted_role_is_taken_from_its_holders(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    role_id = owner.post(ROLES, json=AUDITOR).json()["id"]
    owner.post("/orgs/acme/teams", json={"name": "auditors"})
    assert owner.put(f"{ROLES}/teams/auditors/{role_id}").status_code == 204
    teams = owner.get(f"{ROLES}/{role_id}/teams").json()
    assert [team["slug"] for team in teams] == ["auditors"]
    owner.delete(f"{ROLES}/{role_id}")
    features = sandbox.state.features.organization
    assert str(role_id) not in features.organization_role_team_ids
    assert owner.get(f"{ROLES}/{role_id}/teams").status_code == 404


def test_the_permission_list_names_and_describes(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    permissions = owner.get("/orgs/acme/organization-fine-grained-permissions").json()
    names = [item["name"] for item in permissions]
    assert "write_organization_custom_org_role" in names and all(item["description"] for item in permissions)
