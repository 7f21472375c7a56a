"""Webhooks of the organisation (one list) and of the repositories that declare them (one list each).

GitHub has no bulk read of repository webhooks, so with a scope only the repositories whose config
declares ``webhooks`` are read. Only ``web`` hooks are webhooks (the old service hooks are not). A
set secret is answered as ``********``: the live model carries import's placeholder reference for it.
Two webhooks with one URL cannot be told apart by the config: that URL becomes an ``Unknown``.
Lists GitHub refuses (repository admins, organisation owners only) are ``Unknown``s too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.actions_secrets import declared_candidates, every_repository, first_listing
from ghprov.github.read.kinds import KindRead
from ghprov.github.read.policy_reads import in_parallel, refusal
from ghprov.model import Organization, Unknown
from ghprov.model.secret_references import placeholder_reference
from ghprov.model.webhooks import OrganizationWebhook, RepositoryWebhook
from ghprov.plan.changes import Kind, address

NOT_ADMIN = "repository webhooks are visible to repository admins only"
NOT_OWNER = "organisation webhooks are visible to organisation owners only (and need admin:org_hook)"
DUPLICATE = "two webhooks have this URL; the config identifies webhooks by URL, so remove one on GitHub"


def _placeholder(scope: str, url: str) -> str:
    parts = urlsplit(url)
    return placeholder_reference(*(s for s in (scope, "webhook", f"{parts.hostname}{parts.path}") if s))


def webhook_values(hook: Mapping[str, Any], scope: str) -> dict[str, Any]:
    """Model values of one hook as GitHub lists it."""
    config = hook.get("config") or {}
    url = str(config.get("url", ""))
    values: dict[str, Any] = {
        "content_type": config.get("content_type") or "form",
        "events": tuple(hook.get("events") or ()),
        "active": bool(hook.get("active", True)),
        "insecure_ssl": str(config.get("insecure_ssl", "0")) == "1",
    }
    if config.get("secret"):
        values["secret"] = _placeholder(scope, url)
    return values


def _collect(
    hooks: list[dict[str, Any]], scope: str, where: str, kind: Kind, key: tuple[str, ...], found: KindRead
) -> dict[str, dict[str, Any]]:
    by_url: dict[str, dict[str, Any]] = {}
    duplicated: set[str] = set()
    for hook in hooks:
        if hook.get("name", "web") != "web":
            continue
        url = str((hook.get("config") or {}).get("url", ""))
        if url in by_url:
            duplicated.add(url)
            continue
        by_url[url] = webhook_values(hook, scope)
        found.ids[address(kind, *key, url)] = int(hook["id"])
    for url in duplicated:
        del by_url[url]
        found.unknowns.append(Unknown(f"{where}/{url}", DUPLICATE))
    return by_url


class RepositoryWebhookReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or any("webhooks" in r.model_fields_set for r in scope.repositories.values())

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        chosen = (
            every_repository(client, organization)
            if scope is None
            else declared_candidates(scope, "webhooks")
        )
        reads = in_parallel(lambda c: (c, first_listing(client, organization, c, "hooks", None)), chosen)
        for candidate, result in reads:
            if isinstance(result, GitHubApiError):
                reason = f"{NOT_ADMIN} ({result.github_message})"
                found.unknowns += [Unknown(f"repositories/{n}/webhooks", reason) for n in candidate.names]
            elif result is not None:
                name, hooks = result
                where = f"repositories/{name}/webhooks"
                values = _collect(hooks, name, where, Kind.REPOSITORY_WEBHOOK, (name,), found)
                found.repositories[name] = {
                    "webhooks": {url: RepositoryWebhook.model_validate(v) for url, v in values.items()}
                }
        return found


class OrganizationWebhookReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or "webhooks" in scope.model_fields_set or scope.prune.webhooks

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        try:
            hooks = [h for h in client.paginate(f"/orgs/{organization}/hooks") if isinstance(h, dict)]
        except GitHubApiError as error:
            if not refusal(error):
                raise
            found.unknowns.append(Unknown("webhooks", f"{NOT_OWNER} ({error.github_message})"))
            return found
        values = _collect(hooks, "", "webhooks", Kind.ORGANIZATION_WEBHOOK, (), found)
        found.organization["webhooks"] = {
            url: OrganizationWebhook.model_validate(v) for url, v in values.items()
        }
        return found


REPOSITORY_READER = RepositoryWebhookReader()
ORGANIZATION_READER = OrganizationWebhookReader()
