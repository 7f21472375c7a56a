"""Webhooks of the organisation (``webhooks:``) and of declared repositories, by payload URL.

Compared: content type, events, active, ``insecure_ssl``, and whether a secret is set. A secret's
value cannot be compared (GitHub answers ``********``), so it is sent when the webhook is created,
when a secret is added, with any change of the webhook's configuration (GitHub's ``config`` is
replaced whole) and with ``--rotate-secrets``. Plans show ``secret: set`` and where a new one comes
from, never a value. Repositories are read only where their config declares ``webhooks``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from ghprov.model.webhooks import OrganizationWebhook, RepositoryWebhook
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext, field_changes
from ghprov.plan.kinds.actions_secrets import sent_from
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames

W = TypeVar("W", RepositoryWebhook, OrganizationWebhook)
COMPARED = ("content_type", "events", "active", "insecure_ssl")
# Fields GitHub keeps in a webhook's ``config``: changing one sends the config, secret included.
CONFIG_FIELDS = frozenset({"content_type", "insecure_ssl", "secret"})
SECRET = "secret"


def _secret_field(current: W | None, wanted: W | None, rotate: bool) -> FieldChange | None:
    before = "set" if current is not None and current.secret is not None else None
    if wanted is None or wanted.secret is None:
        return FieldChange(SECRET, before, None) if before else None
    if before is None:
        return FieldChange(SECRET, None, sent_from(wanted.secret, again=False))
    return FieldChange(SECRET, before, sent_from(wanted.secret, again=True)) if rotate else None


def webhook_fields(current: W | None, wanted: W | None, rotate: bool = False) -> tuple[FieldChange, ...]:
    """What differs, the secret as ``set``/``from <reference>`` (a config change re-sends it too)."""
    fields = list(field_changes(current, wanted, COMPARED))
    secret = _secret_field(current, wanted, rotate)
    config_changes = any(field.field in CONFIG_FIELDS for field in fields)
    if secret is None and config_changes and wanted is not None and wanted.secret is not None:
        # GitHub replaces ``config`` whole: the secret must go with it, or it would be dropped.
        secret = FieldChange(SECRET, "set", sent_from(wanted.secret, again=False))
    if secret is not None:
        fields.append(secret)
    return tuple(fields)


def sends_config(change: Change) -> bool:
    """Whether the change's request carries the webhook's ``config`` (and so its secret)."""
    return change.action is Action.CREATE or any(field.field in CONFIG_FIELDS for field in change.fields)


def _loosens(current: W, wanted: W) -> bool:
    # Dropping the secret or certificate checks lets anyone forge or read deliveries.
    return (current.secret is not None and wanted.secret is None) or (
        wanted.insecure_ssl and not current.insecure_ssl
    )


def _plan(
    ctx: DiffContext,
    kind: Kind,
    scope: tuple[str, ...],
    wanted: dict[str, W],
    live: dict[str, W],
    prune: bool,
) -> None:
    for url, hook in sorted(wanted.items()):
        current = live.get(url)
        fields = webhook_fields(current, hook, ctx.rotate_secrets)
        if current is None:
            ctx.add(Change(kind, Action.CREATE, (*scope, url), fields, hook))
        elif fields:
            ctx.add(
                Change(
                    kind, Action.UPDATE, (*scope, url), fields, hook, current, loosens=_loosens(current, hook)
                )
            )
    if not prune:
        return
    for url in sorted(set(live) - set(wanted)):
        fields = webhook_fields(live[url], None)
        ctx.add(Change(kind, Action.DELETE, (*scope, url), fields, None, live[url]))


def plan_repository_webhooks(ctx: DiffContext) -> None:
    """Per repository whose config has ``webhooks``: create, update, prune by URL."""
    for repo in sorted(ctx.desired.repositories):
        spec = ctx.desired.repositories[repo]
        if "webhooks" not in spec.model_fields_set:
            continue
        current_repo = ctx.live_repository(repo)
        if current_repo is not None:
            ctx.touch(f"repositories/{ctx.live_repository_name(repo)}/webhooks", whole=True)
        live = current_repo.webhooks if current_repo is not None else {}
        prune = ctx.desired.prune.webhooks and current_repo is not None
        _plan(ctx, Kind.REPOSITORY_WEBHOOK, (repo,), spec.webhooks, live, prune)


def plan_organization_webhooks(ctx: DiffContext) -> None:
    """The organisation's webhooks: create, update, prune by URL."""
    desired = ctx.desired
    if "webhooks" not in desired.model_fields_set and not desired.prune.webhooks:
        return
    ctx.touch("webhooks", whole=True)
    _plan(
        ctx, Kind.ORGANIZATION_WEBHOOK, (), desired.webhooks, ctx.live.state.webhooks, desired.prune.webhooks
    )


def _repository(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0])]


REPOSITORY_WEBHOOK = KindSpec(
    Kind.REPOSITORY_WEBHOOK,
    label="webhook",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=RepositoryWebhook,
    differ=plan_repository_webhooks,
    repository_key=0,
    prune_switch="webhooks",
    references=_repository,
    live_count=lambda organization: sum(len(r.webhooks) for r in organization.repositories.values()),
)
ORGANIZATION_WEBHOOK = KindSpec(
    Kind.ORGANIZATION_WEBHOOK,
    label="webhook",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=OrganizationWebhook,
    differ=plan_organization_webhooks,
    prune_switch="webhooks",
    live_count=lambda organization: len(organization.webhooks),
)
