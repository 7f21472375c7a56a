"""Turn pydantic's validation errors into problems that name file:line:column and what was expected."""

from __future__ import annotations

import datetime
import difflib
import types
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ghprov.config.locations import ConfigPath, SourceMap, child
from ghprov.errors import ConfigProblem

KEY_MARKER = "[key]"

_EXPECTED_BY_TYPE: dict[str, str] = {
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "string_type": "a string",
    "dict_type": "a mapping",
    "mapping_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "iterable_type": "a list",
}


def problems_from_validation_error(
    error: ValidationError, source_map: SourceMap, root: type[BaseModel], *, top_level_complete: bool = True
) -> list[ConfigProblem]:
    """One problem per pydantic error, located in the YAML and phrased for a config author.

    When a file could not be read, ``top_level_complete`` is False: a missing top-level key may well be
    in that file, so it is not reported.
    """
    return [
        _problem(details, source_map, root)
        for details in error.errors(include_url=False)
        if top_level_complete or not (details["type"] == "missing" and len(details["loc"]) == 1)
    ]


def _problem(details: ErrorDetails, source_map: SourceMap, root: type[BaseModel]) -> ConfigProblem:
    loc = tuple(details["loc"])
    kind = details["type"]
    data_path = _data_path(loc, source_map.document)
    if kind == "extra_forbidden":
        key = loc[-1]
        allowed = field_names(annotation_at(root, loc[:-1]))
        return source_map.problem(data_path, unknown_key_message(str(key), allowed), at="key")
    if kind == "missing":
        return source_map.problem(data_path, f"missing required key '{loc[-1]}'", at="key")
    # A value of the wrong type or form is pointed at; a mapping that breaks a rule of its model (a
    # value_error) is pointed at by its key, which names it.
    at: Literal["key", "value", "auto"] = "value"
    if loc and loc[-1] == KEY_MARKER:
        at = "key"
    elif kind in ("value_error", "assertion_error"):
        at = "auto"
    return source_map.problem(data_path, _message(details, root, loc), at=at)


def _message(details: ErrorDetails, root: type[BaseModel], loc: ConfigPath) -> str:
    kind = details["type"]
    context = details.get("ctx") or {}
    got = describe(details["input"])
    if kind == "literal_error":
        choices = get_args(annotation_at(root, loc)) or ()
        expected = ", ".join(f"'{choice}'" for choice in choices) or str(context.get("expected", ""))
        return f"expected one of {expected}, got {got}"
    if kind in _EXPECTED_BY_TYPE:
        return f"expected {_EXPECTED_BY_TYPE[kind]}, got {got}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound_key = {
            "greater_than_equal": "ge",
            "greater_than": "gt",
            "less_than_equal": "le",
            "less_than": "lt",
        }[kind]
        symbol = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}[bound_key]
        return f"expected a number {symbol} {context.get(bound_key)}, got {got}"
    if kind == "string_too_short":
        minimum = context.get("min_length", 1)
        return "expected a non-empty string" if minimum == 1 else f"expected at least {minimum} characters"
    if kind == "string_too_long":
        return f"expected at most {context.get('max_length')} characters, got {len(str(details['input']))}"
    if kind in ("value_error", "assertion_error") and "error" in context:
        return str(context["error"])
    return f"{details['msg']}, got {got}"


def unknown_key_message(key: str, allowed: Sequence[str]) -> str:
    """ "unknown key 'privcy' (did you mean 'privacy'?)", or the allowed keys when nothing is close."""
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key '{key}' (did you mean '{close[0]}'?)"
    if allowed:
        return f"unknown key '{key}' (expected one of: {', '.join(allowed)})"
    return f"unknown key '{key}'"


def describe(value: Any) -> str:
    """A value as a config author would recognise it in YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    return type(value).__name__


def annotation_at(root: Any, loc: ConfigPath) -> Any:
    """The type found by following ``loc`` from ``root`` (model fields, dict values, list items).

    Parts pydantic adds to a location that are not in the data (validator and union tags) are skipped.
    """
    current = _unwrap(root)
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is not None:
                current = _unwrap(field.annotation)
            continue
        origin = get_origin(current)
        args = get_args(current)
        if origin is dict and len(args) == 2:
            current = _unwrap(args[0] if part == KEY_MARKER else args[1])
        elif origin in (tuple, list, set, frozenset) and args and isinstance(part, int):
            current = _unwrap(args[0])
    return current


def field_names(annotation: Any) -> list[str]:
    """The keys a mapping of this (model) type accepts."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _data_path(loc: ConfigPath, document: Any) -> ConfigPath:
    # pydantic locations may hold parts that are not keys of the data (validator and union tags);
    # keep only the parts that lead through the document, plus the final unknown or missing key.
    path: list[Any] = []
    current = document
    for index, part in enumerate(loc):
        found, value = child(current, part)
        if found:
            path.append(part)
            current = value
        elif index == len(loc) - 1 and part != KEY_MARKER:
            path.append(part)
    return tuple(path)
