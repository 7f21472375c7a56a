"""Webhook changes → ``POST``/``PATCH``/``DELETE`` of repository and organisation ``…/hooks``.

A webhook's secret goes to GitHub as is (GitHub signs deliveries with it; there is no public key),
from a ``SecretValue`` fact the resolver reads at send time. GitHub replaces a hook's ``config``
whole, so an update that changes the configuration sends all of it, secret included; an update of
events or ``active`` alone sends neither.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import ResourceId, SecretValue
from ghprov.github.write.requests import Learn, Learned, Target, Unsupported, WriteRequest, Writes
from ghprov.model.webhooks import OrganizationWebhook, RepositoryWebhook
from ghprov.plan.changes import Action, Change
from ghprov.plan.kinds.webhooks import sends_config

GONE = frozenset({404})


def _config(url: str, hook: RepositoryWebhook | OrganizationWebhook) -> dict[str, Any]:
    config: dict[str, Any] = {
        "url": url,
        "content_type": hook.content_type,
        "insecure_ssl": "1" if hook.insecure_ssl else "0",
    }
    if hook.secret is not None:
        config["secret"] = SecretValue(hook.secret)
    return config


def _write(
    change: Change, base: str, url: str, model: type[RepositoryWebhook | OrganizationWebhook]
) -> Writes:
    hooks = (*base.strip("/").split("/"), "hooks")
    hook_id = ResourceId(change.address, "/" + "/".join(hooks), "config.url", url)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", (*hooks, hook_id), already_done=GONE)]
    desired = change.desired_model(model)
    body: dict[str, Any] = {"events": list(desired.events), "active": desired.active}
    if change.action is Action.CREATE:
        body = {"name": "web", "config": _config(url, desired), **body}
        learn = Learn(Learned.RESOURCE, (change.address, url))
        return [WriteRequest("POST", hooks, body, learn=learn, creates=True)]
    if change.action is Action.UPDATE:
        if sends_config(change):
            body["config"] = _config(url, desired)
        return [WriteRequest("PATCH", (*hooks, hook_id), body)]
    return Unsupported("webhooks are identified by URL; declare the new URL and prune the old one")


def write_repository_webhook(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY_WEBHOOK change (key: repository, URL)."""
    repo, url = change.key
    return _write(change, f"repos/{target.org}/{repo}", url, RepositoryWebhook)


def write_organization_webhook(change: Change, target: Target) -> Writes:
    """Requests for an ORGANIZATION_WEBHOOK change (key: URL)."""
    (url,) = change.key
    return _write(change, f"orgs/{target.org}", url, OrganizationWebhook)
