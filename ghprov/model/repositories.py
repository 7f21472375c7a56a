"""Repositories, their extra branches, protections and rulesets."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ghprov.model.actions_secrets import RepositorySecrets, RepositoryVariables
from ghprov.model.actions_settings import RepositoryActions
from ghprov.model.base import Model, sorted_unique
from ghprov.model.custom_properties import PropertyValues
from ghprov.model.deploy_keys import DeployKey
from ghprov.model.environments import Environments
from ghprov.model.protection import BranchProtection
from ghprov.model.repository_collaborators import Collaborators
from ghprov.model.rulesets import Ruleset
from ghprov.model.security_features import RepositorySecurity
from ghprov.model.webhooks import RepositoryWebhooks

Visibility = Literal["public", "private", "internal"]

# Settings that GitHub only shows to tokens with write access (absent, not false, otherwise).
MERGE_SETTINGS = (
    "allow_merge_commit",
    "allow_squash_merge",
    "allow_rebase_merge",
    "allow_auto_merge",
    "allow_update_branch",
    "delete_branch_on_merge",
)


class Repository(Model):
    """A repository, keyed by name in ``Organization.repositories``."""

    description: str | None = None
    homepage: str | None = None
    visibility: Visibility | None = None
    default_branch: str | None = None
    allow_merge_commit: bool | None = None
    allow_squash_merge: bool | None = None
    allow_rebase_merge: bool | None = None
    allow_auto_merge: bool | None = None
    allow_update_branch: bool | None = None
    delete_branch_on_merge: bool | None = None
    has_issues: bool | None = None
    has_projects: bool | None = None
    has_wiki: bool | None = None
    topics: tuple[str, ...] | None = None
    archived: bool | None = None
    branches: tuple[str, ...] = ()
    branch_protection: dict[str, BranchProtection] = Field(default_factory=dict)
    rulesets: dict[str, Ruleset] = Field(default_factory=dict)
    deploy_keys: dict[str, DeployKey] = Field(default_factory=dict)
    actions: RepositoryActions | None = None
    actions_secrets: RepositorySecrets = Field(default_factory=dict)
    actions_variables: RepositoryVariables = Field(default_factory=dict)
    dependabot_secrets: RepositorySecrets = Field(default_factory=dict)
    webhooks: RepositoryWebhooks = Field(default_factory=dict)
    environments: Environments = Field(default_factory=dict)
    security: RepositorySecurity | None = None
    collaborators: Collaborators = Field(default_factory=dict)
    properties: PropertyValues = Field(default_factory=dict)
    previously: tuple[str, ...] = ()

    @field_validator("topics", "branches", "previously", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    def settings(self) -> dict[str, Any]:
        """The managed scalar settings (everything that a repository PATCH carries)."""
        return {name: value for name, value in self.managed_values().items() if name not in NOT_SETTINGS}


# Repository fields that are not settings of the repository itself: resources of their own kinds
# (each planned by its own KindSpec) and the rename history.
NOT_SETTINGS: frozenset[str] = frozenset(
    {
        "branches",
        "branch_protection",
        "rulesets",
        "deploy_keys",
        "collaborators",
        "properties",
        "actions",
        "actions_secrets",
        "actions_variables",
        "dependabot_secrets",
        "webhooks",
        "environments",
        "security",
        "previously",
    }
)
