"""``/user/orgs``, ``/user/memberships/orgs``: which organisations a token reaches (clients ask first)."""

from __future__ import annotations

from sandbox_http import Client

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.pats import mint_user_token


def test_members_see_their_organisation(sandbox: Sandbox, owner: Client, member: Client) -> None:
    orgs = member.get("/user/orgs").json()
    assert [(org["login"], org["url"]) for org in orgs] == [("acme", f"{sandbox.url}/orgs/acme")]
    (membership,) = owner.get("/user/memberships/orgs").json()
    assert (membership["state"], membership["role"], membership["user"]["login"]) == (
        "active",
        "admin",
        "octo-owner",
    )
    assert membership["url"] == f"{sandbox.url}/orgs/acme/memberships/octo-owner"
    assert owner.get("/user/memberships/orgs", params={"state": "pending"}).json() == []
    single = member.get("/user/memberships/orgs/ACME")
    assert (single.status_code, single.json()["role"]) == (200, "member")
    assert member.get("/user/memberships/orgs/other").status_code == 404


def test_an_invitee_sees_a_pending_membership_only(sandbox: Sandbox, owner: Client) -> None:
    with sandbox.state.lock:
        token = mint_user_token(sandbox.state, "newcomer")
    assert owner.put("/orgs/acme/memberships/newcomer", json={"role": "member"}).status_code == 200
    newcomer = Client(sandbox, token)
    assert newcomer.get("/user/orgs").json() == []
    (pending,) = newcomer.get("/user/memberships/orgs", params={"state": "pending"}).json()
    assert pending["state"] == "pending"
    assert newcomer.get("/user/memberships/orgs", params={"state": "active"}).json() == []


def test_an_installation_is_not_a_user(sandbox: Sandbox, app: Client) -> None:
    for path in ("/user/orgs", "/user/memberships/orgs", "/user/memberships/orgs/acme"):
        response = app.get(path)
        assert (response.status_code, response.json()["message"]) == (
            403,
            "Resource not accessible by integration",
        )


def test_strangers_have_no_organisations(sandbox: Sandbox) -> None:
    with sandbox.state.lock:
        sandbox.state.add_user("stranger")
        token = mint_user_token(sandbox.state, "stranger")
    stranger = Client(sandbox, token)
    assert stranger.get("/user/orgs").json() == []
    assert stranger.get("/user/memberships/orgs").json() == []
    assert stranger.get("/user/memberships/orgs/acme").status_code == 404


def test_an_invitee_joins_through_the_api(sandbox: Sandbox, owner: Client) -> None:
    with sandbox.state.lock:
        token = mint_user_token(sandbox.state, "newcomer")
    assert owner.put("/orgs/acme/memberships/newcomer", json={"role": "admin"}).status_code == 200
    newcomer = Client(sandbox, token)
    joined = newcomer.patch("/user/memberships/orgs/acme", json={"state": "active"})
    assert (joined.status_code, joined.json()["state"], joined.json()["role"]) == (200, "active", "admin")
    assert [org["login"] for org in newcomer.get("/user/orgs").json()] == ["acme"]
    assert owner.get("/orgs/acme/invitations").json() == []
    # Joining again changes nothing; only "active" is a state one can ask for.
    assert newcomer.patch("/user/memberships/orgs/acme", json={"state": "active"}).status_code == 200
    assert newcomer.patch("/user/memberships/orgs/acme", json={"state": "pending"}).status_code == 422
    assert newcomer.patch("/user/memberships/orgs/other", json={"state": "active"}).status_code == 404
