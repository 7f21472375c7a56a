"""Deployment environments of a repository: protection rules, branch policy, secrets and variables.

``deployment_branches`` absent means any branch may deploy (GitHub's default); ``protected_branches``
and custom name patterns (``branches``, ``tags``) exclude each other, as GitHub's API requires.
Reviewers are logins and team names, resolved to ids when written. An environment's secrets and
variables are kinds of their own (compared like the repository's); the environment's own change
compares only its protection settings (``SETTINGS``).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from ghprov.model.actions_secrets import RepositorySecrets, RepositoryVariables
from ghprov.model.base import Model, sorted_unique

# GitHub's limits (REST reference, "Create or update an environment").
MAX_WAIT_MINUTES = 43_200
MAX_REVIEWERS = 6
SETTINGS = ("wait_timer", "prevent_self_review", "reviewers", "deployment_branches")


class Reviewers(Model):
    """Who must approve a deployment: up to six users and teams."""

    users: tuple[str, ...] = ()
    teams: tuple[str, ...] = ()

    @field_validator("users", "teams", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    @model_validator(mode="after")
    def _at_most_six(self) -> Reviewers:
        if len(self.users) + len(self.teams) > MAX_REVIEWERS:
            raise ValueError(f"GitHub allows at most {MAX_REVIEWERS} reviewers (users and teams together)")
        return self


class DeploymentBranches(Model):
    """Which refs may deploy: protected branches, or branches and tags matching name patterns."""

    protected_branches: bool = False
    branches: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @field_validator("branches", "tags", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    @model_validator(mode="after")
    def _one_kind(self) -> DeploymentBranches:
        custom = bool(self.branches or self.tags)
        if self.protected_branches == custom:
            raise ValueError(
                "set either protected_branches: true or name patterns (branches, tags), not both"
            )
        return self

    @property
    def patterns(self) -> frozenset[tuple[str, str]]:
        """``(type, name pattern)`` of every custom policy."""
        return frozenset({("branch", b) for b in self.branches} | {("tag", t) for t in self.tags})


class Environment(Model):
    """A deployment environment, keyed by name in ``Repository.environments``."""

    wait_timer: int = Field(default=0, ge=0, le=MAX_WAIT_MINUTES)
    prevent_self_review: bool = False
    reviewers: Reviewers = Reviewers()
    deployment_branches: DeploymentBranches | None = None
    secrets: RepositorySecrets = Field(default_factory=dict)
    variables: RepositoryVariables = Field(default_factory=dict)

    @model_validator(mode="after")
    def _self_review_needs_reviewers(self) -> Environment:
        if self.prevent_self_review and not (self.reviewers.users or self.reviewers.teams):
            raise ValueError("prevent_self_review needs reviewers")
        return self

    def protection(self) -> Environment:
        """The environment without its secrets and variables: what its own change carries."""
        return self.model_copy(update={"secrets": {}, "variables": {}})


Environments = dict[str, Environment]
