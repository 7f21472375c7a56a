"""Runner groups in the plan: created when missing, updated, deleted only under the prune switch and
never GitHub's Default group; widening is loosening; the config's own rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_helpers import addresses, change, plan_for
from pydantic import ValidationError

from ghprov.config import load_config
from ghprov.errors import ConfigError, PlanRefused
from ghprov.model.runner_groups import RunnerGroupAccess

WORKFLOW = "acme/d1-infra/.github/workflows/deploy.yaml@main"
CURRENT = {
    "runner_groups": {
        "Default": {"visibility": "all", "allows_public_repositories": False},
        "linux": {"visibility": "selected", "selected_repositories": ["d1-infra"]},
        "old": {"visibility": "private"},
    }
}


def test_a_missing_group_is_created_with_its_declared_keys() -> None:
    desired = {
        "runner_groups": {
            "gpu": {
                "visibility": "selected",
                "selected_repositories": ["d1-infra"],
                "restricted_to_workflows": True,
                "selected_workflows": [WORKFLOW],
            },
        }
    }
    plan = plan_for(desired, CURRENT)
    assert addresses(plan) == ["+ runner_group:gpu"]
    created = change(plan, "runner_group:gpu")
    assert [(f.field, f.before, f.after) for f in created.fields] == [
        ("visibility", None, "selected"),
        ("selected_repositories", None, ["d1-infra"]),
        ("restricted_to_workflows", None, True),
        ("selected_workflows", None, [WORKFLOW]),
    ]


def test_widening_is_loosening_and_narrowing_is_not() -> None:
    wider = {
        "runner_groups": {
            "linux": {"visibility": "selected", "selected_repositories": ["d1-fleet", "d1-infra"]}
        }
    }
    assert change(plan_for(wider, CURRENT), "runner_group:linux").loosens is True
    narrower = {"runner_groups": {"linux": {"visibility": "private"}}}
    assert change(plan_for(narrower, CURRENT), "runner_group:linux").loosens is False
    restricted = {
        "runner_groups": {"old": {"restricted_to_workflows": True, "selected_workflows": [WORKFLOW]}}
    }
    live = {"runner_groups": {"old": {"restricted_to_workflows": True, "selected_workflows": []}}}
    unrestricted = {"runner_groups": {"old": {"restricted_to_workflows": False}}}
    assert change(plan_for(unrestricted, live), "runner_group:old").loosens is True
    assert change(plan_for(restricted, live), "runner_group:old").loosens is True


def test_groups_are_deleted_only_under_the_prune_switch_and_never_the_default_group() -> None:
    desired = {"runner_groups": {"linux": {"visibility": "selected"}}}
    assert addresses(plan_for(desired, CURRENT)) == []
    pruned = plan_for({**desired, "prune": {"runner_groups": True}}, CURRENT)
    assert addresses(pruned) == ["- runner_group:old"]
    assert change(pruned, "runner_group:old").loosens is True
    # Nothing declared at all: the prune switch alone still keeps Default.
    assert addresses(plan_for({"prune": {"runner_groups": True}}, CURRENT)) == [
        "- runner_group:linux",
        "- runner_group:old",
    ]


def test_unknown_groups_refuse_the_plan() -> None:
    desired = {"runner_groups": {"gpu": {"visibility": "private"}}}
    with pytest.raises(PlanRefused, match="owners only"):
        plan_for(desired, {}, unknowns={"runner_groups": "visible to organisation owners only"})
    with pytest.raises(PlanRefused, match="enterprise"):
        plan_for(desired, {}, unknowns={"runner_groups/gpu": "the enterprise shares this runner group"})
    with pytest.raises(PlanRefused, match="owners only"):
        plan_for({"prune": {"runner_groups": True}}, {}, unknowns={"runner_groups": "owners only"})


def test_a_workflow_list_without_the_restriction_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(
        f"organization: acme\nrunner_groups:\n  gpu:\n    selected_workflows: [{WORKFLOW}]\n"
    )
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    [problem] = [str(p) for p in raised.value.problems]
    assert problem.startswith(f"{tmp_path / 'org.yaml'}:4:") and "needs restricted_to_workflows" in problem


def test_the_config_rules_of_a_group() -> None:
    with pytest.raises(ValidationError, match="visibility is 'selected'"):
        RunnerGroupAccess(visibility="all", selected_repositories=("d1-infra",))
    with pytest.raises(ValidationError, match="needs restricted_to_workflows: true"):
        RunnerGroupAccess(restricted_to_workflows=False, selected_workflows=(WORKFLOW,))
    with pytest.raises(ValidationError, match="@REF"):
        RunnerGroupAccess(restricted_to_workflows=True, selected_workflows=("acme/d1-infra/deploy.yaml",))
