"""Organisation roles: who holds a predefined or custom organisation role (security manager, CI/CD
admin, all-repository read … admin), assigned to teams and to users.

The all-repository roles reach every repository of the organisation, so they are access paths the
audit's matrix counts; security manager and CI/CD admin grant organisation permissions only.
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator

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
