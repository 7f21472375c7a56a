"""Classic branch protection: write shape in, read shape out, plan gating and sub-resources."""

from __future__ import annotations

from sandbox_http import PROTECTION, Client, make_repo

from ghprov_testbeds.sandbox import Sandbox


def test_unprotected_branch_is_404_branch_not_protected(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    response = owner.get("/repos/acme/d1-fleet/branches/main/protection")
    assert (response.status_code, response.json()["message"]) == (404, "Branch not protected")


def test_put_then_get_returns_the_read_shape(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    put = owner.put("/repos/acme/d1-fleet/branches/main/protection", json=PROTECTION)
    assert put.status_code == 200
    body = owner.get("/repos/acme/d1-fleet/branches/main/protection").json()
    assert body["enforce_admins"]["enabled"] is True and body["enforce_admins"]["url"].endswith(
        "/enforce_admins"
    )
    assert body["allow_force_pushes"] == {"enabled": False}
    reviews = body["required_pull_request_reviews"]
    assert reviews["required_approving_review_count"] == 2
    bypass = reviews["bypass_pull_request_allowances"]
    assert [u["login"] for u in bypass["users"]] == ["octo-flux-bot"] and bypass["users"][0]["id"] > 0
    assert body["required_status_checks"]["contexts"] == ["ci/build"]
    assert body["required_signatures"]["enabled"] is False
    assert "restrictions" not in body
    assert owner.get("/repos/acme/d1-fleet/branches/main").json()["protected"] is True


def test_restrictions_resolve_teams_and_users(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    owner.post("/orgs/acme/teams", json={"name": "platform"})
    body = {**PROTECTION, "restrictions": {"users": ["octo-owner"], "teams": ["platform"], "apps": []}}
    read = owner.put("/repos/acme/d1-fleet/branches/main/protection", json=body).json()
    assert [t["slug"] for t in read["restrictions"]["teams"]] == ["platform"]
    unknown = {**PROTECTION, "restrictions": {"users": [], "teams": ["ghosts"]}}
    assert owner.put("/repos/acme/d1-fleet/branches/main/protection", json=unknown).status_code == 422


def test_app_restrictions_answer_in_githubs_schema(sandbox: Sandbox, owner: Client) -> None:
    """Found by the generated round trip (seed 40): an App in restrictions answered a null description,
    which GitHub's branch-restriction-policy schema does not allow (the fixture fails on it)."""
    make_repo(owner, "d1-fleet")
    sandbox.state.add_app("flux-app")
    body = {**PROTECTION, "restrictions": {"users": [], "teams": [], "apps": ["flux-app"]}}
    read = owner.put("/repos/acme/d1-fleet/branches/main/protection", json=body)
    assert read.status_code == 200
    assert [app["slug"] for app in read.json()["restrictions"]["apps"]] == ["flux-app"]
    assert owner.get("/repos/acme/d1-fleet/branches/main/protection").json()["restrictions"]["apps"]


def test_put_body_missing_required_keys_is_rejected(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    response = owner.put("/repos/acme/d1-fleet/branches/main/protection", json={"enforce_admins": "yes"})
    assert response.status_code == 422
    assert "required_status_checks" in response.json()["message"]


def test_required_signatures_sub_resource(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    path = "/repos/acme/d1-fleet/branches/main/protection"
    assert owner.post(f"{path}/required_signatures").status_code == 404
    owner.put(path, json=PROTECTION)
    assert owner.post(f"{path}/required_signatures").json()["enabled"] is True
    assert owner.get(f"{path}/required_signatures").json()["enabled"] is True
    assert owner.get(path).json()["required_signatures"]["enabled"] is True
    assert owner.delete(f"{path}/required_signatures").status_code == 204
    assert owner.get(f"{path}/required_signatures").json()["enabled"] is False


def test_delete_protection(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    path = "/repos/acme/d1-fleet/branches/main/protection"
    owner.put(path, json=PROTECTION)
    assert owner.delete(path).status_code == 204
    assert owner.get(path).status_code == 404


def test_free_plan_private_repository_needs_an_upgrade(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "free"
    make_repo(owner, "private-one", visibility="private")
    make_repo(owner, "public-one", visibility="public")
    refused = owner.put("/repos/acme/private-one/branches/main/protection", json=PROTECTION)
    assert refused.status_code == 403
    assert (
        refused.json()["message"]
        == "Upgrade to GitHub Pro or make this repository public to enable this feature."
    )
    assert owner.put("/repos/acme/public-one/branches/main/protection", json=PROTECTION).status_code == 200


def test_without_admin_rights_protection_is_not_found(owner: Client, member: Client) -> None:
    make_repo(owner, "d1-fleet")
    assert member.put("/repos/acme/d1-fleet/branches/main/protection", json=PROTECTION).status_code == 404
    assert member.get("/repos/acme/d1-fleet/branches/main/protection").status_code == 404
