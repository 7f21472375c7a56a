"""Repositories (settings, archive state) and the extra branches to create. Repositories are never deleted."""

from __future__ import annotations

from typing import Any

from ghprov.model import Repository
from ghprov.plan.changes import Action, Change, FieldChange, Kind
from ghprov.plan.context import DiffContext, plain

# GitHub creates a new repository's default branch under this name unless told otherwise.
GITHUB_DEFAULT_BRANCH = "main"


def _normalised(name: str, value: Any) -> Any:
    # GitHub reports "no topics" as [] and "not archived" as false; the model may say None.
    if name == "topics":
        return tuple(value or ())
    if name == "archived":
        return bool(value)
    return value


def _create(ctx: DiffContext, name: str, spec: Repository) -> None:
    settings = spec.settings()
    if settings.get("archived"):
        # An archived repository cannot be given branches, protections or grants afterwards.
        ctx.find(
            "create-archived",
            f"{Kind.REPOSITORY.value}:{name}",
            f"{name} is declared archived but does not exist; it is created unarchived, "
            "and archived by a later apply once its configuration is in place",
        )
        data = spec.model_dump(exclude_unset=True)
        data.pop("archived")
        spec = Repository.model_validate(data)
        settings.pop("archived")
    fields = tuple(FieldChange(field, None, plain(value)) for field, value in settings.items())
    ctx.add(Change(Kind.REPOSITORY, Action.CREATE, (name,), fields, desired=spec))
    default_branch = spec.default_branch or GITHUB_DEFAULT_BRANCH
    for branch in spec.branches:
        if branch != default_branch:
            _branch(ctx, name, branch, default_branch)


def _branch(ctx: DiffContext, repo: str, branch: str, source: str) -> None:
    ctx.add(
        Change(
            Kind.BRANCH,
            Action.CREATE,
            (repo, branch),
            (FieldChange("source", None, source),),
            desired=source,
            depends_on=(f"{Kind.REPOSITORY.value}:{repo}",),
        )
    )


def _update(ctx: DiffContext, name: str, spec: Repository, current: Repository) -> None:
    live_name = ctx.live_repository_name(name)
    to_set: dict[str, Any] = {}
    old_values: dict[str, Any] = {}
    for field, value in spec.settings().items():
        ctx.touch(f"repositories/{live_name}/{field}")
        old = getattr(current, field)
        if _normalised(field, value) != _normalised(field, old):
            to_set[field] = value
            old_values[field] = old
    if to_set:
        fields = tuple(FieldChange(field, plain(old_values[field]), plain(to_set[field])) for field in to_set)
        ctx.add(Change(Kind.REPOSITORY, Action.UPDATE, (name,), fields, desired=to_set, current=old_values))
    if spec.branches:
        ctx.touch(f"repositories/{live_name}/branches")
    existing = set(current.branches) | ({current.default_branch} if current.default_branch else set())
    source = current.default_branch or spec.default_branch or GITHUB_DEFAULT_BRANCH
    for branch in spec.branches:
        if branch not in existing:
            _branch(ctx, name, branch, source)


def plan_repositories(ctx: DiffContext) -> None:
    """Create missing repositories and their branches; update managed settings of existing ones."""
    for name in sorted(ctx.desired.repositories):
        spec = ctx.desired.repositories[name]
        current = ctx.live_repository(name)
        if current is None:
            ctx.touch(f"repositories/{name}")
            _create(ctx, name, spec)
        else:
            _update(ctx, name, spec, current)
