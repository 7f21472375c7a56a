"""Self-hosted runner groups' repository access: ``runner_groups.<name>`` (organisation level).

Groups are created where the runners are registered (GitHub's settings or the runner tooling); the
config manages who may use an existing group. Every field is optional: one left out is not managed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import field_validator, model_validator

from ghprov.model.base import Model, sorted_unique

# ``all`` (every repository), ``selected`` (those listed), ``private`` (private repositories only).
RunnerGroupVisibility = Literal["all", "selected", "private"]


class RunnerGroupAccess(Model):
    """Which repositories may send jobs to the group's runners."""

    visibility: RunnerGroupVisibility | None = None
    # Repository names, when visibility is ``selected``.
    selected_repositories: tuple[str, ...] | None = None
    # Public repositories' workflows (anyone's pull request) on these runners: GitHub's default is false.
    allows_public_repositories: bool | None = None

    @field_validator("selected_repositories", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    @model_validator(mode="after")
    def _selected_needs_visibility(self) -> RunnerGroupAccess:
        if self.selected_repositories is not None and self.visibility not in (None, "selected"):
            raise ValueError(
                "selected_repositories applies only when visibility is 'selected' "
                f"(it is {self.visibility!r})"
            )
        return self
