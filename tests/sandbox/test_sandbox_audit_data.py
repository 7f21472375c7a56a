"""Audit data is part of the state (saved, loaded, renamed with its repository) and REST writes log events."""

from __future__ import annotations

from typing import Any

from sandbox_http import PROTECTION, Client, make_repo

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import add_audit_event, add_collaborator, add_hook, add_secret
from ghprov_testbeds.sandbox.runtime import TABLES
from ghprov_testbeds.sandbox.state import GitHubState, new_state
from ghprov_testbeds.sandbox.wire import Request, Response, Router, RouteTable


def test_a_state_with_audit_data_round_trips_through_json() -> None:
    state = new_state("acme", plan="enterprise")
    state.audit.two_factor_disabled = {"dave", "erin"}
    state.audit.workflow_permissions["default_workflow_permissions"] = "write"
    state.audit.files["d1-fleet"] = {"SECURITY.md": "# Reporting"}
    state.audit.runner_groups = [{"id": 7, "name": "everyone", "visibility": "all"}]
    add_collaborator(state, "d1-fleet", "mallory", "admin")
    add_hook(state, "https://hooks.example.com/x", secret="s3cret", repo="d1-fleet")
    add_secret(state, "REGISTRY_PASSWORD", "2026-01-01T00:00:00Z")
    add_audit_event(state, "team.create", "alice", at=1_700_000_000, team="acme/platform")

    loaded = GitHubState.loads(state.dumps())

    assert loaded.audit == state.audit
    assert loaded.audit.two_factor_disabled == {"dave", "erin"}
    assert loaded.audit.audit_log[0]["@timestamp"] == 1_700_000_000_000
    assert loaded.to_json() == state.to_json()


def test_a_state_saved_before_audit_data_existed_loads_with_defaults() -> None:
    document = new_state("acme").to_json()
    del document["audit"]
    loaded = GitHubState.from_json(document)
    assert loaded.audit.collaborators == {}
    assert loaded.audit.actions_permissions == {"enabled_repositories": "all", "allowed_actions": "all"}


def test_renaming_a_repository_keeps_its_direct_collaborators(owner: Client, sandbox: Sandbox) -> None:
    make_repo(owner, "old-name")
    add_collaborator(sandbox.state, "old-name", "mallory", "write")
    assert owner.patch("/repos/acme/old-name", json={"name": "new-name"}).status_code == 200
    assert sandbox.state.audit.collaborators == {"new-name": {"mallory": "write"}}
    listed = owner.get("/repos/acme/new-name/collaborators", params={"affiliation": "direct"}).json()
    assert [(user["login"], user["role_name"]) for user in listed] == [("mallory", "write")]


def test_every_endpoint_has_exactly_one_handler() -> None:
    router = Router(TABLES)
    keys = [(route.method, route.template) for route in router.routes]
    assert len(keys) == len(set(keys))

    def handler(request: Request) -> Response:
        return Response(204)

    first, second = RouteTable(), RouteTable()
    first.get("/orgs/{org}/members")(handler)
    second.get("/orgs/{org}/members")(handler)
    try:
        Router([first, second])
    except ValueError as error:
        assert "GET /orgs/{org}/members is served by both" in str(error)
    else:
        raise AssertionError("a duplicate route was accepted")


def _actions(sandbox: Sandbox) -> list[tuple[str, str]]:
    return [(str(event["action"]), str(event["actor"])) for event in sandbox.state.audit.audit_log]


def _event(sandbox: Sandbox, action: str) -> dict[str, Any]:
    return next(event for event in sandbox.state.audit.audit_log if event["action"] == action)


def test_rest_writes_record_audit_log_events(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "enterprise"
    make_repo(owner, "d1-fleet")
    team = owner.post("/orgs/acme/teams", json={"name": "Platform Team"}).json()
    assert team["slug"] == "platform-team"
    owner.put("/orgs/acme/teams/platform-team/repos/acme/d1-fleet", json={"permission": "push"})
    owner.put("/orgs/acme/teams/platform-team/repos/acme/d1-fleet", json={"permission": "maintain"})
    owner.put("/orgs/acme/teams/platform-team/memberships/octo-member", json={"role": "member"})
    owner.put("/orgs/acme/teams/platform-team/memberships/octo-member", json={"role": "maintainer"})
    owner.delete("/orgs/acme/teams/platform-team/memberships/octo-member")
    owner.put("/orgs/acme/memberships/octo-member", json={"role": "admin"})
    owner.put("/repos/acme/d1-fleet/branches/main/protection", json=PROTECTION)
    stricter = {**PROTECTION, "allow_force_pushes": True}
    owner.put("/repos/acme/d1-fleet/branches/main/protection", json=stricter)
    owner.delete("/repos/acme/d1-fleet/branches/main/protection")
    ruleset = {
        "name": "main",
        "target": "branch",
        "enforcement": "active",
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "rules": [{"type": "deletion"}],
    }
    created = owner.post("/repos/acme/d1-fleet/rulesets", json=ruleset).json()
    owner.delete(f"/repos/acme/d1-fleet/rulesets/{created['id']}")
    every_repository = {"repository_name": {"include": ["~ALL"], "exclude": []}}
    org_wide = {**ruleset, "name": "org-wide", "conditions": {**ruleset["conditions"], **every_repository}}
    assert owner.post("/orgs/acme/rulesets", json=org_wide).status_code == 201
    owner.patch("/repos/acme/d1-fleet", json={"archived": True})
    owner.delete("/orgs/acme/teams/platform-team")

    assert _actions(sandbox) == [
        ("repo.create", "octo-owner"),
        ("team.create", "octo-owner"),
        ("team.add_repository", "octo-owner"),
        ("team.update_repository_permission", "octo-owner"),
        ("team.add_member", "octo-owner"),
        ("team.promote_maintainer", "octo-owner"),
        ("team.remove_member", "octo-owner"),
        ("org.update_member", "octo-owner"),
        ("protected_branch.create", "octo-owner"),
        ("protected_branch.update_allow_force_pushes_enforcement_level", "octo-owner"),
        ("protected_branch.destroy", "octo-owner"),
        ("repository_ruleset.create", "octo-owner"),
        ("repository_ruleset.destroy", "octo-owner"),
        ("repository_ruleset.create", "octo-owner"),
        ("repo.archived", "octo-owner"),
        ("team.destroy", "octo-owner"),
    ]
    assert _event(sandbox, "team.update_repository_permission")["permission"] == "maintain"
    assert _event(sandbox, "protected_branch.create")["repo"] == "acme/d1-fleet"
    assert _event(sandbox, "protected_branch.create")["name"] == "main"
    assert _event(sandbox, "org.update_member")["user"] == "octo-member"
    org_ruleset = [e for e in sandbox.state.audit.audit_log if e.get("ruleset_name") == "org-wide"]
    assert org_ruleset[0]["ruleset_source_type"] == "Organization"
    # The events are served by the audit-log API, newest first, filterable by action.
    served = owner.get("/orgs/acme/audit-log", params={"phrase": "action:team.create"}).json()
    assert [(e["action"], e["team"]) for e in served] == [("team.create", "acme/platform-team")]
    assert served[0]["operation_type"] == "create"


def test_invitations_record_who_invited_and_who_joined(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.add_user("newcomer")
    owner.put("/orgs/acme/memberships/newcomer", json={"role": "member"})
    sandbox.accept_invitations()
    owner.delete("/orgs/acme/members/newcomer")
    assert _actions(sandbox) == [
        ("org.invite_member", "octo-owner"),
        ("org.add_member", "newcomer"),
        ("org.remove_member", "octo-owner"),
    ]


def test_an_app_installation_is_logged_as_its_bot(app: Client, sandbox: Sandbox) -> None:
    assert app.post("/orgs/acme/teams", json={"name": "bots"}).status_code == 201
    assert _actions(sandbox) == [("team.create", "ghprov-app[bot]")]


def test_reads_and_refused_writes_record_nothing(member: Client, owner: Client, sandbox: Sandbox) -> None:
    owner.get("/orgs/acme/teams")
    assert member.delete("/orgs/acme/members/octo-owner").status_code == 403
    assert sandbox.state.audit.audit_log == []
