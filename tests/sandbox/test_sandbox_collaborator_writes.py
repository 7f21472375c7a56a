"""Collaborator and invitation writes, and organisation-wide property values, as the sandbox answers them."""

from __future__ import annotations

import pytest
from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.rest_collaborators import accept_invitation

GRANT = "/repos/acme/d1-fleet/collaborators"


@pytest.fixture
def repo(owner: Client, sandbox: Sandbox) -> str:
    make_repo(owner, "d1-fleet", private=True)
    sandbox.state.add_user("ext-bob")
    return "d1-fleet"


def test_a_member_is_added_at_once_and_an_outsider_invited(
    owner: Client, sandbox: Sandbox, repo: str
) -> None:
    added = owner.put(f"{GRANT}/octo-member", json={"permission": "maintain"})
    assert added.status_code == 204
    assert sandbox.state.audit.collaborators["d1-fleet"] == {"octo-member": "maintain"}
    invited = owner.put(f"{GRANT}/ext-bob", json={"permission": "push"})
    assert invited.status_code == 201
    body = invited.json()
    assert (body["invitee"]["login"], body["permissions"], body["repository"]["name"]) == (
        "ext-bob",
        "write",
        repo,
    )
    listed = owner.get("/repos/acme/d1-fleet/invitations").json()
    assert [(item["id"], item["invitee"]["login"]) for item in listed] == [(body["id"], "ext-bob")]
    # Sent again while pending: the invitation's role changes, no second invitation.
    again = owner.put(f"{GRANT}/ext-bob", json={"permission": "triage"})
    assert again.status_code == 201 and again.json()["id"] == body["id"]
    assert [item["permissions"] for item in owner.get("/repos/acme/d1-fleet/invitations").json()] == [
        "triage"
    ]


def test_an_invitation_is_patched_cancelled_or_accepted(owner: Client, sandbox: Sandbox, repo: str) -> None:
    ident = owner.put(f"{GRANT}/ext-bob", json={"permission": "pull"}).json()["id"]
    patched = owner.patch(f"/repos/acme/d1-fleet/invitations/{ident}", json={"permissions": "admin"})
    assert patched.status_code == 200 and patched.json()["permissions"] == "admin"
    accept_invitation(sandbox.state, repo, "ext-bob")
    assert owner.get("/repos/acme/d1-fleet/invitations").json() == []
    assert sandbox.state.audit.collaborators["d1-fleet"] == {"ext-bob": "admin"}
    assert owner.delete(f"/repos/acme/d1-fleet/invitations/{ident}").status_code == 404
    removed = owner.delete(f"{GRANT}/ext-bob")
    assert removed.status_code == 204 and sandbox.state.audit.collaborators["d1-fleet"] == {}


def test_removing_a_collaborator_cancels_a_pending_invitation(owner: Client, repo: str) -> None:
    owner.put(f"{GRANT}/ext-bob", json={"permission": "pull"})
    assert owner.delete(f"{GRANT}/ext-bob").status_code == 204
    assert owner.get("/repos/acme/d1-fleet/invitations").json() == []


def test_githubs_refusals(owner: Client, member: Client, sandbox: Sandbox, repo: str) -> None:
    assert owner.put(f"{GRANT}/nobody-here", json={"permission": "pull"}).status_code == 404
    unknown_role = owner.put(f"{GRANT}/ext-bob", json={"permission": "superuser"})
    assert (
        unknown_role.status_code == 422
        and "superuser is not a valid permission" in unknown_role.json()["message"]
    )
    # Not an admin of the repository: no grants, no invitations.
    assert member.put(f"{GRANT}/ext-bob", json={"permission": "pull"}).status_code in (403, 404)
    sandbox.state.organization.settings["default_repository_permission"] = "write"
    below = owner.put(f"{GRANT}/octo-member", json={"permission": "pull"})
    assert (
        below.status_code == 422 and below.json()["message"] == "Cannot assign octo-member permission of read"
    )


def test_values_for_several_repositories_in_one_request(
    owner: Client, member: Client, sandbox: Sandbox, repo: str
) -> None:
    make_repo(owner, "d1-infra")
    schema = {"value_type": "single_select", "allowed_values": ["platform", "apps"]}
    assert owner.put("/orgs/acme/properties/schema/team", json=schema).status_code == 200
    body = {
        "repository_names": ["d1-fleet", "d1-infra"],
        "properties": [{"property_name": "team", "value": "apps"}],
    }
    assert owner.patch("/orgs/acme/properties/values", json=body).status_code == 204
    values = {
        item["repository_name"]: item["properties"]
        for item in owner.get("/orgs/acme/properties/values").json()
    }
    assert values["d1-infra"] == [{"property_name": "team", "value": "apps"}]
    unset = {"repository_names": ["d1-infra"], "properties": [{"property_name": "team", "value": None}]}
    assert owner.patch("/orgs/acme/properties/values", json=unset).status_code == 204
    assert sandbox.state.features.repository("d1-infra").custom_properties == {}
    bad = {
        "repository_names": ["d1-fleet", "d1-infra"],
        "properties": [{"property_name": "team", "value": "ops"}],
    }
    refused = owner.patch("/orgs/acme/properties/values", json=bad)
    assert refused.status_code == 422
    assert sandbox.state.features.repository("d1-fleet").custom_properties == {"team": "apps"}
    missing = {"repository_names": ["nope"], "properties": [{"property_name": "team", "value": "apps"}]}
    assert owner.patch("/orgs/acme/properties/values", json=missing).status_code == 422
    too_many = {"repository_names": [f"r{i}" for i in range(31)], "properties": []}
    assert owner.patch("/orgs/acme/properties/values", json=too_many).status_code == 422
    assert member.patch("/orgs/acme/properties/values", json=body).status_code == 403
