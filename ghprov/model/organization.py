"""The organisation: the root of both the desired state (config) and the live state (GitHub)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from ghprov.model.actions_secrets import OrganizationSecrets, OrganizationVariables
from ghprov.model.actions_settings import OrganizationActions
from ghprov.model.app_installations import AppInstallation
from ghprov.model.base import Model, sorted_unique
from ghprov.model.code_security import CodeSecurityConfiguration
from ghprov.model.custom_properties import CustomProperties
from ghprov.model.organization_roles import OrganizationRoleAssignees
from ghprov.model.repositories import Repository
from ghprov.model.roles import CustomRole
from ghprov.model.rulesets import Ruleset
from ghprov.model.runner_groups import RunnerGroupAccess
from ghprov.model.teams import Team
from ghprov.model.webhooks import OrganizationWebhooks


class OrganizationSettings(Model):
    """Organisation settings. ``READ_ONLY_SETTINGS`` can be checked but not changed via the API."""

    name: str | None = None
    description: str | None = Field(default=None, max_length=160)
    company: str | None = None
    blog: str | None = None
    location: str | None = None
    email: str | None = None
    billing_email: str | None = None
    default_repository_permission: Literal["read", "write", "admin", "none"] | None = None
    members_can_create_repositories: bool | None = None
    members_can_create_public_repositories: bool | None = None
    members_can_create_private_repositories: bool | None = None
    members_can_create_internal_repositories: bool | None = None
    members_can_fork_private_repositories: bool | None = None
    web_commit_signoff_required: bool | None = None
    has_organization_projects: bool | None = None
    has_repository_projects: bool | None = None
    deploy_keys_enabled_for_repositories: bool | None = None
    # Read-only through the REST API: reported as findings, never written.
    two_factor_requirement_enabled: bool | None = None
    members_can_create_teams: bool | None = None
    members_can_delete_repositories: bool | None = None
    members_can_change_repo_visibility: bool | None = None
    members_can_invite_outside_collaborators: bool | None = None


READ_ONLY_SETTINGS: frozenset[str] = frozenset(
    {
        "two_factor_requirement_enabled",
        "members_can_create_teams",
        "members_can_delete_repositories",
        "members_can_change_repo_visibility",
        "members_can_invite_outside_collaborators",
    }
)


class Members(Model):
    """Organisation owners (role ``admin``) and plain members."""

    owners: tuple[str, ...] = ()
    members: tuple[str, ...] = ()

    @field_validator("owners", "members", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    @model_validator(mode="after")
    def _one_role_per_person(self) -> Members:
        both = sorted(set(self.owners) & set(self.members))
        if both:
            raise ValueError(f"listed as both owner and member: {', '.join(both)}")
        return self

    def roles(self) -> dict[str, str]:
        """login → organisation role as the API names it (``admin`` or ``member``)."""
        roles = {login: "member" for login in self.members}
        roles.update({login: "admin" for login in self.owners})
        return roles


class Bot(Model):
    """A machine account: becomes an organisation member and a member of ``teams``."""

    teams: tuple[str, ...] = ()

    @field_validator("teams", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)


class Prune(Model):
    """Kinds whose live entries that the config does not list may be removed (with --allow-delete)."""

    members: bool = False
    teams: bool = False
    team_members: bool = False
    team_repositories: bool = False
    branch_protection: bool = False
    repository_rulesets: bool = False
    organization_rulesets: bool = False
    custom_roles: bool = False
    deploy_keys: bool = False
    organization_roles: bool = False
    app_installations: bool = False
    collaborators: bool = False
    custom_properties: bool = False
    properties: bool = False
    actions_secrets: bool = False
    actions_variables: bool = False
    webhooks: bool = False
    dependabot_secrets: bool = False
    environments: bool = False
    code_security_configurations: bool = False
    runner_groups: bool = False


class Organization(Model):
    """Desired or live state of one organisation."""

    organization: str = Field(min_length=1)
    settings: OrganizationSettings | None = None
    members: Members | None = None
    bots: dict[str, Bot] = Field(default_factory=dict)
    custom_roles: dict[str, CustomRole] = Field(default_factory=dict)
    custom_properties: CustomProperties = Field(default_factory=dict)
    teams: dict[str, Team] = Field(default_factory=dict)
    repositories: dict[str, Repository] = Field(default_factory=dict)
    rulesets: dict[str, Ruleset] = Field(default_factory=dict)
    actions: OrganizationActions | None = None
    runner_groups: dict[str, RunnerGroupAccess] = Field(default_factory=dict)
    code_security_configurations: dict[str, CodeSecurityConfiguration] = Field(default_factory=dict)
    actions_secrets: OrganizationSecrets = Field(default_factory=dict)
    actions_variables: OrganizationVariables = Field(default_factory=dict)
    dependabot_secrets: OrganizationSecrets = Field(default_factory=dict)
    webhooks: OrganizationWebhooks = Field(default_factory=dict)
    organization_roles: dict[str, OrganizationRoleAssignees] = Field(default_factory=dict)
    app_installations: dict[str, AppInstallation] = Field(default_factory=dict)
    prune: Prune = Prune()
