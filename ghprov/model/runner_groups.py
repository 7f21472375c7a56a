"""Self-hosted runner groups of the organisation: ``runner_groups.<name>`` (organisation level).

A declared group GitHub does not have is created; one the config does not list is deleted only with
``prune.runner_groups``, and never GitHub's ``Default`` group (every organisation has it; GitHub
refuses to delete or rename it). Every field is optional: one left out is not managed (a new group
gets GitHub's default for it).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import field_validator, model_validator

from ghprov.model.base import Model, sorted_unique

# ``all`` (every repository), ``selected`` (those listed), ``private`` (private repositories only).
RunnerGroupVisibility = Literal["all", "selected", "private"]
# The group every organisation has, which takes new runners; it cannot be deleted or renamed.
DEFAULT_GROUP = "Default"
# GitHub wants a workflow as ``owner/repo/.github/workflows/file.yml@ref`` (a ref, tag or long SHA).
_WORKFLOW = re.compile(r"^[^/@\s]+/[^/@\s]+/\.github/workflows/[^@\s]+\.ya?ml@\S+$")
# The settings a group's POST and PATCH bodies carry as they are (repositories go as ids).
SETTINGS: tuple[str, ...] = (
    "visibility",
    "allows_public_repositories",
    "restricted_to_workflows",
    "selected_workflows",
)


class RunnerGroupAccess(Model):
    """One runner group: which repositories, and which of their workflows, may use its runners."""

    visibility: RunnerGroupVisibility | None = None
    # Repository names, when visibility is ``selected``.
    selected_repositories: tuple[str, ...] | None = None
    # Public repositories' workflows (anyone's pull request) on these runners: GitHub's default is false.
    allows_public_repositories: bool | None = None
    # Only the workflows in ``selected_workflows`` may use the runners (GitHub's default: false).
    restricted_to_workflows: bool | None = None
    selected_workflows: tuple[str, ...] | None = None

    @field_validator("selected_repositories", "selected_workflows", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    @field_validator("selected_workflows")
    @classmethod
    def _workflow_refs(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for workflow in value or ():
            if not _WORKFLOW.match(workflow):
                raise ValueError(
                    f"{workflow!r}: write OWNER/REPO/.github/workflows/FILE.yml@REF "
                    "(GitHub needs a branch, tag or full commit SHA)"
                )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RunnerGroupAccess:
        if self.selected_repositories is not None and self.visibility not in (None, "selected"):
            raise ValueError(
                "selected_repositories applies only when visibility is 'selected' "
                f"(it is {self.visibility!r})"
            )
        if self.selected_workflows and self.restricted_to_workflows is False:
            # GitHub keeps the list but ignores it while the group is not restricted. (Leaving the
            # switch out is a config error too, in ``config/references``: a change carries only the
            # fields that differ, so this model may hold the list without the switch.)
            raise ValueError("selected_workflows needs restricted_to_workflows: true")
        return self
