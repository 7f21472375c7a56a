"""Custom properties in the plan engine: definitions as whole values, per-repository values, prune."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from plan_helpers import addresses, change, org, plan_for
from pydantic import ValidationError

from ghprov.model.custom_properties import CustomProperty, PropertySetting
from ghprov.plan import Action
from ghprov.plan.changes import Kind
from ghprov.plan.kinds.registry import spec_of
from ghprov.plan.saved import load_plan, save_plan

TEAM: dict[str, Any] = {"value_type": "single_select", "allowed_values": ["platform", "apps"]}


def test_definitions_are_checked_as_github_checks_them() -> None:
    with pytest.raises(ValidationError, match="needs allowed_values"):
        CustomProperty(value_type="single_select")
    with pytest.raises(ValidationError, match="allowed_values is for select properties"):
        CustomProperty(value_type="string", allowed_values=("a",))
    with pytest.raises(ValidationError, match="required property needs a default_value"):
        CustomProperty(value_type="string", required=True)
    with pytest.raises(ValidationError, match="'x' is not in allowed_values"):
        CustomProperty.model_validate({**TEAM, "default_value": "x"})
    flag = CustomProperty.model_validate(
        {"value_type": "true_false", "default_value": True, "required": True}
    )
    assert flag.default_value == "true" and flag.values_editable_by == "org_actors"


def test_definitions_are_created_replaced_and_pruned() -> None:
    live = {"custom_properties": {"team": {"value_type": "string"}, "old": {"value_type": "string"}}}
    desired = {"custom_properties": {"team": TEAM, "tier": {"value_type": "string"}}}
    plan = plan_for(desired, live)
    assert addresses(plan) == ["~ custom_property:team", "+ custom_property:tier"]
    replaced = change(plan, "custom_property:team")
    assert [(f.field, f.before, f.after) for f in replaced.fields] == [
        ("value_type", "string", "single_select"),
        ("allowed_values", None, ["platform", "apps"]),
    ]
    pruned = plan_for({**desired, "prune": {"custom_properties": True}}, live)
    assert "- custom_property:old" in addresses(pruned)


def test_a_created_or_deleted_definition_shows_each_field_once() -> None:
    # value_type is always shown; it printed twice when it is also a non-default field.
    desired = {"custom_properties": {"team": {**TEAM, "description": "Owning team"}}}
    created = change(plan_for(desired), "custom_property:team")
    assert [f.field for f in created.fields] == ["value_type", "description", "allowed_values"]
    live = {"custom_properties": {"old": {"value_type": "string", "required": True, "default_value": "x"}}}
    deleted = change(plan_for({"prune": {"custom_properties": True}}, live), "custom_property:old")
    assert [f.field for f in deleted.fields] == ["value_type", "required", "default_value"]


def test_values_are_one_change_per_repository_and_property_after_definitions() -> None:
    desired = {
        "custom_properties": {
            "team": TEAM,
            "tags": {"value_type": "multi_select", "allowed_values": ["a", "b"]},
        },
        "repositories": {"d1-fleet": {"properties": {"team": "platform", "tags": ["b", "a"]}}},
    }
    plan = plan_for(desired)
    assert addresses(plan) == [
        "+ custom_property:tags",
        "+ custom_property:team",
        "+ repository:d1-fleet",
        "+ repository_property:d1-fleet/tags",
        "+ repository_property:d1-fleet/team",
    ]
    value = change(plan, "repository_property:d1-fleet/tags")
    assert value.desired == PropertySetting(value=("a", "b"))
    assert {"repository:d1-fleet", "custom_property:tags"} <= set(value.depends_on)
    assert value.repository == "d1-fleet"


def test_a_changed_value_updates_and_prune_unsets_only_values_without_a_default() -> None:
    definitions = {
        "team": TEAM,
        "tier": {"value_type": "string"},
        "env": {"value_type": "string", "required": True, "default_value": "dev"},
    }
    live = {
        "custom_properties": definitions,
        "repositories": {"d1-fleet": {"properties": {"team": "apps", "tier": "1", "env": "dev"}}},
    }
    desired = {**live, "repositories": {"d1-fleet": {"properties": {"team": "platform"}}}}
    assert addresses(plan_for(desired, live)) == ["~ repository_property:d1-fleet/team"]
    pruned = plan_for({**desired, "prune": {"properties": True}}, live)
    # env shows its default whatever is done: only tier's value can be taken away.
    assert addresses(pruned) == ["~ repository_property:d1-fleet/team", "- repository_property:d1-fleet/tier"]
    assert change(pruned, "repository_property:d1-fleet/tier").action is Action.DELETE


def test_yaml_booleans_are_githubs_text_and_lists_compare_as_sets() -> None:
    flags = {"custom_properties": {"flux": {"value_type": "true_false"}}}
    live = {**flags, "repositories": {"d1-fleet": {"properties": {"flux": "true"}}}}
    assert (
        plan_for({**flags, "repositories": {"d1-fleet": {"properties": {"flux": True}}}}, live).changes == []
    )


def test_the_spec_counts_values_for_the_circuit_breaker() -> None:
    state = org(repositories={"a": {"properties": {"x": "1", "y": "2"}}, "b": {"properties": {"x": "1"}}})
    count = spec_of(Kind.REPOSITORY_PROPERTY).live_count
    assert count is not None and count(state) == 3


def test_a_saved_plan_reads_back_the_same_changes(tmp_path: Path) -> None:
    desired = {
        "custom_properties": {"tags": {"value_type": "multi_select", "allowed_values": ["a", "b"]}},
        "repositories": {
            "d1-fleet": {"collaborators": {"alice": "write"}, "properties": {"tags": ["b", "a"]}}
        },
        "prune": {"collaborators": True},
    }
    plan = plan_for(desired, {"repositories": {"d1-fleet": {"collaborators": {"dave": "read"}}}})
    save_plan(plan, tmp_path / "plan.json")
    assert load_plan(tmp_path / "plan.json").changes == plan.changes
    assert len(plan.changes) == 4


def test_a_created_or_pruned_definition_shows_each_field_once() -> None:
    """The text plan printed ``value_type`` twice for a new custom property (the type is required, so
    it is among the set fields as well as listed first)."""
    created = change(plan_for({"custom_properties": {"team": TEAM}}), "custom_property:team")
    assert [f.field for f in created.fields] == ["value_type", "allowed_values"]
    pruned = change(
        plan_for({"prune": {"custom_properties": True}}, {"custom_properties": {"team": TEAM}}),
        "custom_property:team",
    )
    assert [f.field for f in pruned.fields] == ["value_type", "allowed_values"]
