"""Custom properties: the organisation's definitions (``custom_property``) and each declared
repository's values (``repository_property``, one change per repository and property).

Definitions are compared and replaced as whole values (GitHub's PUT replaces one). They come before
repositories in apply order, and values after, so a value is only set once its definition exists;
deleting a definition also deletes every repository's value of it (GitHub does so itself).
A value is removed (with ``prune.properties``) only where removing it means something: a property
with a default keeps showing the default, so such values are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model import Organization
from ghprov.model.custom_properties import CustomProperty, PropertySetting
from ghprov.plan.changes import Action, Change, Kind, address
from ghprov.plan.context import DiffContext, field_changes, non_default_fields
from ghprov.plan.kinds.edits import entry, put
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames

DEFINITION_FIELDS = tuple(CustomProperty.model_fields)


def _shown(definition: CustomProperty) -> list[str]:
    """The fields a created or deleted definition shows: its type first, then what it sets. The type is
    required, so it is among the set fields too; listed once (text plans printed it twice)."""
    return list(dict.fromkeys(["value_type", *non_default_fields(definition)]))


def plan_definitions(ctx: DiffContext) -> None:
    """Create and replace declared definitions; delete undeclared ones with prune.custom_properties."""
    desired, live = ctx.desired.custom_properties, ctx.live.state.custom_properties
    for name in sorted(desired):
        wanted, current = desired[name], live.get(name)
        ctx.touch(f"custom_properties/{name}")
        if current is None:
            fields = field_changes(None, wanted, _shown(wanted))
            ctx.add(Change(Kind.CUSTOM_PROPERTY, Action.CREATE, (name,), fields, wanted))
        elif current != wanted:
            fields = field_changes(current, wanted, DEFINITION_FIELDS)
            ctx.add(Change(Kind.CUSTOM_PROPERTY, Action.UPDATE, (name,), fields, wanted, current))
    if not ctx.desired.prune.custom_properties:
        return
    ctx.touch("custom_properties", whole=True)
    for name in sorted(set(live) - set(desired)):
        current = live[name]
        fields = field_changes(current, None, _shown(current))
        ctx.add(Change(Kind.CUSTOM_PROPERTY, Action.DELETE, (name,), fields, None, current))


def _removable(ctx: DiffContext, name: str) -> bool:
    """Whether unsetting the property takes its value away (not so where GitHub shows a default)."""
    definition = ctx.desired.custom_properties.get(name) or ctx.live.state.custom_properties.get(name)
    return definition is None or definition.default_value is None


def plan_values(ctx: DiffContext) -> None:
    """Per repository whose config has ``properties``: set, change and (with prune) unset values."""
    prune = ctx.desired.prune.properties
    for repo in sorted(ctx.desired.repositories):
        spec = ctx.desired.repositories[repo]
        if "properties" not in spec.model_fields_set and not prune:
            continue
        current_repo = ctx.live_repository(repo)
        live = current_repo.properties if current_repo is not None else {}
        ctx.touch(f"repositories/{ctx.live_repository_name(repo)}/properties", whole=True)
        for name in sorted(spec.properties):
            wanted = PropertySetting(value=spec.properties[name])
            current = PropertySetting(value=live[name]) if name in live else None
            if current is None:
                fields = field_changes(None, wanted, ["value"])
                ctx.add(Change(Kind.REPOSITORY_PROPERTY, Action.CREATE, (repo, name), fields, wanted))
            elif current != wanted:
                fields = field_changes(current, wanted, ["value"])
                ctx.add(
                    Change(Kind.REPOSITORY_PROPERTY, Action.UPDATE, (repo, name), fields, wanted, current)
                )
        if not prune or current_repo is None:
            continue
        for name in sorted(set(live) - set(spec.properties)):
            if _removable(ctx, name):
                current = PropertySetting(value=live[name])
                fields = field_changes(current, None, ["value"])
                ctx.add(Change(Kind.REPOSITORY_PROPERTY, Action.DELETE, (repo, name), fields, None, current))


def _value_references(change: Change, team_names: TeamNames) -> Iterable[str]:
    repo, name = change.key
    return [address(Kind.REPOSITORY, repo), address(Kind.CUSTOM_PROPERTY, name)]


def _count_definitions(organization: Organization) -> int:
    return len(organization.custom_properties)


def _count_values(organization: Organization) -> int:
    return sum(len(repository.properties) for repository in organization.repositories.values())


def _project_definition(organization: dict[str, Any], change: Change) -> None:
    put(entry(organization, "custom_properties"), change, change.key[0])


def _project_value(organization: dict[str, Any], change: Change) -> None:
    repo, name = change.key
    values = entry(organization, "repositories", repo, "properties")
    if change.action is Action.DELETE:
        values.pop(name, None)
    else:
        values[name] = change.desired_model(PropertySetting).model_dump(mode="json")["value"]


CUSTOM_PROPERTY = KindSpec(
    Kind.CUSTOM_PROPERTY,
    label="custom property",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=CustomProperty,
    differ=plan_definitions,
    prune_switch="custom_properties",
    live_count=_count_definitions,
    project=_project_definition,
)
REPOSITORY_PROPERTY = KindSpec(
    Kind.REPOSITORY_PROPERTY,
    label="property",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=PropertySetting,
    differ=plan_values,
    repository_key=0,
    prune_switch="properties",
    references=_value_references,
    live_count=_count_values,
    project=_project_value,
)
