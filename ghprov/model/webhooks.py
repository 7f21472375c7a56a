"""Webhooks of the organisation and of repositories, identified by their payload URL.

Events are checked against GitHub's own list (``model/webhook_events.py``, vendored from its OpenAPI
description), separately for repository and organisation webhooks. A webhook's ``secret`` is a
reference like a secret's value (``model/secret_references.py``); GitHub answers ``********`` for a
set secret, so the live model carries import's placeholder reference when one is set and the plan
compares only whether a secret is set.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, field_validator

from ghprov.model.base import Model
from ghprov.model.secret_references import SecretReference
from ghprov.model.webhook_events import ORGANIZATION_EVENTS, REPOSITORY_EVENTS

ContentType = Literal["json", "form"]


def check_url(url: str) -> str:
    """A payload URL GitHub accepts: absolute http(s) with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{url!r} is not an http(s) URL; a webhook is identified by its payload URL")
    if parts.password:
        raise ValueError("a webhook URL must not carry a password; use the webhook's secret")
    return url


WebhookUrl = Annotated[str, AfterValidator(check_url)]


def _check_events(events: tuple[str, ...], known: frozenset[str], where: str) -> tuple[str, ...]:
    unknown = sorted(set(events) - known)
    if unknown:
        raise ValueError(
            f"unknown {where} webhook event{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} "
            "(GitHub's names, e.g. push, pull_request, workflow_run; * for all)"
        )
    if not events:
        raise ValueError("a webhook needs at least one event")
    return tuple(sorted(set(events)))


class _Webhook(Model):
    # GitHub's defaults for a new webhook (REST reference: "Create a repository webhook").
    content_type: ContentType = "form"
    events: tuple[str, ...] = ("push",)
    active: bool = True
    # True sends deliveries without checking the receiver's TLS certificate (GitHub's "1").
    insecure_ssl: bool = False
    secret: SecretReference | None = None

    @field_validator("events", mode="before")
    @classmethod
    def _listed(cls, value: Any) -> Any:
        return tuple(value) if isinstance(value, list | tuple | set | frozenset) else value


class RepositoryWebhook(_Webhook):
    """A repository's webhook, keyed by URL in ``Repository.webhooks``."""

    @field_validator("events")
    @classmethod
    def _known(cls, events: tuple[str, ...]) -> tuple[str, ...]:
        return _check_events(events, REPOSITORY_EVENTS, "repository")


class OrganizationWebhook(_Webhook):
    """An organisation webhook, keyed by URL in ``Organization.webhooks``."""

    @field_validator("events")
    @classmethod
    def _known(cls, events: tuple[str, ...]) -> tuple[str, ...]:
        return _check_events(events, ORGANIZATION_EVENTS, "organisation")


RepositoryWebhooks = dict[WebhookUrl, RepositoryWebhook]
OrganizationWebhooks = dict[WebhookUrl, OrganizationWebhook]
