"""Actions secrets and variables in the plan engine: what can be compared, rotation, prune, fail closed."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_helpers import addresses, change, live, org, plan_for
from pydantic import ValidationError

from ghprov.errors import PlanRefused
from ghprov.model.actions_secrets import OrganizationSecret, RepositorySecret
from ghprov.plan import compute_plan, load_plan, save_plan
from ghprov.plan.changes import FieldChange
from ghprov.plan.kinds.actions_secrets import rotates_secrets, sends_value


def repo_secrets(**secrets: str) -> dict[str, object]:
    return {"repositories": {"d1-fleet": {"actions_secrets": {n: {"value": v} for n, v in secrets.items()}}}}


def live_repo_secrets(*names: str, updated: str = "2026-01-02T03:04:05Z") -> dict[str, object]:
    secrets = {name: {"value": f"env:GHPROV_SECRET_D1_FLEET_{name}", "updated_at": updated} for name in names}
    return {"repositories": {"d1-fleet": {"actions_secrets": secrets}}}


def test_a_missing_secret_is_created_from_its_reference_and_an_existing_one_is_left_alone() -> None:
    plan = plan_for(repo_secrets(FLUX="env:FLUX", DEPLOY="file:/run/deploy"), live_repo_secrets("DEPLOY"))
    assert addresses(plan) == ["+ repository_secret:d1-fleet/FLUX"]
    created = change(plan, "repository_secret:d1-fleet/FLUX")
    assert created.fields == (FieldChange("value", None, "from env:FLUX"),)
    assert sends_value(created)


def test_rotation_sends_every_declared_value_again_and_shows_when_github_last_saw_one() -> None:
    desired, current = org(**repo_secrets(DEPLOY="file:/run/deploy")), live(**live_repo_secrets("DEPLOY"))
    assert compute_plan(desired, current).changes == []
    plan = compute_plan(desired, current, rotate_secrets=True)
    rotated = change(plan, "repository_secret:d1-fleet/DEPLOY")
    assert rotated.fields == (
        FieldChange("value", "set (updated 2026-01-02T03:04:05Z)", "again from file:/run/deploy"),
    )
    assert rotates_secrets(plan)


def test_a_rotation_plan_saved_and_loaded_is_the_plan_a_fresh_rotation_computes(tmp_path: Path) -> None:
    desired, current = org(**repo_secrets(DEPLOY="file:/run/deploy")), live(**live_repo_secrets("DEPLOY"))
    plan = compute_plan(desired, current, rotate_secrets=True)
    save_plan(plan, tmp_path / "plan.json")
    assert "2026-01-02" in (tmp_path / "plan.json").read_text()  # shown in the field, never a value
    assert load_plan(tmp_path / "plan.json").changes == plan.changes


def test_organisation_secrets_compare_visibility_and_repositories_and_widening_loosens() -> None:
    desired = {
        "actions_secrets": {
            "FLUX": {
                "value": "env:FLUX",
                "visibility": "selected",
                "selected_repositories": ["d1-fleet", "d1-infra"],
            }
        },
        "repositories": {"d1-fleet": {}, "d1-infra": {}},
    }
    current = {
        "actions_secrets": {
            "FLUX": {
                "value": "env:GHPROV_SECRET_FLUX",
                "visibility": "selected",
                "selected_repositories": ["d1-fleet"],
            }
        },
        "repositories": {"d1-fleet": {}, "d1-infra": {}},
    }
    plan = plan_for(desired, current)
    update = change(plan, "organization_secret:FLUX")
    assert update.fields == (FieldChange("selected_repositories", ["d1-fleet"], ["d1-fleet", "d1-infra"]),)
    assert not sends_value(update) and update.loosens


def test_prune_removes_only_from_repositories_that_declare_secrets() -> None:
    desired = {
        "prune": {"actions_secrets": True},
        "repositories": {"d1-fleet": {"actions_secrets": {}}, "d1-infra": {}},
    }
    current = {
        "repositories": {
            "d1-fleet": {"actions_secrets": {"OLD": {"value": "env:GHPROV_SECRET_D1_FLEET_OLD"}}},
            "d1-infra": {"actions_secrets": {"KEEP": {"value": "env:GHPROV_SECRET_D1_INFRA_KEEP"}}},
        }
    }
    assert addresses(plan_for(desired, current)) == ["- repository_secret:d1-fleet/OLD"]


def test_secrets_the_token_cannot_list_refuse_the_plan() -> None:
    with pytest.raises(PlanRefused, match="actions_secrets"):
        plan_for(
            repo_secrets(FLUX="env:FLUX"),
            {"repositories": {"d1-fleet": {}}},
            unknowns={"repositories/d1-fleet/actions_secrets": "visible to admins only"},
        )
    with pytest.raises(PlanRefused):
        plan_for(
            {"actions_secrets": {"FLUX": {"value": "env:FLUX"}}}, unknowns={"actions_secrets": "owners only"}
        )


def test_variables_are_compared_by_value() -> None:
    desired = {
        "actions_variables": {"REGISTRY": {"value": "ghcr.io/acme", "visibility": "all"}},
        "prune": {"actions_variables": True},
        "repositories": {"d1-fleet": {"actions_variables": {"CLUSTER": "staging", "NEW": "1"}}},
    }
    current = {
        "actions_variables": {
            "REGISTRY": {"value": "ghcr.io/old", "visibility": "all"},
            "STRAY": {"value": "x"},
        },
        "repositories": {"d1-fleet": {"actions_variables": {"CLUSTER": "staging", "GONE": "y"}}},
    }
    plan = plan_for(desired, current)
    assert sorted(addresses(plan)) == [
        "+ repository_variable:d1-fleet/NEW",
        "- organization_variable:STRAY",
        "- repository_variable:d1-fleet/GONE",
        "~ organization_variable:REGISTRY",
    ]
    assert change(plan, "organization_variable:REGISTRY").fields == (
        FieldChange("value", "ghcr.io/old", "ghcr.io/acme"),
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"actions_secrets": {"flux": {"value": "env:FLUX"}}}, "write FLUX"),
        ({"actions_secrets": {"GITHUB_TOKEN": {"value": "env:FLUX"}}}, "reserved by GitHub"),
        ({"actions_secrets": {"FLUX": {"value": "hunter2"}}}, "not a secret reference"),
        ({"actions_secrets": {"FLUX": {"value": "vault:kv/flux"}}}, "unknown secret source 'vault'"),
        (
            {"actions_variables": {"X": {"value": "1", "visibility": "all", "selected_repositories": ["a"]}}},
            "needs visibility: selected",
        ),
    ],
)
def test_malformed_secrets_and_variables_are_refused(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        org(**data)


def test_the_live_secret_never_holds_a_value() -> None:
    secret = OrganizationSecret(value="env:GHPROV_SECRET_FLUX", updated_at="2026-01-01T00:00:00Z")
    assert "updated_at" not in secret.model_dump()
    assert RepositorySecret(value="file:/x").model_dump() == {"value": "file:/x"}
