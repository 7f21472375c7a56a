"""Feature settings beside repositories and the organisation: writes land in the state, reads show them,
permissions and GitHub's rules beyond the schema hold, and the state survives a save and a rename."""

from __future__ import annotations

from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import add_collaborator
from ghprov_testbeds.sandbox.pats import mint_user_token
from ghprov_testbeds.sandbox.state import GitHubState

TIER = {"value_type": "single_select", "allowed_values": ["gold", "silver"]}


def test_repository_variables_lifecycle(sandbox: Sandbox, owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    base = "/repos/acme/d1-fleet/actions/variables"
    assert owner.post(base, json={"name": "region", "value": "eu"}).status_code == 201
    duplicate = owner.post(base, json={"name": "REGION", "value": "us"})
    assert duplicate.status_code == 409
    assert owner.post(base, json={"name": "GITHUB_SHA", "value": "x"}).status_code == 422
    assert owner.patch(f"{base}/Region", json={"value": "us", "name": "zone"}).status_code == 204
    assert owner.get(f"{base}/region").status_code == 404
    got = owner.get(f"{base}/ZONE").json()
    assert (got["name"], got["value"]) == ("ZONE", "us")
    assert owner.delete(f"{base}/zone").status_code == 204
    assert owner.get(base).json() == {"total_count": 0, "variables": []}
    assert [(e.method, e.status) for e in sandbox.writes()][-4:] == [
        ("POST", 409),
        ("POST", 422),
        ("PATCH", 204),
        ("DELETE", 204),
    ]


def test_variables_need_push_access(sandbox: Sandbox, owner: Client, member: Client) -> None:
    make_repo(owner, "d1-fleet", visibility="private")
    assert owner.patch("/orgs/acme", json={"default_repository_permission": "read"}).status_code == 200
    response = member.get("/repos/acme/d1-fleet/actions/variables")
    assert response.status_code == 403
    assert member.get("/repos/acme/d1-fleet/properties/values").status_code == 200


def test_organisation_variables_with_selected_repositories(sandbox: Sandbox, owner: Client) -> None:
    repo = make_repo(owner, "d1-fleet")
    body = {"name": "fleet", "value": "1", "visibility": "selected", "selected_repository_ids": [repo["id"]]}
    assert owner.post("/orgs/acme/actions/variables", json=body).status_code == 201
    unknown = {**body, "name": "other", "selected_repository_ids": [999999]}
    assert owner.post("/orgs/acme/actions/variables", json=unknown).status_code == 422
    got = owner.get("/orgs/acme/actions/variables/FLEET").json()
    assert got["visibility"] == "selected"
    assert got["selected_repositories_url"] == f"{sandbox.url}/orgs/acme/actions/variables/FLEET/repositories"
    assert sandbox.state.features.organization.variables["FLEET"]["selected_repository_ids"] == [repo["id"]]


def test_custom_properties_schema_and_values(sandbox: Sandbox, owner: Client, member: Client) -> None:
    make_repo(owner, "d1-fleet")
    assert owner.put("/orgs/acme/properties/schema/tier", json=TIER).status_code == 200
    required = {"value_type": "string", "required": True}
    assert owner.put("/orgs/acme/properties/schema/team", json=required).status_code == 422
    defaulted = {"value_type": "string", "required": True, "default_value": "platform"}
    listed = owner.patch(
        "/orgs/acme/properties/schema", json={"properties": [{"property_name": "team", **defaulted}]}
    )
    assert listed.status_code == 200 and [p["property_name"] for p in listed.json()] == ["team"]
    assert member.put("/orgs/acme/properties/schema/x", json=TIER).status_code == 403

    values = "/repos/acme/d1-fleet/properties/values"
    bad = owner.patch(values, json={"properties": [{"property_name": "tier", "value": "bronze"}]})
    assert bad.status_code == 422
    unknown = owner.patch(values, json={"properties": [{"property_name": "nope", "value": "x"}]})
    assert unknown.status_code == 422
    assert (
        owner.patch(values, json={"properties": [{"property_name": "tier", "value": "gold"}]}).status_code
        == 204
    )
    # A required property's default shows on every repository that did not set it.
    assert owner.get(values).json() == [
        {"property_name": "team", "value": "platform"},
        {"property_name": "tier", "value": "gold"},
    ]
    assert owner.delete("/orgs/acme/properties/schema/tier").status_code == 204
    assert owner.get(values).json() == [{"property_name": "team", "value": "platform"}]
    assert owner.get("/orgs/acme/properties/schema/tier").status_code == 404


def test_security_managers_follow_teams(sandbox: Sandbox, owner: Client, member: Client) -> None:
    assert owner.post("/orgs/acme/teams", json={"name": "security"}).status_code == 201
    assert owner.put("/orgs/acme/security-managers/teams/security").status_code == 204
    assert owner.put("/orgs/acme/security-managers/teams/security").status_code == 204
    assert [t["slug"] for t in owner.get("/orgs/acme/security-managers").json()] == ["security"]
    assert member.get("/orgs/acme/security-managers").status_code == 403
    assert owner.put("/orgs/acme/security-managers/teams/nobody").status_code == 404
    assert owner.delete("/orgs/acme/teams/security").status_code == 204
    assert owner.get("/orgs/acme/security-managers").json() == []


def test_actions_settings_writes(sandbox: Sandbox, owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    repo = "/repos/acme/d1-fleet/actions/permissions"
    assert owner.put(repo, json={"enabled": True, "allowed_actions": "selected"}).status_code == 204
    assert owner.get(repo).json() == {
        "enabled": True,
        "allowed_actions": "selected",
        "selected_actions_url": f"{sandbox.url}{repo}/selected-actions",
    }
    patterns = {"github_owned_allowed": True, "verified_allowed": True, "patterns_allowed": ["fluxcd/*"]}
    assert owner.put(f"{repo}/selected-actions", json=patterns).status_code == 204
    assert owner.get(f"{repo}/selected-actions").json() == patterns
    policy = {"approval_policy": "all_external_contributors"}
    assert owner.put(f"{repo}/fork-pr-contributor-approval", json=policy).status_code == 204
    assert owner.get(f"{repo}/fork-pr-contributor-approval").json() == policy
    assert (
        owner.put("/orgs/acme/actions/permissions/fork-pr-contributor-approval", json=policy).status_code
        == 204
    )
    assert owner.get("/orgs/acme/actions/permissions/fork-pr-contributor-approval").json() == policy
    # Request validation: the enum is GitHub's.
    wrong = owner.put(f"{repo}/fork-pr-contributor-approval", json={"approval_policy": "nobody"})
    assert wrong.status_code == 422


def test_security_toggles_need_admin_and_an_unarchived_repository(
    sandbox: Sandbox, owner: Client, member: Client
) -> None:
    make_repo(owner, "d1-fleet")
    assert member.put("/repos/acme/d1-fleet/vulnerability-alerts").status_code == 403
    assert owner.put("/repos/acme/d1-fleet/immutable-releases").status_code == 204
    assert owner.patch("/repos/acme/d1-fleet", json={"archived": True}).status_code == 200
    archived = owner.delete("/repos/acme/d1-fleet/immutable-releases")
    assert archived.status_code == 403
    assert archived.json()["message"] == "Repository was archived so is read-only."
    assert owner.get("/repos/acme/d1-fleet/immutable-releases").json() == {
        "enabled": True,
        "enforced_by_owner": False,
    }
    disabled = owner.get("/repos/acme/d1-fleet/vulnerability-alerts")
    assert (disabled.status_code, disabled.json()["message"]) == (404, "Vulnerability alerts are disabled.")


def test_features_survive_save_load_and_rename(sandbox: Sandbox, owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    owner.post("/repos/acme/d1-fleet/actions/variables", json={"name": "A", "value": "1"})
    owner.put("/repos/acme/d1-fleet/vulnerability-alerts")
    owner.put("/orgs/acme/properties/schema/tier", json=TIER)
    assert owner.patch("/repos/acme/d1-fleet", json={"name": "fleet"}).status_code == 200
    assert owner.get("/repos/acme/fleet/vulnerability-alerts").status_code == 204
    reloaded = GitHubState.loads(sandbox.state.dumps())
    assert reloaded.features == sandbox.state.features
    assert reloaded.features.repository("fleet").variables["A"]["value"] == "1"
    assert "tier" in reloaded.features.organization.custom_properties
    # States saved before these settings existed load with GitHub's defaults.
    document = sandbox.state.to_json()
    del document["features"]
    assert GitHubState.from_json(document).features.repository("fleet").vulnerability_alerts is False


def test_variables_page_by_ten_at_most_thirty(sandbox: Sandbox, owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    for n in range(35):
        owner.post("/repos/acme/d1-fleet/actions/variables", json={"name": f"V{n:02d}", "value": str(n)})
    first = owner.get("/repos/acme/d1-fleet/actions/variables")
    assert first.json()["total_count"] == 35 and len(first.json()["variables"]) == 10
    assert first.links["last"]["url"].endswith("per_page=10&page=4")
    widest = owner.get("/repos/acme/d1-fleet/actions/variables", params={"per_page": 100})
    assert len(widest.json()["variables"]) == 30


def test_organisation_policy_caps_repository_actions(sandbox: Sandbox, owner: Client) -> None:
    repo = make_repo(owner, "d1-fleet")
    path = "/repos/acme/d1-fleet/actions/permissions"
    assert owner.put(path, json={"enabled": True, "allowed_actions": "selected"}).status_code == 204
    with sandbox.state.lock:
        sandbox.state.audit.actions_permissions.update(allowed_actions="local_only")
    assert owner.get(path).json() == {"enabled": True, "allowed_actions": "local_only"}
    with sandbox.state.lock:
        sandbox.state.audit.actions_permissions.update(enabled_repositories="none", allowed_actions="all")
    assert owner.get(path).json()["enabled"] is False
    with sandbox.state.lock:
        sandbox.state.audit.actions_permissions.update(enabled_repositories="selected")
    assert owner.get(path).json()["enabled"] is False
    with sandbox.state.lock:
        sandbox.state.features.organization.actions_selected_repository_ids.append(repo["id"])
    assert owner.get(path).json()["enabled"] is True
    # The repository's own setting is kept, and shows again once the organisation allows it.
    assert sandbox.state.features.repository("d1-fleet").actions_permissions["allowed_actions"] == "selected"


def test_repository_admins_edit_only_values_open_to_repository_actors(
    sandbox: Sandbox, owner: Client
) -> None:
    make_repo(owner, "d1-fleet")
    add_collaborator(sandbox.state, "d1-fleet", "repo-admin", "admin")
    with sandbox.state.lock:
        admin = Client(sandbox, mint_user_token(sandbox.state, "repo-admin"))
    owner.put("/orgs/acme/properties/schema/tier", json=TIER)
    owner.put(
        "/orgs/acme/properties/schema/team",
        json={"value_type": "string", "values_editable_by": "org_and_repo_actors"},
    )
    values = "/repos/acme/d1-fleet/properties/values"
    refused = admin.patch(values, json={"properties": [{"property_name": "tier", "value": "gold"}]})
    assert (refused.status_code, refused.json()["message"]) == (
        403,
        "You do not have permission to edit the custom property tier.",
    )
    assert (
        admin.patch(values, json={"properties": [{"property_name": "team", "value": "apps"}]}).status_code
        == 204
    )
    assert admin.get(values).json() == [{"property_name": "team", "value": "apps"}]


def test_organisation_variable_repositories(sandbox: Sandbox, owner: Client) -> None:
    first, second = make_repo(owner, "d1-fleet"), make_repo(owner, "d1-infra")
    base = "/orgs/acme/actions/variables"
    owner.post(base, json={"name": "WIDE", "value": "1", "visibility": "all"})
    owner.post(base, json={"name": "FLEET", "value": "1", "visibility": "selected"})
    refused = owner.get(f"{base}/WIDE/repositories")
    assert refused.status_code == 409
    assert (
        owner.put(f"{base}/FLEET/repositories", json={"selected_repository_ids": [first["id"]]}).status_code
        == 204
    )
    assert owner.put(f"{base}/FLEET/repositories/{second['id']}").status_code == 204
    listed = owner.get(f"{base}/FLEET/repositories").json()
    assert (listed["total_count"], [r["name"] for r in listed["repositories"]]) == (
        2,
        ["d1-fleet", "d1-infra"],
    )
    assert owner.delete(f"{base}/FLEET/repositories/{first['id']}").status_code == 204
    assert owner.put(f"{base}/FLEET/repositories/999999").status_code == 422
    assert sandbox.state.features.organization.variables["FLEET"]["selected_repository_ids"] == [second["id"]]


def test_code_scanning_on_private_repositories_needs_advanced_security(owner: Client) -> None:
    make_repo(owner, "d1-fleet", visibility="private")
    path = "/repos/acme/d1-fleet/code-scanning/default-setup"
    refused = owner.get(path)
    assert (refused.status_code, refused.json()["message"]) == (
        403,
        "Advanced Security must be enabled for this repository to use code scanning.",
    )
    with_ghas = {"security_and_analysis": {"advanced_security": {"status": "enabled"}}}
    assert owner.patch("/repos/acme/d1-fleet", json=with_ghas).status_code == 422  # a Team plan cannot buy it


def test_code_scanning_with_advanced_security_on_enterprise() -> None:
    with Sandbox.start("acme", plan="enterprise", validate_responses=True) as sandbox:
        owner = Client(sandbox, sandbox.tokens["owner"])
        make_repo(owner, "d1-fleet", visibility="private")
        with_ghas = {"security_and_analysis": {"advanced_security": {"status": "enabled"}}}
        assert owner.patch("/repos/acme/d1-fleet", json=with_ghas).status_code == 200
        answer = owner.get("/repos/acme/d1-fleet/code-scanning/default-setup")
        assert (answer.status_code, answer.json()["state"]) == (200, "not-configured")
        assert sandbox.response_problems == [] and sandbox.internal_errors == []
