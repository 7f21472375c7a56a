"""Custom repository roles (Enterprise only), the rate-limit endpoint and the App-only PAT listing."""

from __future__ import annotations

from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox

ROLE = {
    "name": "flux-automation",
    "description": "Image updates",
    "base_role": "write",
    "permissions": ["bypass_branch_protection"],
}


def test_custom_roles_are_404_below_enterprise(owner: Client) -> None:
    assert owner.get("/orgs/acme/custom-repository-roles").status_code == 404
    assert owner.post("/orgs/acme/custom-repository-roles", json=ROLE).status_code == 404


def test_custom_role_crud_on_enterprise(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    created = owner.post("/orgs/acme/custom-repository-roles", json=ROLE)
    assert created.status_code == 201
    ident = created.json()["id"]
    listing = owner.get("/orgs/acme/custom-repository-roles").json()
    assert listing["total_count"] == 1 and listing["custom_roles"][0]["name"] == "flux-automation"
    assert owner.post("/orgs/acme/custom-repository-roles", json=ROLE).status_code == 422
    patched = owner.patch(f"/orgs/acme/custom-repository-roles/{ident}", json={"description": "changed"})
    assert patched.json()["description"] == "changed"
    assert owner.delete(f"/orgs/acme/custom-repository-roles/{ident}").status_code == 204
    assert owner.get(f"/orgs/acme/custom-repository-roles/{ident}").status_code == 404


def test_deleting_a_custom_role_falls_back_to_its_base_role(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    ident = owner.post("/orgs/acme/custom-repository-roles", json=ROLE).json()["id"]
    make_repo(owner, "d1-apps")
    owner.post("/orgs/acme/teams", json={"name": "bots"})
    owner.put("/orgs/acme/teams/bots/repos/acme/d1-apps", json={"permission": "flux-automation"})
    owner.delete(f"/orgs/acme/custom-repository-roles/{ident}")
    assert sandbox.state.team_by_slug("bots").repos == {"d1-apps": "write"}  # type: ignore[union-attr]


def test_custom_role_base_role_is_validated(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    response = owner.post("/orgs/acme/custom-repository-roles", json={**ROLE, "base_role": "owner"})
    assert response.status_code == 422


def test_rate_limit_endpoint_is_free(owner: Client) -> None:
    owner.get("/orgs/acme")
    first = owner.get("/rate_limit").json()
    second = owner.get("/rate_limit").json()
    assert first["resources"]["core"]["used"] == second["resources"]["core"]["used"] == 1
    assert first["rate"]["limit"] == 5000


def test_pat_grants_only_for_apps(owner: Client, app: Client) -> None:
    assert owner.get("/orgs/acme/personal-access-tokens").status_code == 403
    grants = app.get("/orgs/acme/personal-access-tokens").json()
    assert sorted(g["owner"]["login"] for g in grants) == ["octo-flux-bot", "octo-member", "octo-owner"]
    assert all(g["token_expires_at"] and g["token_expired"] is False for g in grants)
