"""Actions settings and security features in the plan engine: only declared fields, loosening, fail
closed, saved plans, and the config's validation of policies and patterns."""

from __future__ import annotations

import json
from typing import Any

import pytest
from plan_helpers import addresses, change, plan_for
from pydantic import ValidationError

from ghprov.errors import PlanRefused
from ghprov.model.actions_settings import OrganizationActions, RepositoryActions, SelectedActions
from ghprov.model.security_features import RepositorySecurity
from ghprov.plan.render_json import render_json
from ghprov.plan.saved import plan_from_document

LIVE_ACTIONS = {
    "enabled": True,
    "allowed_actions": "all",
    "default_workflow_permissions": "write",
    "can_approve_pull_request_reviews": True,
    "fork_pr_contributor_approval": "first_time_contributors_new_to_github",
}


def repo(actions: dict[str, Any] | None = None, security: dict[str, Any] | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if actions is not None:
        values["actions"] = actions
    if security is not None:
        values["security"] = security
    return {"repositories": {"d1-fleet": values}}


def test_only_declared_fields_are_compared_and_the_change_carries_just_them() -> None:
    plan = plan_for(repo({"default_workflow_permissions": "read"}), repo(LIVE_ACTIONS))
    found = change(plan, "repository_actions:d1-fleet")
    assert [(f.field, f.before, f.after) for f in found.fields] == [
        ("default_workflow_permissions", "write", "read")
    ]
    assert found.desired == RepositoryActions(default_workflow_permissions="read")
    assert found.desired is not None and found.desired.model_fields_set == {"default_workflow_permissions"}
    assert found.loosens is False
    # can_approve is true live, but the config does not manage it: no change.
    assert plan_for(repo({"enabled": True}), repo(LIVE_ACTIONS)).changes == []


def test_giving_workflows_more_is_loosening() -> None:
    current = repo({**LIVE_ACTIONS, "default_workflow_permissions": "read", "allowed_actions": "local_only"})
    plan = plan_for(repo({"default_workflow_permissions": "write"}), current)
    assert change(plan, "repository_actions:d1-fleet").loosens is True
    plan = plan_for(repo({"allowed_actions": "selected"}), current)
    assert change(plan, "repository_actions:d1-fleet").loosens is True
    patterns = {"allowed_actions": "selected", "selected_actions": {"patterns_allowed": ["fluxcd/*"]}}
    wider = {"allowed_actions": "selected", "selected_actions": {"patterns_allowed": ["fluxcd/*", "acme/*"]}}
    assert change(plan_for(repo(wider), repo(patterns)), "repository_actions:d1-fleet").loosens is True
    assert change(plan_for(repo(patterns), repo(wider)), "repository_actions:d1-fleet").loosens is False


def test_turning_a_security_feature_off_is_loosening_and_on_is_not() -> None:
    on = {"secret_scanning": True, "vulnerability_alerts": True}
    off = {"secret_scanning": False, "vulnerability_alerts": True}
    assert change(plan_for(repo(security=off), repo(security=on)), "repository_security:d1-fleet").loosens
    tighten = change(plan_for(repo(security=on), repo(security=off)), "repository_security:d1-fleet")
    assert not tighten.loosens
    assert [(f.field, f.before, f.after) for f in tighten.fields] == [("secret_scanning", False, True)]


def test_a_new_repository_gets_every_declared_field() -> None:
    plan = plan_for(repo({"enabled": False}, {"secret_scanning": True}))
    assert addresses(plan) == [
        "+ repository:d1-fleet",
        "~ repository_actions:d1-fleet",
        "~ repository_security:d1-fleet",
    ]
    assert change(plan, "repository_actions:d1-fleet").current is None
    # A new repository has no guard to weaken: even enabling Actions on it is not loosening.
    assert change(plan_for(repo({"enabled": True})), "repository_actions:d1-fleet").loosens is False
    assert change(plan, "repository_actions:d1-fleet").depends_on == ("repository:d1-fleet",)


def test_settings_the_token_cannot_read_refuse_the_plan() -> None:
    unknowns = {"repositories/d1-fleet/actions": "visible to repository admins only"}
    with pytest.raises(PlanRefused, match="admins only"):
        plan_for(repo({"enabled": True}), repo(), unknowns=unknowns)
    unknowns = {"actions": "visible to organisation owners only"}
    with pytest.raises(PlanRefused, match="owners only"):
        plan_for({"actions": {"default_workflow_permissions": "read"}}, {}, unknowns=unknowns)


def test_organisation_policy_and_selected_repositories() -> None:
    desired = {
        "actions": {"enabled_repositories": "selected", "selected_repositories": ["d1-infra", "d1-fleet"]},
        "repositories": {"d1-fleet": {}, "d1-infra": {}},
    }
    current = {"actions": {"enabled_repositories": "all"}, "repositories": {"d1-fleet": {}, "d1-infra": {}}}
    plan = plan_for(desired, current)
    found = change(plan, "organization_actions:acme")
    assert [(f.field, f.before, f.after) for f in found.fields] == [
        ("enabled_repositories", "all", "selected"),
        ("selected_repositories", None, ["d1-fleet", "d1-infra"]),
    ]
    assert found.loosens is False
    # A repository the plan creates is created before it is selected (its id goes into the request).
    desired["repositories"]["d1-new"] = {}
    desired["actions"]["selected_repositories"] = ["d1-fleet", "d1-new"]
    created_first = change(plan_for(desired, current), "organization_actions:acme")
    assert created_first.depends_on == ("repository:d1-new",)


def test_a_saved_plan_keeps_the_payloads_and_their_managed_fields() -> None:
    plan = plan_for(
        repo({"allowed_actions": "selected", "selected_actions": {"patterns_allowed": ["fluxcd/*"]}}),
        repo(LIVE_ACTIONS),
    )
    again = plan_from_document(json.loads(render_json(plan)))
    original, restored = (
        change(plan, "repository_actions:d1-fleet"),
        change(again, "repository_actions:d1-fleet"),
    )
    assert restored.desired == original.desired
    assert restored.desired is not None
    assert restored.desired.model_fields_set == {"allowed_actions", "selected_actions"}
    assert restored.current == original.current


@pytest.mark.parametrize(
    "pattern",
    ["fluxcd/flux2 @v2", "fluxcd", "/checkout", "actions/checkout@", "a,b/c", "actions/checkout@v4@v5"],
)
def test_bad_action_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(ValidationError, match="not an action pattern"):
        SelectedActions(patterns_allowed=(pattern,))


@pytest.mark.parametrize(
    "pattern",
    [
        "fluxcd/*",
        "actions/checkout@v4",
        "*/*",
        "acme/ci/.github/workflows/build.yml@main",
        "docker-x/re.po@sha",
    ],
)
def test_good_action_patterns_are_kept(pattern: str) -> None:
    assert SelectedActions(patterns_allowed=(pattern,)).patterns_allowed == (pattern,)


def test_policies_that_contradict_themselves_are_refused() -> None:
    with pytest.raises(ValidationError, match="allowed_actions is 'selected'"):
        RepositoryActions(allowed_actions="all", selected_actions=SelectedActions())
    with pytest.raises(ValidationError, match="enabled_repositories is 'selected'"):
        OrganizationActions(enabled_repositories="all", selected_repositories=("d1-fleet",))


def test_live_security_github_refuses_to_be_asked_for_still_plans() -> None:
    """Found by the generated round trip: a code security configuration left a repository with push
    protection on and secret scanning off, and reading it crashed the plan ("unexpected
    ValidationError"). What a config may ask for is checked by the config (tests/config), never on
    what GitHub holds."""
    held = RepositorySecurity(secret_scanning=False, secret_scanning_push_protection=True)
    assert held.secret_scanning_push_protection is True
    current = {
        "repositories": {
            "docs": {
                "visibility": "private",
                "security": {
                    "secret_scanning": False,
                    "secret_scanning_push_protection": True,
                    "vulnerability_alerts": False,
                    "dependabot_security_updates": True,
                    "private_vulnerability_reporting": True,
                },
            }
        }
    }
    desired = {"repositories": {"docs": {"visibility": "private", "security": {"secret_scanning": True}}}}
    found = change(plan_for(desired, current), "repository_security:docs")
    assert [(f.field, f.before, f.after) for f in found.fields] == [("secret_scanning", False, True)]


def test_a_raised_organisation_default_comes_before_the_repositories_that_use_it() -> None:
    """Found by the generated round trip: a repository asking for write workflow tokens got GitHub's 409
    ("the organization's workflow permissions are more restrictive") because it was applied first."""
    desired = {
        "actions": {"default_workflow_permissions": "write"},
        **repo({"default_workflow_permissions": "write"}),
    }
    current = {
        "actions": {"default_workflow_permissions": "read"},
        **repo({**LIVE_ACTIONS, "default_workflow_permissions": "read"}),
    }
    order = [address for address in addresses(plan_for(desired, current)) if "actions" in address]
    assert order == ["~ organization_actions:acme", "~ repository_actions:d1-fleet"]


def test_a_loosened_organisation_policy_still_comes_before_a_new_repositorys_actions() -> None:
    """Found by the generated round trip (seed 19): the organisation allowing approvals is loosening, so
    it ran after the tightening changes, and a new repository's Actions settings (never loosening: the
    repository has no guard yet) came first and got GitHub's 409."""
    desired = {
        "actions": {"can_approve_pull_request_reviews": True},
        "repositories": {"api": {"actions": {"can_approve_pull_request_reviews": True}}},
    }
    current = {"actions": {"can_approve_pull_request_reviews": False}}
    plan = plan_for(desired, current)
    assert change(plan, "organization_actions:acme").loosens
    assert not change(plan, "repository_actions:api").loosens
    order = [address for address in addresses(plan) if "actions" in address]
    assert order == ["~ organization_actions:acme", "~ repository_actions:api"]


def test_a_new_private_repository_is_not_asked_to_turn_off_private_reporting() -> None:
    """Found by the generated round trip: GitHub answers 422 to disabling private vulnerability
    reporting on a private repository, where it is always off."""
    private = {
        "repositories": {
            "d1-fleet": {"visibility": "private", "security": {"private_vulnerability_reporting": False}}
        }
    }
    assert addresses(plan_for(private)) == ["+ repository:d1-fleet"]
    private["repositories"]["d1-fleet"]["security"]["secret_scanning"] = True
    found = change(plan_for(private), "repository_security:d1-fleet")
    assert [f.field for f in found.fields] == ["secret_scanning"]
    public = {
        "repositories": {
            "docs": {"visibility": "public", "security": {"private_vulnerability_reporting": False}}
        }
    }
    assert [f.field for f in change(plan_for(public), "repository_security:docs").fields] == [
        "private_vulnerability_reporting"
    ]
