"""Actions secrets and variables, of the organisation and of repositories.

A secret's ``value`` is a reference (``model/secret_references.py``), never the value. GitHub never
returns a secret's value either, so the live model carries, in its place, the placeholder reference
an import writes, and the plan compares only what GitHub can tell: that the secret exists, its
visibility and its selected repositories. ``updated_at`` is read from GitHub for the plan to show; it
is not configuration (excluded from every dump, so neither import nor saved plans carry it).

Variables are plain values and are compared like any other setting.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from ghprov.model.base import Model, sorted_unique
from ghprov.model.secret_references import SecretReference

Visibility = Literal["all", "private", "selected"]
_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")


def check_name(name: str) -> str:
    """GitHub's rules for secret and variable names (docs: "Naming your secrets"), upper-case as
    GitHub stores them, so the config and the live state spell a name the same way."""
    if name != name.upper():
        raise ValueError(
            f"{name!r}: GitHub stores secret and variable names upper-cased; write {name.upper()}"
        )
    if not _NAME.match(name):
        raise ValueError(f"{name!r}: only letters, digits and _ are allowed, and no leading digit")
    if name.startswith("GITHUB_"):
        raise ValueError(f"{name!r}: names starting with GITHUB_ are reserved by GitHub")
    return name


SecretName = Annotated[str, AfterValidator(check_name)]


class _Shared(Model):
    """Visibility to the organisation's repositories (organisation secrets and variables)."""

    # all: every repository; private: private and internal ones; selected: those listed.
    visibility: Visibility = "private"
    selected_repositories: tuple[str, ...] = ()

    @field_validator("selected_repositories", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)

    @model_validator(mode="after")
    def _selected_only_when_selected(self) -> Any:
        if self.selected_repositories and self.visibility != "selected":
            raise ValueError("selected_repositories needs visibility: selected")
        return self


class RepositorySecret(Model):
    """A repository's (or environment's) secret: where its value comes from."""

    value: SecretReference
    updated_at: str | None = Field(default=None, exclude=True)


class OrganizationSecret(_Shared):
    """An organisation secret: where its value comes from, and which repositories may use it."""

    value: SecretReference
    updated_at: str | None = Field(default=None, exclude=True)


class OrganizationVariable(_Shared):
    """An organisation variable: its value, and which repositories see it."""

    value: str


class VariableValue(Model):
    """A repository variable's value: the payload of a ``repository_variable`` change."""

    value: str


RepositorySecrets = dict[SecretName, RepositorySecret]
RepositoryVariables = dict[SecretName, str]
OrganizationSecrets = dict[SecretName, OrganizationSecret]
OrganizationVariables = dict[SecretName, OrganizationVariable]
