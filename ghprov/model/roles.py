"""Repository roles: the built-in ones, their API aliases, and custom repository roles."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, field_validator

from ghprov.model.base import Model, sorted_unique

# GitHub's UI and role_name vocabulary; the REST permission vocabulary (pull/push) maps onto it.
BUILTIN_ROLES: tuple[str, ...] = ("read", "triage", "write", "maintain", "admin")
ROLE_ALIASES: dict[str, str] = {"pull": "read", "push": "write"}
# Inverse, for the REST endpoints that only speak pull/push.
REST_PERMISSION: dict[str, str] = {"read": "pull", "write": "push"}


def normalise_role(value: Any) -> Any:
    """Accept both vocabularies (read/write and pull/push); keep custom role names as written."""
    if isinstance(value, str):
        return ROLE_ALIASES.get(value.lower(), value.lower() if value.lower() in BUILTIN_ROLES else value)
    return value


RoleName = Annotated[str, BeforeValidator(normalise_role), Field(min_length=1)]
BaseRole = Literal["read", "triage", "write", "maintain"]


class CustomRole(Model):
    """A custom repository role (GitHub Enterprise Cloud only)."""

    description: str | None = None
    base_role: Annotated[BaseRole, BeforeValidator(normalise_role)]
    permissions: tuple[str, ...] = ()

    @field_validator("permissions", mode="before")
    @classmethod
    def _sort_permissions(cls, value: Any) -> Any:
        return sorted_unique(value)


def is_builtin_role(role: str) -> bool:
    return role in BUILTIN_ROLES
