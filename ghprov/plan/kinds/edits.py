"""Edits of an organisation's JSON form, for the kinds' ``KindSpec.project`` (see ``plan.projection``)."""

from __future__ import annotations

from typing import Any

from ghprov.model.base import Model
from ghprov.plan.changes import Action, Change

Document = dict[str, Any]


def entry(document: Document, *path: str) -> Document:
    """The mapping at ``path`` in ``document``, created empty where missing."""
    for key in path:
        value = document.get(key)
        if not isinstance(value, dict):
            value = {}
            document[key] = value
        document = value
    return document


def put(collection: Document, change: Change, key: str) -> None:
    """Set ``key`` to the change's desired value (a model's JSON, or a role), or remove it on DELETE."""
    if change.action is Action.DELETE:
        collection.pop(key, None)
        return
    desired = change.desired
    collection[key] = desired.model_dump(mode="json") if isinstance(desired, Model) else desired


def rename(collection: Document, change: Change) -> None:
    """Move the renamed entry from its old name (the change's first field) to its new one."""
    old, new = change.fields[0].before, change.key[0]
    if isinstance(old, str) and old in collection:
        collection[new] = collection.pop(old)
