"""Shared base for every model type: immutable, strict about unknown keys.

A field that was never set (absent from ``model_fields_set``) means "not managed": the plan leaves
the live value alone. That is ghprov's UNSET marker, and it is why partial models must be built
from dictionaries holding only the keys that are managed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Frozen pydantic model that rejects unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def managed_fields(self) -> frozenset[str]:
        """Names of the fields this instance manages (explicitly set)."""
        return frozenset(self.model_fields_set)

    def managed_values(self) -> dict[str, Any]:
        """The managed fields and their values, in declaration order."""
        return {
            name: getattr(self, name) for name in type(self).model_fields if name in self.model_fields_set
        }


def sorted_unique(values: Any) -> Any:
    """Normalise a list of names to a sorted tuple, so order never shows up as drift."""
    if isinstance(values, list | tuple | set | frozenset):
        return tuple(sorted(set(values), key=str))
    return values
