"""Classic branch protection, in one flat shape for config and live state.

GitHub replaces a protection as a whole (PUT), so unlike repositories and teams a protection is
compared as a whole: an option the config leaves out means GitHub's default (off), not "unmanaged".
"""

from __future__ import annotations

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


class StatusChecks(Model):
    strict: bool = False
    contexts: tuple[str, ...] = ()

    @field_validator("contexts", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)


REVIEW_OPTIONS = (
    "dismiss_stale_reviews",
    "require_code_owner_reviews",
    "require_last_push_approval",
    "dismissal_restrictions",
    "bypass_pull_request_allowances",
)


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
    allow_deletions: bool = False
    block_creations: bool = False
    required_conversation_resolution: bool = False
    lock_branch: bool = False
    restrictions: Actors | None = None

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

    @property
    def requires_pull_request(self) -> bool:
        return self.required_approving_review_count is not None
