"""Organisation roles: who holds a predefined or custom organisation role (security manager, CI/CD
admin, all-repository read … admin), assigned to teams and to users, and the definitions of the
organisation's own custom roles (GitHub Enterprise Cloud).

The all-repository roles reach every repository of the organisation, so they are access paths the
audit's matrix counts; security manager and CI/CD admin grant organisation permissions only. A custom
role with a ``base_role`` reaches every repository the same way.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ghprov.model.base import Model, sorted_unique

# GitHub's predefined organisation roles (docs: "Permissions of predefined organization roles"), with
# the repository role each grants on every repository (None: organisation permissions only).
PREDEFINED_ORGANIZATION_ROLES: dict[str, str | None] = {
    "all_repo_read": "read",
    "all_repo_triage": "triage",
    "all_repo_write": "write",
    "all_repo_maintain": "maintain",
    "all_repo_admin": "admin",
    "security_manager": None,
    "ci_cd_admin": None,
}


# The plan names ``GET /orgs/{org}`` reports for GitHub Enterprise Cloud organisations.
ENTERPRISE_PLANS = frozenset({"enterprise", "enterprise_cloud", "ghec"})

# What a custom organisation role may inherit on every repository (the create endpoint's enum).
OrganizationBaseRole = Literal["read", "triage", "write", "maintain", "admin"]


class CustomOrganizationRole(Model):
    """A custom organisation role of the organisation's own (GitHub Enterprise Cloud only).

    ``permissions`` are GitHub's fine-grained permission names: organisation permissions, and
    repository permissions, which need a ``base_role`` and then apply to every repository.
    """

    description: str | None = Field(default=None, description="What the role is for.")
    base_role: OrganizationBaseRole | None = Field(
        default=None,
        description="The repository role the holders get on every repository (none when unset).",
    )
    permissions: tuple[str, ...] = Field(
        default=(), description="Fine-grained permission names (organisation and repository permissions)."
    )

    @field_validator("permissions", mode="before")
    @classmethod
    def _sort_permissions(cls, value: Any) -> Any:
        return sorted_unique(value)

    @field_validator("permissions")
    @classmethod
    def _named(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        blank = [name for name in value if not name.strip()]
        if blank:
            raise ValueError("a permission name cannot be empty")
        return value


class OrganizationRoleAssignees(Model):
    """Who holds one organisation role, keyed by the role's name in ``Organization.organization_roles``."""

    teams: tuple[str, ...] = ()
    users: tuple[str, ...] = ()

    @field_validator("teams", "users", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    def principals(self) -> list[str]:
        """``team:<name>`` and ``user:<login>`` for every assignee."""
        return [*(f"team:{team}" for team in self.teams), *(f"user:{user}" for user in self.users)]
