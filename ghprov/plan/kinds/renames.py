"""Renames (``previously:``): a team or repository is renamed in place, never deleted and recreated."""

from __future__ import annotations

from collections.abc import Mapping

from ghprov.model.base import Model
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext


def _resolve(
    ctx: DiffContext,
    kind: Kind,
    desired: Mapping[str, Model],
    live_names: set[str],
    renames: dict[str, str],
    collection: str,
) -> None:
    for name in sorted(desired):
        previous: tuple[str, ...] = getattr(desired[name], "previously", ())
        present = [old for old in previous if old in live_names]
        if not present:
            continue
        if name in live_names:
            # Both exist: renaming would collide, and deleting the old one is never implied.
            ctx.find(
                "rename-source-exists",
                address(kind, name),
                f"{name} lists {', '.join(present)} under previously, but both exist; "
                f"the old one is left alone and never pruned",
            )
            continue
        old = present[0]
        ctx.touch(f"{collection}/{old}")
        renames[name] = old
        ctx.add(
            Change(
                kind=kind,
                action=Action.RENAME,
                key=(name,),
                fields=(FieldChange("name", old, name),),
                desired=desired[name],
            )
        )
        if len(present) > 1:
            ctx.find(
                "rename-ambiguous",
                address(kind, name),
                f"several previous names of {name} exist ({', '.join(present)}); renaming {old}",
            )


def plan_renames(ctx: DiffContext) -> None:
    """Emit RENAME changes and record desired → live names for the other differs."""
    _resolve(ctx, Kind.TEAM, ctx.desired.teams, set(ctx.live.state.teams), ctx.team_renames, "teams")
    _resolve(
        ctx,
        Kind.REPOSITORY,
        ctx.desired.repositories,
        set(ctx.live.state.repositories),
        ctx.repository_renames,
        "repositories",
    )


def protected_from_prune(desired: Mapping[str, Model]) -> set[str]:
    """Old names still listed under ``previously``: they are never pruned, even when both exist."""
    return {old for spec in desired.values() for old in getattr(spec, "previously", ())}
