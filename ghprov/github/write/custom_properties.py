"""CUSTOM_PROPERTY and REPOSITORY_PROPERTY changes → the organisation's custom-property endpoints.

A definition is created or replaced with ``PUT /orgs/{org}/properties/schema/{name}`` (every field
sent, so the definition is exactly the config's) and deleted with ``DELETE``.

A repository's value is written with the organisation-wide ``PATCH /orgs/{org}/properties/values``
(``null`` unsets it). That endpoint sets the same values on up to 30 repositories at once, but a
writer sees one change, and apply sends each change's requests on their own (its report, retries and
dependencies are per change), so each value costs one request. Batching identical values of several
repositories would need apply to merge changes; the plan keeps one change per repository and
property so that every value shows, can fail and can be refused (prune) on its own.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.custom_properties import CustomProperty, PropertySetting
from ghprov.plan.changes import Action, Change


def definition_body(definition: CustomProperty) -> dict[str, Any]:
    """The PUT body: every field, in GitHub's JSON (a multi_select default as a list)."""
    return definition.model_dump(mode="json")


def write_custom_property(change: Change, target: Target) -> Writes:
    """Requests for a CUSTOM_PROPERTY change (key: property name)."""
    (name,) = change.key
    where = path("orgs", target.org, "properties", "schema", name)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", where, already_done=frozenset({404}))]
    if change.action is Action.RENAME:
        return Unsupported("GitHub cannot rename a custom property; declare the new one and prune the old")
    return [WriteRequest("PUT", where, definition_body(change.desired_model(CustomProperty)))]


def write_repository_property(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY_PROPERTY change (key: repository, property name)."""
    repo, name = change.key
    if change.action is Action.RENAME:
        return Unsupported("a property value has no name of its own to change")
    value: Any = None
    if change.action is not Action.DELETE:
        setting = change.desired_model(PropertySetting).value
        value = list(setting) if isinstance(setting, tuple) else setting
    body = {"repository_names": [repo], "properties": [{"property_name": name, "value": value}]}
    return [WriteRequest("PATCH", path("orgs", target.org, "properties", "values"), body)]
