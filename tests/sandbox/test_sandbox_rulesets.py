"""Repository and organisation rulesets: summaries vs full objects, bypass actors, parents."""

from __future__ import annotations

from typing import Any

from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox

RULESET: dict[str, Any] = {
    "name": "protect-main",
    "target": "branch",
    "enforcement": "active",
    "bypass_actors": [
        {"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"},
        {"actor_id": None, "actor_type": "OrganizationAdmin", "bypass_mode": "always"},
    ],
    "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
    "rules": [{"type": "deletion"}, {"type": "non_fast_forward"}],
}


def test_create_list_summary_get_full(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    created = owner.post("/repos/acme/d1-fleet/rulesets", json=RULESET)
    assert created.status_code == 201
    ident = created.json()["id"]
    summaries = owner.get("/repos/acme/d1-fleet/rulesets").json()
    assert [(s["id"], s["source_type"]) for s in summaries] == [(ident, "Repository")]
    assert "rules" not in summaries[0] and "bypass_actors" not in summaries[0]
    full = owner.get(f"/repos/acme/d1-fleet/rulesets/{ident}").json()
    assert [r["type"] for r in full["rules"]] == ["deletion", "non_fast_forward"]
    assert full["bypass_actors"][0] == {
        "actor_id": 5,
        "actor_type": "RepositoryRole",
        "bypass_mode": "always",
    }
    assert full["current_user_can_bypass"] == "always"
    assert owner.get("/repos/acme/d1-fleet/branches/main").json()["protected"] is True


def test_bypass_actors_are_omitted_without_write_access(owner: Client, member: Client) -> None:
    make_repo(owner, "d1-fleet")
    ident = owner.post("/repos/acme/d1-fleet/rulesets", json=RULESET).json()["id"]
    seen = member.get(f"/repos/acme/d1-fleet/rulesets/{ident}").json()
    assert "bypass_actors" not in seen
    assert seen["current_user_can_bypass"] == "never"


def test_rule_parameters_are_completed_with_githubs_defaults(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    body = {
        **RULESET,
        "rules": [
            {
                "type": "pull_request",
                "parameters": {
                    "required_approving_review_count": 2,
                    "dismiss_stale_reviews_on_push": True,
                    "require_code_owner_review": False,
                    "require_last_push_approval": False,
                    "required_review_thread_resolution": False,
                },
            }
        ],
    }
    rules = owner.post("/repos/acme/d1-fleet/rulesets", json=body).json()["rules"]
    assert rules[0]["parameters"]["allowed_merge_methods"] == ["merge", "squash", "rebase"]


def test_unknown_team_actor_and_duplicate_name_are_422(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    bad = {**RULESET, "bypass_actors": [{"actor_id": 99999, "actor_type": "Team", "bypass_mode": "always"}]}
    assert owner.post("/repos/acme/d1-fleet/rulesets", json=bad).status_code == 422
    owner.post("/repos/acme/d1-fleet/rulesets", json=RULESET)
    assert owner.post("/repos/acme/d1-fleet/rulesets", json=RULESET).status_code == 422


def test_update_and_delete(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    ident = owner.post("/repos/acme/d1-fleet/rulesets", json=RULESET).json()["id"]
    updated = owner.put(f"/repos/acme/d1-fleet/rulesets/{ident}", json={"enforcement": "disabled"})
    assert updated.json()["enforcement"] == "disabled" and updated.json()["name"] == "protect-main"
    assert owner.delete(f"/repos/acme/d1-fleet/rulesets/{ident}").status_code == 204
    assert owner.get(f"/repos/acme/d1-fleet/rulesets/{ident}").status_code == 404


def test_org_rulesets_show_up_as_parents(owner: Client, sandbox: Sandbox) -> None:
    make_repo(owner, "d1-fleet")
    team = owner.post("/orgs/acme/teams", json={"name": "flux-bots", "privacy": "closed"}).json()
    body = {
        **RULESET,
        "name": "org-wide",
        "bypass_actors": [{"actor_id": team["id"], "actor_type": "Team", "bypass_mode": "pull_request"}],
        "conditions": {
            "ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []},
            "repository_name": {"include": ["~ALL"], "exclude": []},
        },
    }
    created = owner.post("/orgs/acme/rulesets", json=body)
    assert created.status_code == 201
    ident = created.json()["id"]
    with_parents = owner.get("/repos/acme/d1-fleet/rulesets").json()
    assert [(s["id"], s["source_type"], s["source"]) for s in with_parents] == [
        (ident, "Organization", "acme")
    ]
    assert owner.get("/repos/acme/d1-fleet/rulesets", params={"includes_parents": "false"}).json() == []
    assert owner.get(f"/orgs/acme/rulesets/{ident}").json()["bypass_actors"][0]["actor_id"] == team["id"]
    assert [s["name"] for s in owner.get("/orgs/acme/rulesets").json()] == ["org-wide"]


def test_org_ruleset_writes_need_an_owner(member: Client) -> None:
    assert (
        member.post(
            "/orgs/acme/rulesets",
            json={
                **RULESET,
                "conditions": {
                    "ref_name": {"include": ["~ALL"], "exclude": []},
                    "repository_name": {"include": ["~ALL"], "exclude": []},
                },
            },
        ).status_code
        == 403
    )


def test_free_plan_private_repository_rulesets_need_an_upgrade(owner: Client, sandbox: Sandbox) -> None:
    sandbox.state.organization.plan = "free"
    make_repo(owner, "private-one", visibility="private")
    response = owner.post("/repos/acme/private-one/rulesets", json=RULESET)
    assert response.status_code == 403 and response.json()["message"].startswith("Upgrade to GitHub Pro")


def test_rules_for_a_branch(owner: Client) -> None:
    make_repo(owner, "d1-fleet")
    owner.post("/repos/acme/d1-fleet/rulesets", json=RULESET)
    rules = owner.get("/repos/acme/d1-fleet/rules/branches/main").json()
    assert sorted(rule["type"] for rule in rules) == ["deletion", "non_fast_forward"]
