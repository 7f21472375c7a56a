"""The JSON Schema (2020-12) of a configuration document, for editors and CI linting."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from ghprov.config.document import COLLECTION_KEYS, EXTENSION_PREFIX, ConfigDocument

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "https://ghprov.dev/schema/config.json"


def config_json_schema() -> dict[str, Any]:
    """The schema of the merged configuration document (all files together), ``defaults`` included."""
    return copy.deepcopy(_build())


@cache
def _build() -> dict[str, Any]:
    generated = ConfigDocument.model_json_schema(mode="validation")
    schema: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "ghprov configuration",
        "description": "A GitHub organisation as ghprov manages it. A directory of YAML files is merged "
        "into one such document before validation.",
        **{key: value for key, value in generated.items() if key not in ("title", "description")},
    }
    schema["patternProperties"] = {f"^{EXTENSION_PREFIX}": {}}
    definitions = schema["$defs"]
    definitions["RulesetRule"] = _rule_schema(definitions["RulesetRule"])
    for key in COLLECTION_KEYS:
        _allow_empty_entries(schema["properties"][key])
    return schema


def _rule_schema(long_form: dict[str, Any]) -> dict[str, Any]:
    # The model also accepts the short form {RULE_TYPE: PARAMETERS}; pydantic cannot see that
    # because a "before" validator rewrites it.
    short_form = {
        "type": "object",
        "minProperties": 1,
        "maxProperties": 1,
        "propertyNames": {"not": {"const": "type"}},
        "additionalProperties": {"anyOf": [{"type": "object"}, {"type": "null"}]},
        "description": "Short form: {RULE_TYPE: PARAMETERS}, "
        "e.g. {pull_request: {required_approving_review_count: 2}}.",
    }
    return {
        "description": long_form.get("description", ""),
        "anyOf": [_without_description(long_form), short_form],
    }


def _allow_empty_entries(section: dict[str, Any]) -> None:
    # "name:" with nothing after it is an entry with no settings (the loader reads it as {}).
    entry = section.get("additionalProperties")
    if isinstance(entry, dict):
        section["additionalProperties"] = {"anyOf": [entry, {"type": "null"}]}


def _without_description(schema: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in schema.items() if key != "description"}
