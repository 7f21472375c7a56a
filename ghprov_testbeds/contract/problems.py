"""Turn jsonschema validation errors into short, located problem strings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from jsonschema.exceptions import ValidationError

_MAX_VALUE_TEXT = 80


def location(where: str, path: Sequence[Any]) -> str:
    """`body.rules[0].parameters` style location of a value inside a request or response."""
    text = where
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def describe_errors(errors: Iterable[ValidationError], where: str) -> list[str]:
    """One line per problem, each prefixed by where it is; oneOf failures explain the intended branch."""
    problems: list[str] = []
    for error in errors:
        problems.extend(_describe(error, where, ()))
    return sorted(set(problems), key=problems.index)


def _describe(error: ValidationError, where: str, outer: tuple[Any, ...]) -> list[str]:
    path = (*outer, *error.relative_path)
    if error.validator in ("oneOf", "anyOf") and error.context:
        branch = _intended_branch(error.context)
        if branch is not None:
            return [line for inner in branch for line in _describe(inner, where, path)]
        if "valid under each of" in error.message:
            return [f"{location(where, path)}: matches more than one of the allowed shapes"]
        unknown = _unknown_discriminator(error.context, error.instance)
        if unknown is not None:
            return [f"{location(where, (*path, unknown[0]))}: {unknown[1]}"]
        return [f"{location(where, path)}: matches none of the allowed shapes"]
    return [f"{location(where, path)}: {_shorten(error.message)}"]


def _intended_branch(context: list[ValidationError]) -> list[ValidationError] | None:
    """The errors of the single branch the value was evidently meant for, if one stands out.

    GitHub's unions (ruleset rules, conditions) are discriminated by a one-value enum such as
    `type: creation`; a branch whose discriminator failed was not the one intended.
    """
    branches: dict[Any, list[ValidationError]] = {}
    for error in context:
        branches.setdefault(error.relative_schema_path[0], []).append(error)
    candidates = [errors for errors in branches.values() if not _discriminator_errors(errors)]
    return candidates[0] if len(candidates) == 1 else None


def _discriminator_errors(errors: list[ValidationError]) -> list[ValidationError]:
    return [
        e
        for e in errors
        if e.validator == "enum" and len(e.validator_value) == 1 and len(e.relative_path) == 1
    ]


def _unknown_discriminator(context: list[ValidationError], instance: Any) -> tuple[str, str] | None:
    """When every branch rejects the same one-value enum property, name the values it could have had."""
    failed = _discriminator_errors(context)
    names = {e.relative_path[0] for e in failed}
    branches = {e.relative_schema_path[0] for e in context}
    if len(names) != 1 or {e.relative_schema_path[0] for e in failed} != branches:
        return None
    name = str(names.pop())
    allowed = sorted({str(e.validator_value[0]) for e in failed})
    value = instance.get(name) if isinstance(instance, dict) else None
    return name, f"{value!r} is not one of {allowed}"


def _shorten(message: str) -> str:
    # jsonschema repeats the whole offending value; a large object buries the point of the message.
    if len(message) <= 200:
        return message
    head, _, tail = message.partition(" is ")
    if tail and len(head) > _MAX_VALUE_TEXT:
        return f"{head[:_MAX_VALUE_TEXT]}... is {tail}"
    return message[:200] + "..."
