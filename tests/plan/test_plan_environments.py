"""Environments in the plan engine: settings compared, loosening, nested secrets and variables, prune."""

from __future__ import annotations

import pytest
from plan_helpers import addresses, change, plan_for
from pydantic import ValidationError

from ghprov.errors import PlanRefused
from ghprov.model.environments import Environment
from ghprov.plan.changes import FieldChange


def envs(**environments: object) -> dict[str, object]:
    return {"repositories": {"d1-fleet": {"environments": environments}}}


def test_a_new_environment_comes_before_its_secret_and_variable() -> None:
    plan = plan_for(
        envs(production={"wait_timer": 5, "secrets": {"TOKEN": {"value": "env:T"}}, "variables": {"X": "1"}}),
        {"repositories": {"d1-fleet": {}}},
    )
    assert addresses(plan) == [
        "+ environment:d1-fleet/production",
        "+ environment_variable:d1-fleet/production/X",
        "+ environment_secret:d1-fleet/production/TOKEN",
    ]
    assert change(plan, "environment_secret:d1-fleet/production/TOKEN").depends_on == (
        "environment:d1-fleet/production",
    )


def test_fewer_reviewers_or_any_branch_is_loosening() -> None:
    current = envs(
        production={"reviewers": {"users": ["a", "b"]}, "deployment_branches": {"protected_branches": True}}
    )
    plan = plan_for(envs(production={"reviewers": {"users": ["a"]}}), current)
    update = change(plan, "environment:d1-fleet/production")
    assert update.loosens
    assert (
        FieldChange("deployment_branches", {"protected_branches": True, "branches": [], "tags": []}, None)
        in update.fields
    )
    tighter = plan_for(envs(production={"wait_timer": 10}), envs(production={"wait_timer": 5}))
    assert not change(tighter, "environment:d1-fleet/production").loosens


def test_undeclared_secrets_are_left_alone_and_environments_pruned_only_when_asked() -> None:
    current = envs(production={"secrets": {"OLD": {"value": "env:GHPROV_SECRET_X"}}}, staging={})
    assert plan_for(envs(production={}), current).changes == []
    pruning = {**envs(production={"secrets": {}}), "prune": {"environments": True, "actions_secrets": True}}
    assert sorted(addresses(plan_for(pruning, current))) == [
        "- environment:d1-fleet/staging",
        "- environment_secret:d1-fleet/production/OLD",
    ]


def test_unreadable_environments_refuse_the_plan() -> None:
    with pytest.raises(PlanRefused):
        plan_for(
            envs(production={}),
            {"repositories": {"d1-fleet": {}}},
            unknowns={"repositories/d1-fleet/environments/production/secrets": "admins"},
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"deployment_branches": {"protected_branches": True, "branches": ["main"]}}, "not both"),
        ({"wait_timer": 43_201}, "43200"),
        ({"prevent_self_review": True}, "needs reviewers"),
        ({"reviewers": {"users": ["a", "b", "c", "d", "e"], "teams": ["x", "y"]}}, "at most 6"),
    ],
)
def test_malformed_environments_are_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Environment.model_validate(data)
