"""Environment writers: exact requests validated against GitHub's OpenAPI, reviewers as ids."""

from __future__ import annotations

from apply_writes import requests_for, unsupported_reason

from ghprov.github.read.environments import policy_address
from ghprov.model import ResourceIds, TeamRef
from ghprov.model.actions_secrets import VariableValue
from ghprov.model.environments import Environment
from ghprov.plan.changes import Action, Change, Kind

KEY = ("d1-fleet", "production")
IDS = ResourceIds(
    teams={"platform-team": TeamRef(11, "platform-team")},
    users={"olivia": 9001},
    resources={policy_address("d1-fleet", "production", "branch", "release/*"): 55},
)
PRODUCTION = Environment.model_validate(
    {
        "wait_timer": 30,
        "prevent_self_review": True,
        "reviewers": {"users": ["olivia"], "teams": ["platform-team"]},
        "deployment_branches": {"branches": ["main"], "tags": ["v*"]},
    }
)


def test_create_puts_every_setting_then_adds_each_pattern() -> None:
    create = Change(Kind.ENVIRONMENT, Action.CREATE, KEY, desired=PRODUCTION)
    assert requests_for(create, ids=IDS) == [
        (
            "PUT",
            "/repos/acme/d1-fleet/environments/production",
            {
                "wait_timer": 30,
                "prevent_self_review": True,
                "reviewers": [{"type": "User", "id": 9001}, {"type": "Team", "id": 11}],
                "deployment_branch_policy": {"protected_branches": False, "custom_branch_policies": True},
            },
        ),
        (
            "POST",
            "/repos/acme/d1-fleet/environments/production/deployment-branch-policies",
            {"name": "main", "type": "branch"},
        ),
        (
            "POST",
            "/repos/acme/d1-fleet/environments/production/deployment-branch-policies",
            {"name": "v*", "type": "tag"},
        ),
    ]


def test_an_update_adds_new_patterns_before_removing_stale_ones() -> None:
    current = Environment.model_validate(
        {
            **PRODUCTION.model_dump(),
            "deployment_branches": {"branches": ["main", "release/*"], "tags": ["v*"]},
        }
    )
    desired = Environment.model_validate(
        {**PRODUCTION.model_dump(), "deployment_branches": {"branches": ["main", "hotfix/*"], "tags": ["v*"]}}
    )
    update = Change(Kind.ENVIRONMENT, Action.UPDATE, KEY, desired=desired, current=current)
    assert [(m, p) for m, p, _ in requests_for(update, ids=IDS)] == [
        ("PUT", "/repos/acme/d1-fleet/environments/production"),
        ("POST", "/repos/acme/d1-fleet/environments/production/deployment-branch-policies"),
        ("DELETE", "/repos/acme/d1-fleet/environments/production/deployment-branch-policies/55"),
    ]


def test_any_branch_is_a_null_policy_and_delete_and_rename() -> None:
    open_env = Change(Kind.ENVIRONMENT, Action.CREATE, ("d1-fleet", "dev"), desired=Environment())
    [(_, _, body)] = requests_for(open_env, ids=IDS)
    assert body == {
        "wait_timer": 0,
        "prevent_self_review": False,
        "reviewers": [],
        "deployment_branch_policy": None,
    }
    delete = Change(Kind.ENVIRONMENT, Action.DELETE, KEY, current=PRODUCTION)
    assert requests_for(delete) == [("DELETE", "/repos/acme/d1-fleet/environments/production", None)]
    rename = Change(Kind.ENVIRONMENT, Action.RENAME, KEY, desired=PRODUCTION, current=PRODUCTION)
    assert "identified by name" in unsupported_reason(rename)


def test_environment_variables_and_secret_deletes() -> None:
    create = Change(
        Kind.ENVIRONMENT_VARIABLE, Action.CREATE, (*KEY, "CLUSTER"), desired=VariableValue(value="prod")
    )
    assert requests_for(create) == [
        (
            "POST",
            "/repos/acme/d1-fleet/environments/production/variables",
            {"name": "CLUSTER", "value": "prod"},
        )
    ]
    update = Change(
        Kind.ENVIRONMENT_VARIABLE,
        Action.UPDATE,
        (*KEY, "CLUSTER"),
        desired=VariableValue(value="eu"),
        current=VariableValue(value="prod"),
    )
    assert requests_for(update)[0][:2] == (
        "PATCH",
        "/repos/acme/d1-fleet/environments/production/variables/CLUSTER",
    )
    delete = Change(Kind.ENVIRONMENT_SECRET, Action.DELETE, (*KEY, "KUBECONFIG"))
    assert requests_for(delete) == [
        ("DELETE", "/repos/acme/d1-fleet/environments/production/secrets/KUBECONFIG", None)
    ]
