"""GitHub App installations on the organisation: which repositories each App may reach.

An installation reaches ``all`` repositories (present and future) or a selected list. The REST API can
add a repository to, or remove one from, a selected list; switching between the two modes is only
possible on the installation's settings page.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import field_validator

from ghprov.model.base import Model, sorted_unique

ALL_REPOSITORIES: Literal["all"] = "all"


class AppInstallation(Model):
    """One installed App, keyed by its slug in ``Organization.app_installations``."""

    repositories: tuple[str, ...] | Literal["all"] = ALL_REPOSITORIES

    @field_validator("repositories", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return value if value == ALL_REPOSITORIES else sorted_unique(value)

    @property
    def selected(self) -> tuple[str, ...] | None:
        """The selected repositories, or None for an installation on all of them."""
        return None if self.repositories == ALL_REPOSITORIES else tuple(self.repositories)
