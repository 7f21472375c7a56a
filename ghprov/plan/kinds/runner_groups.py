"""Self-hosted runner groups' repository access, per declared group (``runner_groups.<name>``).

A group is never created or deleted by ghprov: the API ghprov writes through updates existing
groups, so a declared group GitHub does not have is a finding. Widening who may use a group's
runners (more repositories, public repositories) is loosening.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model.runner_groups import RunnerGroupAccess
from ghprov.plan.changes import Change, Kind, address
from ghprov.plan.context import DiffContext
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
    return False


def plan_runner_groups(ctx: DiffContext) -> None:
    """One UPDATE per declared group whose access differs; a finding for a group GitHub lacks."""
    org = ctx.desired.organization
    for name in sorted(ctx.desired.runner_groups):
        ctx.touch(f"runner_groups/{name}", whole=True)
        live = ctx.live.state.runner_groups.get(name)
        if live is None and not any(u.path.startswith("runner_groups") for u in ctx.live.unknowns):
            ctx.find(
                "runner-group-missing",
                address(Kind.RUNNER_GROUP, name),
                f"{org} has no runner group {name!r}: create it where its runners are registered "
                "(ghprov manages who may use existing groups)",
            )
            continue
        change = policy_change(
            Kind.RUNNER_GROUP, (name,), ctx.desired.runner_groups[name], live, runner_group_loosens
        )
        if change is not None:
            ctx.add(change)


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
    references=_selected_repositories,
)
