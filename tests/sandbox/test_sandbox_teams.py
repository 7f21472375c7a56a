"""Teams: slugs, uniqueness, nesting and privacy, memberships, repository grants."""

from __future__ import annotations

from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox


def test_create_team_slug_and_creator_becomes_maintainer(owner: Client, sandbox: Sandbox) -> None:
    response = owner.post("/orgs/acme/teams", json={"name": "My TEam Näme", "description": "d"})
    assert response.status_code == 201
    body = response.json()
    assert (body["slug"], body["privacy"], body["parent"]) == ("my-team-name", "secret", None)
    members = owner.get("/orgs/acme/teams/my-team-name/members").json()
    assert [(m["login"], m["role"], m["inherited"]) for m in members] == [("octo-owner", "maintainer", False)]


def test_duplicate_team_name_is_422(owner: Client) -> None:
    owner.post("/orgs/acme/teams", json={"name": "platform"})
    response = owner.post("/orgs/acme/teams", json={"name": "Platform"})
    assert response.status_code == 422
    assert response.json()["message"] == "Validation Failed"
    assert response.json()["errors"][0]["field"] == "name"


def test_nested_teams_must_be_closed(owner: Client) -> None:
    parent = owner.post("/orgs/acme/teams", json={"name": "apps", "privacy": "closed"}).json()
    secret_child = owner.post(
        "/orgs/acme/teams", json={"name": "fe", "parent_team_id": parent["id"], "privacy": "secret"}
    )
    assert secret_child.status_code == 422
    child = owner.post("/orgs/acme/teams", json={"name": "fe", "parent_team_id": parent["id"]})
    assert child.status_code == 201
    assert (child.json()["privacy"], child.json()["parent"]["slug"]) == ("closed", "apps")
    assert owner.patch("/orgs/acme/teams/apps", json={"privacy": "secret"}).status_code == 422
    assert (
        owner.patch("/orgs/acme/teams/apps", json={"parent_team_id": child.json()["id"]}).status_code == 422
    )
    assert [t["slug"] for t in owner.get("/orgs/acme/teams/apps/teams").json()] == ["fe"]


def test_rename_changes_slug_and_unnest(owner: Client) -> None:
    parent = owner.post("/orgs/acme/teams", json={"name": "apps", "privacy": "closed"}).json()
    owner.post("/orgs/acme/teams", json={"name": "fe", "parent_team_id": parent["id"]})
    renamed = owner.patch("/orgs/acme/teams/fe", json={"name": "Frontend", "parent_team_id": None})
    assert renamed.status_code == 200
    assert (renamed.json()["slug"], renamed.json()["parent"]) == ("frontend", None)
    assert owner.get("/orgs/acme/teams/fe").status_code == 404


def test_deleting_a_parent_deletes_its_children(owner: Client, sandbox: Sandbox) -> None:
    parent = owner.post("/orgs/acme/teams", json={"name": "apps", "privacy": "closed"}).json()
    owner.post("/orgs/acme/teams", json={"name": "fe", "parent_team_id": parent["id"]})
    assert owner.delete("/orgs/acme/teams/apps").status_code == 204
    assert owner.get("/orgs/acme/teams/fe").status_code == 404
    assert sandbox.state.teams == {}


def test_child_team_members_are_listed_as_inherited(owner: Client) -> None:
    parent = owner.post("/orgs/acme/teams", json={"name": "apps", "privacy": "closed"}).json()
    owner.post("/orgs/acme/teams", json={"name": "fe", "parent_team_id": parent["id"]})
    assert (
        owner.put("/orgs/acme/teams/fe/memberships/octo-member", json={"role": "member"}).status_code == 200
    )
    members = {m["login"]: m["inherited"] for m in owner.get("/orgs/acme/teams/apps/members").json()}
    assert members == {"octo-owner": False, "octo-member": True}


def test_team_membership_roles_and_pending_for_non_members(owner: Client, sandbox: Sandbox) -> None:
    owner.post("/orgs/acme/teams", json={"name": "ops"})
    put = owner.put("/orgs/acme/teams/ops/memberships/octo-member", json={"role": "maintainer"})
    assert put.json() | {"url": ""} == {"url": "", "role": "maintainer", "state": "active"}
    sandbox.state.add_user("gina")
    pending = owner.put("/orgs/acme/teams/ops/memberships/gina").json()
    assert (pending["role"], pending["state"]) == ("member", "pending")
    assert owner.get("/orgs/acme/memberships/gina").json()["state"] == "pending"
    assert owner.delete("/orgs/acme/teams/ops/memberships/octo-member").status_code == 204
    assert owner.get("/orgs/acme/teams/ops/memberships/octo-member").status_code == 404


def test_team_repository_grants_with_role_names(owner: Client, sandbox: Sandbox) -> None:
    make_repo(owner, "d1-apps")
    owner.post("/orgs/acme/teams", json={"name": "apps"})
    path = "/orgs/acme/teams/apps/repos/acme/d1-apps"
    assert owner.get(path).status_code == 404
    assert owner.put(path, json={"permission": "push"}).status_code == 204
    assert owner.get(path).status_code == 204
    media = owner.get(path, headers={"Accept": "application/vnd.github.v3.repository+json"})
    assert media.status_code == 200 and media.json()["role_name"] == "write"
    assert owner.put(path, json={"permission": "superuser"}).status_code == 422
    assert owner.put(path, json={"permission": "maintain"}).status_code == 204
    assert [r["role_name"] for r in owner.get("/orgs/acme/teams/apps/repos").json()] == ["maintain"]
    assert owner.delete(path).status_code == 204
    assert sandbox.state.team_by_slug("apps").repos == {}  # type: ignore[union-attr]


def test_custom_role_grant_on_enterprise(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    owner.post(
        "/orgs/acme/custom-repository-roles",
        json={"name": "flux-automation", "base_role": "write", "permissions": ["bypass_branch_protection"]},
    )
    make_repo(owner, "d1-infra")
    owner.post("/orgs/acme/teams", json={"name": "bots"})
    assert (
        owner.put(
            "/orgs/acme/teams/bots/repos/acme/d1-infra", json={"permission": "flux-automation"}
        ).status_code
        == 204
    )
    check = owner.get(
        "/orgs/acme/teams/bots/repos/acme/d1-infra",
        headers={"Accept": "application/vnd.github.v3.repository+json"},
    )
    assert check.json()["role_name"] == "flux-automation"


def test_secret_teams_are_hidden_from_other_members(owner: Client, member: Client) -> None:
    owner.post("/orgs/acme/teams", json={"name": "secret-ops", "privacy": "secret"})
    owner.post("/orgs/acme/teams", json={"name": "open", "privacy": "closed"})
    assert [t["slug"] for t in member.get("/orgs/acme/teams").json()] == ["open"]
    assert member.get("/orgs/acme/teams/secret-ops").status_code == 404


def test_child_team_repositories_include_inherited_but_repository_teams_do_not(owner: Client) -> None:
    """List team repositories and the check include inherited access; List repository teams does not."""
    make_repo(owner, "d1-apps")
    make_repo(owner, "d1-fleet")
    parent = owner.post("/orgs/acme/teams", json={"name": "apps", "privacy": "closed"}).json()
    owner.post("/orgs/acme/teams", json={"name": "fe", "parent_team_id": parent["id"]})
    owner.put("/orgs/acme/teams/apps/repos/acme/d1-apps", json={"permission": "push"})
    owner.put("/orgs/acme/teams/fe/repos/acme/d1-apps", json={"permission": "pull"})
    owner.put("/orgs/acme/teams/apps/repos/acme/d1-fleet", json={"permission": "pull"})

    listed = owner.get("/orgs/acme/teams/fe/repos").json()
    assert [(repo["name"], repo["role_name"]) for repo in listed] == [
        ("d1-apps", "write"),
        ("d1-fleet", "read"),
    ]
    assert owner.get("/orgs/acme/teams/fe/repos/acme/d1-fleet").status_code == 204
    apps_teams = owner.get("/repos/acme/d1-apps/teams").json()
    assert [(t["slug"], t["permission"], t["access_source"]) for t in apps_teams] == [
        ("apps", "push", "direct"),
        ("fe", "pull", "direct"),
    ]
    assert [t["slug"] for t in owner.get("/repos/acme/d1-fleet/teams").json()] == ["apps"]
