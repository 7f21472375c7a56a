"""Repositories: create, list vs single get, archive, topics, branches and refs."""

from __future__ import annotations

from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox


def test_create_with_auto_init_has_main(owner: Client, sandbox: Sandbox) -> None:
    body = make_repo(owner, "d1-fleet", visibility="private", description="Fleet")
    assert (body["full_name"], body["private"], body["default_branch"]) == ("acme/d1-fleet", True, "main")
    assert list(sandbox.state.repositories["d1-fleet"].branches) == ["main"]
    assert owner.post("/orgs/acme/repos", json={"name": "d1-fleet"}).status_code == 422


def test_list_items_are_minimal_and_single_get_is_full(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    listed = owner.get("/orgs/acme/repos").json()[0]
    full = owner.get("/repos/acme/d1-fleet").json()
    assert "allow_squash_merge" not in listed and "role_name" in listed
    assert full["allow_squash_merge"] is True and "role_name" not in full


def test_merge_settings_are_absent_for_read_only_tokens(owner: Client, member: Client) -> None:
    make_repo(owner, "d1-fleet", visibility="private")
    seen = member.get("/repos/acme/d1-fleet").json()
    assert seen["permissions"]["push"] is False
    assert "allow_merge_commit" not in seen and "delete_branch_on_merge" not in seen
    assert member.patch("/repos/acme/d1-fleet", json={"description": "x"}).status_code == 403


def test_private_repository_invisible_without_base_permission(owner: Client, member: Client) -> None:
    make_repo(owner, "secret-repo", visibility="private")
    owner.patch("/orgs/acme", json={"default_repository_permission": "none"})
    assert member.get("/repos/acme/secret-repo").status_code == 404


def test_archived_repositories_reject_writes_until_unarchived(owner: Client) -> None:
    make_repo(owner, "old")
    assert owner.patch("/repos/acme/old", json={"archived": True}).json()["archived"] is True
    refused = owner.put("/repos/acme/old/topics", json={"names": ["x"]})
    assert refused.status_code == 403
    assert refused.json()["message"] == "Repository was archived so is read-only."
    assert owner.patch("/repos/acme/old", json={"description": "y"}).status_code == 403
    assert owner.patch("/repos/acme/old", json={"archived": False}).json()["archived"] is False
    assert owner.put("/repos/acme/old/topics", json={"names": ["x"]}).status_code == 200


def test_topics_replace_and_validate(owner: Client) -> None:
    make_repo(owner, "d1-apps")
    assert owner.put("/repos/acme/d1-apps/topics", json={"names": ["flux", "gitops"]}).json() == {
        "names": ["flux", "gitops"]
    }
    assert owner.get("/repos/acme/d1-apps/topics").json() == {"names": ["flux", "gitops"]}
    assert owner.put("/repos/acme/d1-apps/topics", json={"names": ["Bad Topic"]}).status_code == 422


def test_patch_settings_and_rename(owner: Client, sandbox: Sandbox) -> None:
    make_repo(owner, "d1-apps")
    owner.post("/orgs/acme/teams", json={"name": "apps"})
    owner.put("/orgs/acme/teams/apps/repos/acme/d1-apps", json={"permission": "push"})
    body = owner.patch(
        "/repos/acme/d1-apps",
        json={"name": "apps", "delete_branch_on_merge": True, "allow_rebase_merge": False},
    ).json()
    assert (body["name"], body["delete_branch_on_merge"], body["allow_rebase_merge"]) == ("apps", True, False)
    assert sandbox.state.team_by_slug("apps").repos == {"apps": "write"}  # type: ignore[union-attr]
    assert owner.patch("/repos/acme/apps", json={"default_branch": "nope"}).status_code == 422


def test_branches_and_refs(owner: Client) -> None:
    make_repo(owner, "d1-infra")
    head = owner.get("/repos/acme/d1-infra/git/ref/heads/main").json()["object"]["sha"]
    created = owner.post("/repos/acme/d1-infra/git/refs", json={"ref": "refs/heads/production", "sha": head})
    assert created.status_code == 201 and created.json()["ref"] == "refs/heads/production"
    again = owner.post("/repos/acme/d1-infra/git/refs", json={"ref": "refs/heads/production", "sha": head})
    assert (again.status_code, again.json()["message"]) == (422, "Reference already exists")
    names = [b["name"] for b in owner.get("/repos/acme/d1-infra/branches").json()]
    assert names == ["main", "production"]
    assert owner.get("/repos/acme/d1-infra/branches/production").json()["protected"] is False
    assert owner.get("/repos/acme/d1-infra/branches/nope").status_code == 404


def test_refs_cannot_be_created_in_an_empty_repository(owner: Client) -> None:
    owner.post("/orgs/acme/repos", json={"name": "empty"})
    response = owner.post("/repos/acme/empty/git/refs", json={"ref": "refs/heads/x", "sha": "a" * 40})
    assert response.status_code == 409
    assert owner.get("/repos/acme/empty/git/ref/heads/main").status_code == 409


def test_repository_teams_and_collaborator_permission(owner: Client) -> None:
    make_repo(owner, "d1-apps", visibility="private")
    owner.post("/orgs/acme/teams", json={"name": "apps"})
    owner.put("/orgs/acme/teams/apps/repos/acme/d1-apps", json={"permission": "maintain"})
    owner.put("/orgs/acme/teams/apps/memberships/octo-member")
    assert [t["slug"] for t in owner.get("/repos/acme/d1-apps/teams").json()] == ["apps"]
    permission = owner.get("/repos/acme/d1-apps/collaborators/octo-member/permission").json()
    assert (permission["permission"], permission["role_name"]) == ("write", "maintain")
