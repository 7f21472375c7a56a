"""Organisation settings, members, memberships and invitations."""

from __future__ import annotations

from sandbox_http import Client

from ghprov.model.github_defaults import ORGANIZATION_DEFAULTS, REPOSITORY_DEFAULTS
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.state import Repository, default_org_settings


def test_owner_sees_settings_and_plan_member_does_not(owner: Client, member: Client) -> None:
    full = owner.get("/orgs/acme").json()
    assert full["plan"]["name"] == "team"
    assert full["two_factor_requirement_enabled"] is False
    public = member.get("/orgs/acme").json()
    assert "plan" not in public and "default_repository_permission" not in public


def test_patch_updates_writable_settings(owner: Client, sandbox: Sandbox) -> None:
    response = owner.patch(
        "/orgs/acme", json={"default_repository_permission": "none", "description": "Fleet"}
    )
    assert response.status_code == 200
    assert response.json()["default_repository_permission"] == "none"
    assert sandbox.state.organization.settings["description"] == "Fleet"


def test_patch_rejects_read_only_settings(owner: Client, sandbox: Sandbox) -> None:
    response = owner.patch("/orgs/acme", json={"two_factor_requirement_enabled": True})
    assert response.status_code == 422
    assert "two_factor_requirement_enabled" in response.json()["message"]
    assert sandbox.state.organization.settings["two_factor_requirement_enabled"] is False


def test_patch_needs_an_owner(member: Client) -> None:
    response = member.patch("/orgs/acme", json={"description": "x"})
    assert response.status_code == 403


def test_members_list_and_role_filter(owner: Client) -> None:
    logins = [user["login"] for user in owner.get("/orgs/acme/members").json()]
    assert logins == ["octo-owner", "octo-member", "octo-flux-bot"]
    admins = [user["login"] for user in owner.get("/orgs/acme/members", params={"role": "admin"}).json()]
    assert admins == ["octo-owner"]
    assert owner.get("/orgs/acme/members/octo-member").status_code == 204
    assert owner.get("/orgs/acme/members/nobody").status_code == 404


def test_put_membership_invites_a_non_member_as_pending(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.add_user("dave")
    response = owner.put("/orgs/acme/memberships/dave", json={"role": "admin"})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["role"]) == ("pending", "admin")
    invitations = owner.get("/orgs/acme/invitations").json()
    assert [(i["login"], i["role"]) for i in invitations] == [("dave", "admin")]
    assert "dave" not in [user["login"] for user in owner.get("/orgs/acme/members").json()]
    assert sandbox.accept_invitations() == ["dave"]
    assert owner.get("/orgs/acme/memberships/dave").json()["state"] == "active"
    assert owner.get("/orgs/acme/invitations").json() == []


def test_auto_accept_switch_makes_invitations_active(owner: Client, sandbox: Sandbox) -> None:
    sandbox.settings.auto_accept_invitations = True
    sandbox.state.add_user("erin")
    assert owner.put("/orgs/acme/memberships/erin", json={"role": "member"}).json()["state"] == "active"


def test_role_change_and_removal(owner: Client, sandbox: Sandbox) -> None:
    assert owner.put("/orgs/acme/memberships/octo-member", json={"role": "admin"}).json()["role"] == "admin"
    assert owner.delete("/orgs/acme/memberships/octo-member").status_code == 204
    assert owner.get("/orgs/acme/memberships/octo-member").status_code == 404
    demote_last = owner.put("/orgs/acme/memberships/octo-owner", json={"role": "member"})
    assert demote_last.status_code == 403


def test_invitation_by_id_and_cancel(owner: Client, sandbox: Sandbox) -> None:
    frank = sandbox.state.add_user("frank")
    created = owner.post("/orgs/acme/invitations", json={"invitee_id": frank.id, "role": "direct_member"})
    assert created.status_code == 201
    assert owner.get("/orgs/acme/memberships/frank").json()["state"] == "pending"
    assert owner.delete(f"/orgs/acme/invitations/{created.json()['id']}").status_code == 204
    assert owner.get("/orgs/acme/memberships/frank").status_code == 404
    again = owner.post("/orgs/acme/invitations", json={"invitee_id": sandbox.state.users["octo-member"].id})
    assert again.status_code == 422


def test_app_installations_are_listed_for_owners_only(
    owner: Client, member: Client, sandbox: Sandbox
) -> None:
    sandbox.state.add_app("release-bot")
    apps = sandbox.state.apps
    body = owner.get("/orgs/acme/installations").json()
    assert body["total_count"] == 2
    assert [(item["app_id"], item["app_slug"], item["id"]) for item in body["installations"]] == [
        (apps[slug].id, slug, apps[slug].installation_id) for slug in ("ghprov-app", "release-bot")
    ]
    assert body["installations"][0]["account"]["login"] == "acme"
    paged = owner.get("/orgs/acme/installations", params={"per_page": 1})
    assert [item["app_slug"] for item in paged.json()["installations"]] == ["ghprov-app"]
    assert 'rel="next"' in paged.headers["Link"]
    assert member.get("/orgs/acme/installations").status_code == 403


def test_github_defaults_have_one_source() -> None:
    """The sandbox's new organisation and repository state GitHub's defaults from the model's module."""
    assert default_org_settings() == dict(ORGANIZATION_DEFAULTS)
    new = Repository(id=1, node_id="R_1", name="new")
    assert {name: getattr(new, name) for name in REPOSITORY_DEFAULTS} == {
        **REPOSITORY_DEFAULTS,
        "topics": [],
    }
