"""Wording shared by the human renderers: labels, values, the summary line and per-resource groups."""

from __future__ import annotations

import json
from typing import Any

from ghprov.plan.changes import Action, Change, FieldChange, Kind, Plan
from ghprov.plan.kinds.registry import spec_of
from ghprov.plan.kinds.spec import Scope

LOOSENS_NOTE = "(loosens protection)"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(plan: Plan) -> str:
    """``Plan: 3 to add, 2 to change, 1 to remove; 1 finding``."""
    counts = plan.summary()
    return (
        f"Plan: {counts['add']} to add, {counts['change']} to change, {counts['remove']} to remove; "
        f"{_plural(counts['findings'], 'finding')}"
    )


def format_value(value: Any) -> str:
    """A field value as compact JSON (strings quoted, so empty and missing values stay visible)."""
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def field_line(change: Change, field: FieldChange) -> str:
    if change.action is Action.CREATE:
        return f"{field.field}: {format_value(field.after)}"
    if change.action is Action.DELETE:
        return f"{field.field}: {format_value(field.before)}"
    return f"{field.field}: {format_value(field.before)} → {format_value(field.after)}"


def group_of(change: Change) -> tuple[int, str, str]:
    """The resource a change is shown under: the organisation, a team or a repository."""
    scope = spec_of(change.kind).scope
    if scope is Scope.ORGANIZATION:
        return (scope.value, "organization", "")
    return (scope.value, scope.name.lower(), change.key[0])


def change_title(change: Change) -> str:
    """``+ branch protection main``: symbol, kind and the key within its group."""
    _, group, _ = group_of(change)
    key = change.key if group == "organization" else change.key[1:] or change.key
    if change.kind is Kind.ORGANIZATION_SETTINGS:
        key = ()
    title = f"{change.action.symbol} {spec_of(change.kind).label} {'/'.join(key)}".rstrip()
    return f"{title} {LOOSENS_NOTE}" if change.loosens else title


def grouped(plan: Plan) -> list[tuple[str, list[Change]]]:
    """(heading, changes in plan order) per resource: organisation first, then teams, then repositories."""
    groups: dict[tuple[int, str, str], list[Change]] = {}
    for change in plan.changes:
        groups.setdefault(group_of(change), []).append(change)
    headings = []
    for rank, kind, name in sorted(groups):
        heading = f"organization {plan.organization}" if rank == 0 else f"{kind} {name}"
        headings.append((heading, groups[(rank, kind, name)]))
    return headings
