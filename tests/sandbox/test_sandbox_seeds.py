"""Seeding from a model (names resolved to ids as GitHub stores them) and the D1 starting org."""

from __future__ import annotations

from sandbox_http import Client

from ghprov.model import Organization
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.seeds import d1_starting_org, seed_from_model
from ghprov_testbeds.sandbox.state import new_state

MODEL = Organization.model_validate(
    {
        "organization": "acme",
        "settings": {"default_repository_permission": "none"},
        "members": {"owners": ["alice"], "members": ["carol"]},
        "bots": {"acme-flux-bot": {"teams": ["flux-bots"]}},
        "custom_roles": {
            "flux-automation": {"base_role": "write", "permissions": ["bypass_branch_protection"]}
        },
        "teams": {
            "apps-team": {"privacy": "closed", "repositories": {"d1-apps": "maintain"}},
            "frontend-team": {
                "parent": "apps-team",
                "members": ["carol"],
                "repositories": {"d1-apps": "write"},
            },
            "flux-bots": {"privacy": "secret", "repositories": {"d1-infra": "flux-automation"}},
        },
        "repositories": {
            "d1-apps": {"visibility": "private", "topics": ["flux"]},
            "d1-infra": {
                "branches": ["main", "production"],
                "branch_protection": {
                    "main": {
                        "required_approving_review_count": 1,
                        "bypass_pull_request_allowances": {
                            "users": ["acme-flux-bot"],
                            "teams": ["flux-bots"],
                        },
                        "required_signatures": True,
                    }
                },
                "rulesets": {
                    "infra-production": {
                        "conditions": {"ref_name": {"include": ["refs/heads/production"]}},
                        "bypass_actors": [
                            {"team": "flux-bots"},
                            {"role": "maintain"},
                            {"role": "flux-automation"},
                        ],
                        "rules": [{"non_fast_forward": {}}],
                    }
                },
            },
        },
    }
)


def test_seed_from_model_resolves_names_to_ids() -> None:
    state = new_state("acme", plan="enterprise")
    seed_from_model(state, MODEL)
    flux_bots = state.team_by_slug("flux-bots")
    apps = state.team_by_slug("apps-team")
    assert flux_bots is not None and apps is not None
    assert flux_bots.members == {"acme-flux-bot": "member"}
    assert state.team_by_slug("frontend-team").parent_id == apps.id  # type: ignore[union-attr]
    infra = state.repositories["d1-infra"]
    assert sorted(infra.branches) == ["main", "production"]
    protection = infra.protections["main"]
    assert protection.required_signatures is True
    assert protection.settings["required_pull_request_reviews"]["bypass_pull_request_allowances"][
        "teams"
    ] == ["flux-bots"]
    (ruleset,) = infra.rulesets.values()
    role_id = state.custom_role_by_name("flux-automation").id  # type: ignore[union-attr]
    assert {(a["actor_type"], a["actor_id"]) for a in ruleset.bypass_actors} == {
        ("Team", flux_bots.id),
        ("RepositoryRole", 2),
        ("RepositoryRole", role_id),
    }
    assert state.memberships["alice"].role == "admin" and state.memberships["acme-flux-bot"].role == "member"


def test_seeded_org_serves_the_model_and_tokens_follow_it() -> None:
    state = new_state("acme", plan="enterprise")
    with Sandbox.start(state=state, validate_responses=True) as sandbox:
        seed_from_model(sandbox.state, MODEL)
        assert sandbox.logins["owner"] == "alice" and sandbox.logins["bot"] == "acme-flux-bot"
        owner = Client(sandbox, sandbox.tokens["owner"])
        read = owner.get("/repos/acme/d1-infra/branches/main/protection").json()
        assert (
            read["required_pull_request_reviews"]["bypass_pull_request_allowances"]["users"][0]["login"]
            == "acme-flux-bot"
        )
        assert owner.get("/user").json()["login"] == "alice"
        assert sandbox.response_problems == [] and sandbox.internal_errors == []


def test_seeding_a_thousand_repositories_is_fast() -> None:
    repositories = {
        f"repo-{n:04}": {"branch_protection": {"main": {"required_approving_review_count": 1}}}
        for n in range(1000)
    }
    teams = {
        f"team-{n:03}": {"repositories": {f"repo-{m:04}": "write" for m in range(n, 1000, 150)}}
        for n in range(150)
    }
    model = Organization.model_validate({"organization": "big", "repositories": repositories, "teams": teams})
    state = new_state("big")
    seed_from_model(state, model)
    assert len(state.repositories) == 1000
    with Sandbox.start(state=state) as sandbox:
        client = Client(sandbox, sandbox.tokens["owner"])
        for _ in range(20):
            assert client.get("/repos/big/repo-0999/branches/main/protection").status_code == 200


def test_d1_starting_org_has_drift_and_no_protection() -> None:
    with Sandbox.start("fleet-org", seed="d1") as sandbox:
        owner = Client(sandbox, sandbox.tokens["owner"])
        fleet = owner.get("/repos/fleet-org/d1-fleet").json()
        assert fleet["delete_branch_on_merge"] is False and fleet["allow_merge_commit"] is True
        assert owner.get("/repos/fleet-org/d1-fleet/branches/main/protection").status_code == 404
        admins = {u["login"] for u in owner.get("/orgs/fleet-org/members", params={"role": "admin"}).json()}
        assert admins == {"octo-owner", "alice"}
    state = new_state("x")
    d1_starting_org(state, "x")
    assert "d1-fleet" in state.repositories
