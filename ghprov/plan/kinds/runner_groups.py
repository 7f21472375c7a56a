"""Self-hosted runner groups, per declared group (``runner_groups.<name>``): created when GitHub
lacks them, updated where they differ, deleted under ``prune.runner_groups``.

GitHub's ``Default`` group is never deleted (GitHub refuses; every organisation has one), nor is a
group the enterprise shares with the organisation: the reader leaves those out of the live state.
Widening who may use a group's runners (more repositories, public repositories, fewer workflow
restrictions) is loosening, and so is deleting a group (its runners move to ``Default``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model.runner_groups import DEFAULT_GROUP, RunnerGroupAccess
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext, plain
from ghprov.plan.kinds.policy_objects import policy_change, ranked_wider
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames

_VISIBILITY_WIDER = ranked_wider(("private", "selected", "all"))


def runner_group_loosens(name: str, before: Any, after: Any) -> bool:
    if name == "visibility":
        return _VISIBILITY_WIDER(before, after)
    if name == "allows_public_repositories":
        return after is True and before is not True
    if name == "selected_repositories":
        return before is not None and bool(set(after or ()) - set(before))
    if name == "restricted_to_workflows":
        return before is True and after is not True
    if name == "selected_workflows":
        return bool(set(after or ()) - set(before or ()))
    return False


def plan_runner_groups(ctx: DiffContext) -> None:
    """CREATE a declared group GitHub lacks, UPDATE one that differs, DELETE (prune) an unlisted one."""
    declared = ctx.desired.runner_groups
    live_groups = ctx.live.state.runner_groups
    prune = ctx.desired.prune.runner_groups
    if prune:
        ctx.touch("runner_groups")
    for name in sorted(declared):
        ctx.touch(f"runner_groups/{name}", whole=True)
        wanted = declared[name]
        live = live_groups.get(name)
        if live is None:
            fields = tuple(
                FieldChange(key, None, plain(value)) for key, value in wanted.managed_values().items()
            )
            ctx.add(Change(Kind.RUNNER_GROUP, Action.CREATE, (name,), fields, wanted))
            continue
        change = policy_change(Kind.RUNNER_GROUP, (name,), wanted, live, runner_group_loosens)
        if change is not None:
            ctx.add(change)
    if not prune:
        return
    for name in sorted(set(live_groups) - set(declared) - {DEFAULT_GROUP}):
        live = live_groups[name]
        fields = tuple(FieldChange(key, plain(value), None) for key, value in live.managed_values().items())
        ctx.add(Change(Kind.RUNNER_GROUP, Action.DELETE, (name,), fields, None, live, loosens=True))


def _selected_repositories(change: Change, team_names: TeamNames) -> Iterable[str]:
    desired = change.desired
    selected = desired.selected_repositories if isinstance(desired, RunnerGroupAccess) else None
    return [address(Kind.REPOSITORY, name) for name in selected or ()]


RUNNER_GROUP = KindSpec(
    Kind.RUNNER_GROUP,
    label="runner group",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=RunnerGroupAccess,
    differ=plan_runner_groups,
    prune_switch="runner_groups",
    references=_selected_repositories,
    live_count=lambda organization: len(organization.runner_groups),
)
