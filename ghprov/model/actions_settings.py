"""GitHub Actions policy of an organisation and of one repository, as the config declares it.

Every field is optional: one the config leaves out is not managed (``model_fields_set``). The names
are GitHub's API field names, so a value goes to GitHub unchanged. ``selected_actions`` is compared
and written as a whole, because GitHub's ``PUT …/selected-actions`` replaces all three of its fields.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from ghprov.model.base import Model, sorted_unique

EnabledRepositories = Literal["all", "none", "selected"]
AllowedActions = Literal["all", "local_only", "selected"]
WorkflowPermission = Literal["read", "write"]
ForkPrApproval = Literal[
    "first_time_contributors_new_to_github", "first_time_contributors", "all_external_contributors"
]
# Who outside a private repository may use its actions and reusable workflows.
AccessLevel = Literal["none", "user", "organization"]

# ``owner/repo[/path][@ref]`` with ``*`` wildcards (docs: "Allowing select actions and reusable
# workflows to run"). GitHub's settings page takes the list comma-separated, so a comma or blank
# inside one pattern is always a mistake.
_OWNER = r"[A-Za-z0-9*][A-Za-z0-9*-]*"
_REPO = r"[A-Za-z0-9._*-]+"
_PATH = r"(?:/[^\s,@/][^\s,@]*)?"
_REF = r"(?:@[^\s,@]+)?"
ACTION_PATTERN = re.compile(rf"{_OWNER}/{_REPO}{_PATH}{_REF}")


def check_action_pattern(pattern: str) -> str:
    """``pattern`` unchanged, or ValueError saying what GitHub would refuse about it."""
    if not ACTION_PATTERN.fullmatch(pattern):
        raise ValueError(
            f"{pattern!r} is not an action pattern: expected owner/repository[/path][@ref], "
            "'*' allowed as a wildcard (e.g. fluxcd/*, actions/checkout@v4)"
        )
    return pattern


# Checked one by one, so a bad pattern is reported at its own position in the list.
ActionPattern = Annotated[str, AfterValidator(check_action_pattern)]


class SelectedActions(Model):
    """Which actions run when ``allowed_actions`` is ``selected``; the defaults are GitHub's."""

    github_owned_allowed: bool = True
    # Actions by Marketplace verified creators.
    verified_allowed: bool = False
    patterns_allowed: tuple[ActionPattern, ...] = ()

    @field_validator("patterns_allowed")
    @classmethod
    def _sort(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # After the items are checked: sorting first would make an error's list index wrong.
        return tuple(sorted(set(value)))


def _selected_needs_policy(allowed: str | None, selected: SelectedActions | None, owner: str) -> None:
    if selected is not None and allowed is not None and allowed != "selected":
        raise ValueError(
            f"selected_actions applies only when {owner}allowed_actions is 'selected' (it is {allowed!r})"
        )


class RepositoryActions(Model):
    """``repositories.<name>.actions``: the repository's Actions settings."""

    enabled: bool | None = None
    allowed_actions: AllowedActions | None = None
    selected_actions: SelectedActions | None = None
    default_workflow_permissions: WorkflowPermission | None = None
    can_approve_pull_request_reviews: bool | None = None
    fork_pr_contributor_approval: ForkPrApproval | None = None
    # Private repositories only (GitHub answers 422 for a public one).
    access_level: AccessLevel | None = None

    @model_validator(mode="after")
    def _consistent(self) -> RepositoryActions:
        _selected_needs_policy(self.allowed_actions, self.selected_actions, "")
        return self


class OrganizationActions(Model):
    """The top-level ``actions:`` section: the organisation's Actions policy and defaults."""

    enabled_repositories: EnabledRepositories | None = None
    # Repository names, when enabled_repositories is ``selected``.
    selected_repositories: tuple[str, ...] | None = None
    allowed_actions: AllowedActions | None = None
    selected_actions: SelectedActions | None = None
    default_workflow_permissions: WorkflowPermission | None = None
    can_approve_pull_request_reviews: bool | None = None
    fork_pr_contributor_approval: ForkPrApproval | None = None
    # Which repositories may use self-hosted runners.
    self_hosted_runners: EnabledRepositories | None = Field(default=None)

    @field_validator("selected_repositories", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    @model_validator(mode="after")
    def _consistent(self) -> OrganizationActions:
        _selected_needs_policy(self.allowed_actions, self.selected_actions, "")
        policy = self.enabled_repositories
        if self.selected_repositories is not None and policy is not None and policy != "selected":
            raise ValueError(
                "selected_repositories applies only when enabled_repositories is 'selected' "
                f"(it is {policy!r})"
            )
        return self


# What GitHub gives a new repository and a new organisation (REST reference defaults; read-only
# workflow tokens since GitHub's 2023-02 changelog "GitHub Actions: default workflow permissions are
# read-only for new organisations and repositories"). The importer leaves these values out.
NEW_REPOSITORY_ACTIONS: dict[str, Any] = {
    "enabled": True,
    "allowed_actions": "all",
    "default_workflow_permissions": "read",
    "can_approve_pull_request_reviews": False,
    "fork_pr_contributor_approval": "first_time_contributors_new_to_github",
    "access_level": "none",
}
NEW_ORGANIZATION_ACTIONS: dict[str, Any] = {
    "enabled_repositories": "all",
    "allowed_actions": "all",
    "default_workflow_permissions": "read",
    "can_approve_pull_request_reviews": False,
    "fork_pr_contributor_approval": "first_time_contributors_new_to_github",
    "self_hosted_runners": "all",
}
