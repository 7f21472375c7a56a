"""Archived repositories are read-only on GitHub: hold back changes to them unless the config unarchives."""

from __future__ import annotations

from ghprov.plan.changes import Kind, address
from ghprov.plan.context import DiffContext


def _unarchived_by_config(ctx: DiffContext, repo: str) -> bool:
    spec = ctx.desired.repositories.get(repo)
    return spec is not None and "archived" in spec.model_fields_set and spec.archived is False


def hold_archived(ctx: DiffContext) -> None:
    """Replace every change to a live archived repository by one finding, unless it is being unarchived."""
    touched = sorted({change.repository for change in ctx.changes if change.repository is not None})
    held: set[str] = set()
    for repo in touched:
        current = ctx.live_repository(repo)
        if current is None or not current.archived or _unarchived_by_config(ctx, repo):
            continue
        held.add(repo)
        addresses = sorted(change.address for change in ctx.changes if change.repository == repo)
        ctx.find(
            "archived-repository",
            address(Kind.REPOSITORY, repo),
            f"{repo} is archived, so GitHub refuses changes to it; skipped {len(addresses)} "
            f"({', '.join(addresses)}). Set archived: false in the config to unarchive it first.",
        )
    ctx.changes = [change for change in ctx.changes if change.repository not in held]
