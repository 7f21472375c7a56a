"""Custom properties: the organisation's property definitions and each repository's values.

Organisation rulesets can target repositories by property (a ``repository_property`` condition), so
declaring a repository's ``properties`` is how it is brought under such a ruleset. GitHub stores
every value as text: a ``true_false`` value is ``"true"`` or ``"false"`` (a YAML boolean is accepted
and turned into that), a ``multi_select`` value a list of allowed values (compared as a set).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, field_validator, model_validator

from ghprov.model.base import Model, sorted_unique

ValueType = Literal["string", "single_select", "multi_select", "true_false", "url"]
SELECTS: frozenset[str] = frozenset({"single_select", "multi_select"})
# GitHub's documented limits: at most 200 allowed values of at most 75 characters each.
MAX_ALLOWED_VALUES = 200
MAX_VALUE_LENGTH = 75
# Property names GitHub accepts: letters, digits and ``_ - $ #``, at most 75 characters.
_NAME = re.compile(r"^[A-Za-z0-9_$#-]{1,75}$")


def _property_name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(
            f"{value!r} is not a custom property name GitHub accepts "
            "(letters, digits, '_', '-', '$' and '#', at most 75 characters)"
        )
    return value


def normalise_value(value: Any) -> Any:
    """YAML's booleans as GitHub's ``"true"``/``"false"``; lists as sorted, de-duplicated tuples."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | set):
        return sorted_unique(
            ["true" if item is True else "false" if item is False else item for item in value]
        )
    return value


PropertyName = Annotated[str, AfterValidator(_property_name)]
# A repository's value of one property: text, or the chosen values of a multi_select.
PropertyValue = Annotated[
    str | tuple[str, ...],
    BeforeValidator(normalise_value),
    # What a config may write, YAML booleans included (the validator turns them into GitHub's text).
    WithJsonSchema(
        {"anyOf": [{"type": "string"}, {"type": "boolean"}, {"type": "array", "items": {"type": "string"}}]}
    ),
]


def value_problem(definition: CustomProperty, value: str | tuple[str, ...]) -> str | None:
    """Why GitHub would refuse ``value`` for a property so defined (None: it is acceptable)."""
    allowed = definition.allowed_values or ()
    if definition.value_type == "multi_select":
        if not isinstance(value, tuple):
            return "a multi_select property takes a list of values"
        outside = [item for item in value if item not in allowed]
        return f"{', '.join(map(repr, outside))} not in allowed_values {list(allowed)}" if outside else None
    if not isinstance(value, str):
        return f"a {definition.value_type} property takes one value, not a list"
    if definition.value_type == "single_select" and value not in allowed:
        return f"{value!r} is not in allowed_values {list(allowed)}"
    if definition.value_type == "true_false" and value not in ("true", "false"):
        return f"a true_false property is true or false, not {value!r}"
    if definition.value_type == "url" and not value.startswith(("https://", "http://")):
        return f"a url property takes an http(s) URL, not {value!r}"
    return None


class CustomProperty(Model):
    """One organisation property definition, keyed by its name in ``Organization.custom_properties``.

    Compared and written as a whole (GitHub's PUT replaces the definition), so every field has
    GitHub's default: ``values_editable_by`` defaults to organisation actors, as on GitHub.
    """

    value_type: ValueType
    required: bool = False
    default_value: PropertyValue | None = None
    description: str | None = None
    allowed_values: tuple[str, ...] | None = Field(default=None, max_length=MAX_ALLOWED_VALUES)
    values_editable_by: Literal["org_actors", "org_and_repo_actors"] = "org_actors"

    @field_validator("allowed_values")
    @classmethod
    def _check_allowed(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        if len(set(value)) != len(value):
            raise ValueError("allowed_values lists a value twice")
        too_long = [item for item in value if len(item) > MAX_VALUE_LENGTH]
        if too_long:
            raise ValueError(f"allowed values are at most {MAX_VALUE_LENGTH} characters: {too_long[0]!r}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> CustomProperty:
        selects = self.value_type in SELECTS
        if selects and not self.allowed_values:
            raise ValueError(f"a {self.value_type} property needs allowed_values")
        if not selects and self.allowed_values is not None:
            raise ValueError(f"allowed_values is for select properties, not {self.value_type}")
        if self.required and self.default_value is None:
            # GitHub gives every repository without a value the default of a required property.
            raise ValueError("a required property needs a default_value")
        if self.default_value is not None:
            problem = value_problem(self, self.default_value)
            if problem:
                raise ValueError(f"default_value: {problem}")
        return self


CustomProperties = dict[PropertyName, CustomProperty]
# property name → value, under a repository.
PropertyValues = dict[PropertyName, PropertyValue]


class PropertySetting(Model):
    """One repository's value of one property: the payload of a ``repository_property`` change."""

    value: PropertyValue
