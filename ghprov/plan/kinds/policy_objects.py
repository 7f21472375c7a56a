"""What the per-repository and organisation policy kinds (Actions settings, security features) share.

Such a kind is one object of optional fields that always exists on GitHub: it is never created or
deleted, only updated. A change carries, as ``desired``, the model holding just the fields that
change, and as ``current`` the whole live model (``None`` for a repository this plan creates): the
writer needs the live values of fields that GitHub's full-replacement PUTs require but the config
does not manage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ghprov.model.base import Model
from ghprov.plan.changes import Action, Change, FieldChange, Kind
from ghprov.plan.context import DiffContext, plain

M = TypeVar("M", bound=Model)
# field → (value before, value after) → does the change weaken a guard?
Loosens = Callable[[str, Any, Any], bool]


def changed_values(desired: Model, live: Model | None) -> dict[str, Any]:
    """The managed fields of ``desired`` whose value differs from ``live`` (all of them without one)."""
    return {
        name: value
        for name, value in desired.managed_values().items()
        if live is None or getattr(live, name) != value
    }


def policy_change(
    kind: Kind, key: tuple[str, ...], desired: M, live: M | None, loosens: Loosens
) -> Change | None:
    """The UPDATE that brings ``live`` to ``desired``'s managed values, or None when they agree."""
    changed = changed_values(desired, live)
    if not changed:
        return None
    before = {name: getattr(live, name) if live is not None else None for name in changed}
    fields = tuple(FieldChange(name, plain(before[name]), plain(changed[name])) for name in changed)
    return Change(
        kind,
        Action.UPDATE,
        key,
        fields,
        type(desired).model_validate(changed),
        live,
        (),
        # A repository this plan creates has no guard to weaken yet.
        live is not None and any(loosens(name, before[name], changed[name]) for name in changed),
    )


def ranked_wider(order: tuple[Any, ...]) -> Callable[[Any, Any], bool]:
    """A comparison that is true when the new value comes later in ``order`` (narrowest first)."""

    def wider(before: Any, after: Any) -> bool:
        if before not in order or after not in order:
            # Unknown before (a new repository): only the widest value counts as loosening.
            return bool(after == order[-1] and before != after)
        return order.index(after) > order.index(before)

    return wider


# What a repository this plan creates certainly has of a kind's fields: (repository name) → model or None.
NewRepositoryValues = Callable[[DiffContext, str], Model | None]


def plan_repository_policy(
    ctx: DiffContext,
    kind: Kind,
    field: str,
    loosens: Loosens,
    new_repository: NewRepositoryValues | None = None,
) -> None:
    """One UPDATE per repository whose declared ``field`` (``actions``, ``security``) differs from
    GitHub's; a repository the token could not read it on makes the plan refuse. For a repository the
    plan creates, ``new_repository`` says what it will certainly hold, so no request sets a value it
    already has (or one GitHub refuses to set at all)."""
    for repo in sorted(ctx.desired.repositories):
        wanted = getattr(ctx.desired.repositories[repo], field)
        if wanted is None:
            continue
        current_repo = ctx.live_repository(repo)
        if current_repo is not None:
            ctx.touch(f"repositories/{ctx.live_repository_name(repo)}/{field}", whole=True)
            live = getattr(current_repo, field)
        else:
            live = new_repository(ctx, repo) if new_repository is not None else None
        change = policy_change(kind, (repo,), wanted, live, loosens)
        if change is not None:
            ctx.add(change)
