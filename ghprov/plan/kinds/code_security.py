"""Organisation code security configurations, by name: created, updated (the changed settings, the
new-repository default, repositories to attach). ghprov never deletes or detaches one: a
configuration's ``repositories`` are those it must be attached to at least.

Turning a feature off, or narrowing which new repositories get the configuration, is loosening.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model.code_security import CodeSecurityConfiguration
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext, plain
from ghprov.plan.kinds.policy_objects import policy_change, ranked_wider
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames

_STRONGER_ENFORCEMENT = ranked_wider(("unenforced", "enforced"))
_DEFAULT_NARROWER = ranked_wider(("all", "private_and_internal", "public", "none"))


def configuration_loosens(name: str, before: Any, after: Any) -> bool:
    if name == "enforcement":
        return bool(before == "enforced" and after != "enforced")
    if name == "default_for_new_repos":
        return bool(_DEFAULT_NARROWER(before, after))
    if name in ("description", "repositories"):
        return False
    return bool(before == "enabled" and after != "enabled")


def _comparable(
    wanted: CodeSecurityConfiguration, live: CodeSecurityConfiguration
) -> CodeSecurityConfiguration:
    """``wanted`` with its repositories counted as met when the live ones include them all."""
    needed = set(wanted.repositories or ())
    if "repositories" in wanted.model_fields_set and needed <= set(live.repositories or ()):
        values = {**wanted.managed_values(), "repositories": live.repositories}
        return CodeSecurityConfiguration.model_validate(values)
    return wanted


def plan_code_security(ctx: DiffContext) -> None:
    for name in sorted(ctx.desired.code_security_configurations):
        wanted = ctx.desired.code_security_configurations[name]
        ctx.touch(f"code_security_configurations/{name}", whole=True)
        live = ctx.live.state.code_security_configurations.get(name)
        if live is None:
            fields = tuple(
                FieldChange(field, None, plain(value)) for field, value in wanted.managed_values().items()
            )
            ctx.add(Change(Kind.CODE_SECURITY_CONFIGURATION, Action.CREATE, (name,), fields, wanted))
            continue
        change = policy_change(
            Kind.CODE_SECURITY_CONFIGURATION, (name,), _comparable(wanted, live), live, configuration_loosens
        )
        if change is not None:
            ctx.add(change)


def _attached_repositories(change: Change, team_names: TeamNames) -> Iterable[str]:
    desired = change.desired
    names = desired.repositories if isinstance(desired, CodeSecurityConfiguration) else None
    return [address(Kind.REPOSITORY, repo) for repo in names or ()]


CODE_SECURITY_CONFIGURATION = KindSpec(
    Kind.CODE_SECURITY_CONFIGURATION,
    label="code security configuration",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=CodeSecurityConfiguration,
    differ=plan_code_security,
    references=_attached_repositories,
)
