"""Organisation settings the audit judges but ghprov does not manage (``GET /orgs/{org}``).

Only owners see them; GitHub leaves a field out (or null) for anyone else, so every field is
optional and None means "not shown to this token".
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class OrganizationFacts:
    is_verified: bool | None = None
    members_can_create_repositories: bool | None = None
    members_can_create_public_repositories: bool | None = None
    members_can_create_private_repositories: bool | None = None
    members_can_create_internal_repositories: bool | None = None
    members_can_create_pages: bool | None = None
    members_can_create_public_pages: bool | None = None
    members_can_create_private_pages: bool | None = None
    members_can_delete_repositories: bool | None = None
    members_can_change_repo_visibility: bool | None = None
    members_can_invite_outside_collaborators: bool | None = None
    members_can_delete_issues: bool | None = None
    members_can_create_teams: bool | None = None
    members_can_view_dependency_insights: bool | None = None
    members_can_fork_private_repositories: bool | None = None
    dependabot_alerts_enabled_for_new_repositories: bool | None = None
    dependabot_security_updates_enabled_for_new_repositories: bool | None = None
    secret_scanning_enabled_for_new_repositories: bool | None = None
    secret_scanning_push_protection_enabled_for_new_repositories: bool | None = None
    secret_scanning_push_protection_custom_link_enabled: bool | None = None
    secret_scanning_push_protection_custom_link: str | None = None

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Every setting this type carries."""
        return tuple(f.name for f in fields(cls))

    def value(self, name: str) -> bool | str | None:
        """One setting by name; None when it was not shown."""
        if name not in self.names():
            raise KeyError(name)
        found: bool | str | None = getattr(self, name)
        return found

    def shown_values(self) -> dict[str, bool | str]:
        """The settings shown to this token, in declaration order."""
        return {name: value for name in self.names() if (value := getattr(self, name)) is not None}
