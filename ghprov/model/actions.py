"""GitHub Actions, webhook and secret settings of an organisation or repository (never a secret's value)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ActionsPermissions:
    """``GET /orgs/{org}/actions/permissions``."""

    enabled_repositories: str | None = None  # all | none | selected
    allowed_actions: str | None = None  # all | local_only | selected
    sha_pinning_required: bool | None = None


@dataclass(frozen=True)
class WorkflowPermissions:
    """``GET …/actions/permissions/workflow``: what a workflow's GITHUB_TOKEN gets by default."""

    default_workflow_permissions: str | None = None  # read | write
    can_approve_pull_request_reviews: bool | None = None


@dataclass(frozen=True)
class Webhook:
    """An organisation or repository webhook; GitHub masks the secret, so only its presence is kept."""

    id: int
    url: str | None
    active: bool | None
    events: tuple[str, ...]
    insecure_ssl: str | None  # "0": TLS verified
    has_secret: bool


@dataclass(frozen=True)
class ActionsSecret:
    """An Actions secret's name and dates (``visibility`` at organisation level only)."""

    name: str
    created_at: str | None
    updated_at: str | None
    visibility: str | None = None


@dataclass(frozen=True)
class RunnerGroup:
    """A self-hosted runner group and who may use it."""

    id: int
    name: str
    visibility: str | None  # all | selected | private
    allows_public_repositories: bool | None
