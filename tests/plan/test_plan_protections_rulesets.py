"""Branch protections, rulesets and custom roles: whole-value compare, prune, dependencies, loosening."""

from __future__ import annotations

from typing import Any

from plan_helpers import addresses, change, plan_for

from ghprov.model import BranchProtection, CustomRole, Ruleset
from ghprov.plan import Action, FieldChange

PROTECTED: dict[str, Any] = {"required_approving_review_count": 2, "enforce_admins": True}
RULESET: dict[str, Any] = {
    "conditions": {"ref_name": {"include": ["refs/heads/production"]}},
    "rules": [{"pull_request": {"required_approving_review_count": 2}}, {"non_fast_forward": {}}],
    "bypass_actors": [{"team": "flux-bots"}],
}


def _repo(**data: Any) -> dict[str, Any]:
    return {"repositories": {"infra": data}}


def test_protection_created_with_non_default_fields() -> None:
    plan = plan_for(_repo(branch_protection={"main": PROTECTED}), _repo())
    created = change(plan, "branch_protection:infra/main")
    assert created.action is Action.CREATE
    assert created.desired == BranchProtection(**PROTECTED)
    assert created.fields == (
        FieldChange("required_approving_review_count", None, 2),
        FieldChange("enforce_admins", None, True),
    )
    assert not created.loosens


def test_protection_compared_as_a_whole_value() -> None:
    plan = plan_for(
        _repo(branch_protection={"main": {"required_approving_review_count": 2}}),
        _repo(branch_protection={"main": PROTECTED}),
    )
    update = change(plan, "branch_protection:infra/main")
    assert update.action is Action.UPDATE
    assert update.fields == (FieldChange("enforce_admins", True, False),)
    assert update.loosens


def test_protection_no_op() -> None:
    same = _repo(branch_protection={"main": PROTECTED})
    assert plan_for(same, same).changes == []


def test_tighter_protection_is_not_loosening() -> None:
    plan = plan_for(
        _repo(branch_protection={"main": {**PROTECTED, "required_approving_review_count": 3}}),
        _repo(branch_protection={"main": PROTECTED}),
    )
    assert not change(plan, "branch_protection:infra/main").loosens


def test_undeclared_protection_removed_only_with_prune_and_only_on_declared_repositories() -> None:
    current = {
        "repositories": {
            "infra": {"branch_protection": {"old": PROTECTED}},
            "other": {"branch_protection": {"x": {}}},
        }
    }
    assert plan_for(_repo(), current).changes == []
    plan = plan_for({**_repo(), "prune": {"branch_protection": True}}, current)
    assert addresses(plan) == ["- branch_protection:infra/old"]
    deletion = plan.changes[0]
    assert deletion.loosens and deletion.current == BranchProtection(**PROTECTED)


def test_protection_on_new_branch_depends_on_branch_repository_and_teams() -> None:
    plan = plan_for(
        {
            "teams": {"release": {}},
            "repositories": {
                "infra": {
                    "branches": ["production"],
                    "branch_protection": {
                        "production": {
                            "required_approving_review_count": 1,
                            "bypass_pull_request_allowances": {"teams": ["release"]},
                        }
                    },
                }
            },
        },
        _repo(default_branch="main"),
    )
    protection = change(plan, "branch_protection:infra/production")
    assert protection.depends_on == ("branch:infra/production", "team:release")


def test_repository_ruleset_create_update_and_bypass_dependency() -> None:
    plan = plan_for({"teams": {"flux-bots": {}}, **_repo(rulesets={"prod": RULESET})}, _repo())
    created = change(plan, "repository_ruleset:infra/prod")
    assert created.desired == Ruleset(**RULESET)
    assert created.depends_on == ("team:flux-bots",)
    fields = {f.field for f in created.fields}
    assert {"rules.pull_request", "rules.non_fast_forward", "bypass_actors"} <= fields

    looser = {**RULESET, "bypass_actors": [{"team": "flux-bots"}, {"role": "admin"}]}
    update = plan_for(_repo(rulesets={"prod": looser}), _repo(rulesets={"prod": RULESET}))
    updated = change(update, "repository_ruleset:infra/prod")
    assert updated.loosens
    assert updated.fields == (
        FieldChange(
            "bypass_actors",
            [{"team": "flux-bots", "mode": "always"}],
            [{"role": "admin", "mode": "always"}, {"team": "flux-bots", "mode": "always"}],
        ),
    )


def test_ruleset_short_config_equals_complete_live_value() -> None:
    live_value = {
        **RULESET,
        "rules": [
            {"type": "non_fast_forward"},
            {
                "type": "pull_request",
                "parameters": {
                    "required_approving_review_count": 2,
                    "dismiss_stale_reviews_on_push": False,
                    "require_code_owner_review": False,
                    "require_last_push_approval": False,
                    "required_review_thread_resolution": False,
                    "allowed_merge_methods": ["merge", "squash", "rebase"],
                },
            },
        ],
    }
    assert plan_for(_repo(rulesets={"prod": RULESET}), _repo(rulesets={"prod": live_value})).changes == []


def test_rulesets_pruned_only_with_their_switch() -> None:
    current = {**_repo(rulesets={"old": RULESET}), "rulesets": {"org-old": RULESET}}
    assert plan_for(_repo(), current).changes == []
    repo_only = plan_for({**_repo(), "prune": {"repository_rulesets": True}}, current)
    assert addresses(repo_only) == ["- repository_ruleset:infra/old"]
    org_only = plan_for({**_repo(), "prune": {"organization_rulesets": True}}, current)
    assert addresses(org_only) == ["- organization_ruleset:org-old"]
    assert org_only.changes[0].loosens


def test_organization_ruleset_created_with_custom_role_bypass_dependency() -> None:
    ruleset = {**RULESET, "bypass_actors": [{"role": "flux-automation"}]}
    plan = plan_for(
        {"custom_roles": {"flux-automation": {"base_role": "write"}}, "rulesets": {"org": ruleset}}
    )
    assert change(plan, "organization_ruleset:org").depends_on == ("custom_role:flux-automation",)


def test_custom_roles_create_update_delete() -> None:
    desired = {"custom_roles": {"flux": {"base_role": "write", "permissions": ["bypass_branch_protection"]}}}
    created = plan_for(desired)
    assert change(created, "custom_role:flux").desired == CustomRole(
        base_role="write", permissions=("bypass_branch_protection",)
    )
    updated = plan_for(desired, {"custom_roles": {"flux": {"base_role": "read"}}})
    role = change(updated, "custom_role:flux")
    assert role.action is Action.UPDATE
    assert role.fields == (
        FieldChange("base_role", "read", "write"),
        FieldChange("permissions", [], ["bypass_branch_protection"]),
    )
    current = {"custom_roles": {"flux": desired["custom_roles"]["flux"], "old": {"base_role": "read"}}}
    assert plan_for(desired, current).changes == []
    pruned = plan_for({**desired, "prune": {"custom_roles": True}}, current)
    assert addresses(pruned) == ["- custom_role:old"]
