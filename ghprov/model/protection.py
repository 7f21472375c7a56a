"""Classic branch protection, in one flat shape for config and live state.

GitHub replaces a protection as a whole (PUT), so unlike repositories and teams a protection is
compared as a whole: an option the config leaves out means GitHub's default (off), not "unmanaged".

A protection is keyed by a branch name or by a pattern (``release/*``): GitHub stores both as a
``BranchProtectionRule`` whose pattern is matched with ``File.fnmatch``. REST can only reach a rule
through one existing branch, so patterns, and the settings only GraphQL has
(``GRAPHQL_ONLY_FIELDS``), are written through GraphQL.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator, model_validator

from ghprov.model.base import Model, sorted_unique


class Actors(Model):
    """Users (logins), teams (names as declared, or slugs) and GitHub Apps (slugs)."""

    users: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()
    apps: tuple[str, ...] = ()

    @field_validator("users", "teams", "apps", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    def is_empty(self) -> bool:
        return not (self.users or self.teams or self.apps)


# Characters git forbids in branch names (git check-ref-format) that GitHub's patterns use.
WILDCARD = re.compile(r"[*?\[\]]")


def is_branch_pattern(name: str) -> bool:
    """True when a protection's key matches several branches (``release/*``) rather than naming one."""
    return bool(WILDCARD.search(name))


class StatusCheck(Model):
    """A required check that only counts when the named GitHub App reports it."""

    context: str = Field(min_length=1)
    app: str = Field(min_length=1)


class StatusChecks(Model):
    """``contexts`` pass whichever source reports them; ``checks`` only from their App."""

    strict: bool = False
    contexts: tuple[str, ...] = ()
    checks: tuple[StatusCheck, ...] = ()

    @field_validator("contexts", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    @field_validator("checks", mode="after")
    @classmethod
    def _sort_checks(cls, value: tuple[StatusCheck, ...]) -> tuple[StatusCheck, ...]:
        return tuple(sorted(set(value), key=lambda check: (check.context, check.app)))

    @model_validator(mode="after")
    def _one_source_per_context(self) -> StatusChecks:
        pinned = [check.context for check in self.checks]
        twice = sorted({context for context in pinned if pinned.count(context) > 1})
        twice += sorted(set(pinned) & set(self.contexts))
        if twice:
            raise ValueError(
                f"status check {', '.join(twice)} is listed more than once: a context is either in "
                "contexts (any source) or in checks with one app"
            )
        return self


REVIEW_OPTIONS = (
    "dismiss_stale_reviews",
    "require_code_owner_reviews",
    "require_last_push_approval",
    "dismissal_restrictions",
    "bypass_pull_request_allowances",
)


# Settings REST's PUT cannot carry: a protection using any of them is written through GraphQL.
GRAPHQL_ONLY_FIELDS = ("bypass_force_push_allowances", "required_deployments")


class BranchProtection(Model):
    """Pull requests are required when ``required_approving_review_count`` is set (0 allowed)."""

    required_approving_review_count: int | None = Field(default=None, ge=0, le=6)
    dismiss_stale_reviews: bool = False
    require_code_owner_reviews: bool = False
    require_last_push_approval: bool = False
    dismissal_restrictions: Actors | None = None
    bypass_pull_request_allowances: Actors = Actors()
    required_status_checks: StatusChecks | None = None
    enforce_admins: bool = False
    required_signatures: bool = False
    required_linear_history: bool = False
    allow_force_pushes: bool = False
    # Who may still force-push while force pushes are blocked (GraphQL ``bypassForcePushAllowances``).
    bypass_force_push_allowances: Actors = Actors()
    allow_deletions: bool = False
    block_creations: bool = False
    required_conversation_resolution: bool = False
    lock_branch: bool = False
    # With lock_branch: users may still sync their forks from the branch (REST ``allow_fork_syncing``).
    allow_fork_syncing: bool = False
    # Environments a deployment must have succeeded in before a merge (GraphQL ``requiresDeployments``).
    required_deployments: tuple[str, ...] = ()
    restrictions: Actors | None = None

    @field_validator("required_deployments", mode="before")
    @classmethod
    def _sort_environments(cls, value: Any) -> Any:
        return sorted_unique(value)

    @field_validator("required_deployments", mode="after")
    @classmethod
    def _named_environments(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not name.strip() for name in value):
            raise ValueError("required_deployments lists environment names; an empty name is not one")
        return value

    @model_validator(mode="after")
    def _reviews_need_a_count(self) -> BranchProtection:
        if self.required_approving_review_count is None:
            stray = [
                name
                for name in REVIEW_OPTIONS
                if name in self.model_fields_set and getattr(self, name) not in (False, None, Actors())
            ]
            if stray:
                raise ValueError(
                    f"{', '.join(stray)} only apply when pull requests are required: "
                    "set required_approving_review_count (0-6)"
                )
        return self

    @model_validator(mode="after")
    def _dependent_options(self) -> BranchProtection:
        if self.allow_force_pushes and not self.bypass_force_push_allowances.is_empty():
            raise ValueError(
                "bypass_force_push_allowances name who may force-push while force pushes are blocked: "
                "set allow_force_pushes to false (or drop the allowances)"
            )
        if self.allow_fork_syncing and not self.lock_branch:
            raise ValueError("allow_fork_syncing only applies to a locked branch: set lock_branch: true")
        return self

    @property
    def requires_pull_request(self) -> bool:
        return self.required_approving_review_count is not None

    @property
    def needs_graphql(self) -> bool:
        """True when a setting only GitHub's GraphQL API can write is in use."""
        return not self.bypass_force_push_allowances.is_empty() or bool(self.required_deployments)
