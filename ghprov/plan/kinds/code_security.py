"""Organisation code security configurations, by name: created, updated (the changed settings, the
new-repository default, repositories attached and detached), deleted under
``prune.code_security_configurations``.

A configuration's ``repositories``, when declared, are exactly the repositories attached to it: one
attached live but no longer listed is detached (it keeps its settings, GitHub documents), unless
another declared configuration lists it: attaching there moves it, and a detach (which names no
configuration) could land after that attach and undo it. Deleting a configuration detaches its
repositories the same way. GitHub's own and the enterprise's configurations are never read, so never
pruned (the organisation cannot delete them).

Turning a feature off, narrowing which new repositories get the configuration, detaching a
repository or deleting a configuration is loosening.
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
    if name == "repositories":
        return bool(set(before or ()) - set(after or ()))
    if name == "description":
        return False
    return bool(before == "enabled" and after != "enabled")


def _comparable(
    live: CodeSecurityConfiguration, wanted: CodeSecurityConfiguration, elsewhere: set[str]
) -> CodeSecurityConfiguration:
    """``live`` without the repositories another declared configuration takes (their move is that
    configuration's attach, not a detach here)."""
    if "repositories" not in wanted.model_fields_set or live.repositories is None:
        return live
    kept = tuple(repo for repo in live.repositories if repo not in elsewhere)
    return live.model_copy(update={"repositories": kept})


def _listed_elsewhere(configurations: dict[str, CodeSecurityConfiguration], name: str) -> set[str]:
    return {
        repo
        for other, configuration in configurations.items()
        if other != name
        for repo in configuration.repositories or ()
    }


def plan_code_security(ctx: DiffContext) -> None:
    declared = ctx.desired.code_security_configurations
    live_all = ctx.live.state.code_security_configurations
    prune = ctx.desired.prune.code_security_configurations
    if prune:
        ctx.touch("code_security_configurations", whole=True)
    for name in sorted(declared):
        wanted = declared[name]
        ctx.touch(f"code_security_configurations/{name}", whole=True)
        live = live_all.get(name)
        if live is None:
            fields = tuple(
                FieldChange(field, None, plain(value)) for field, value in wanted.managed_values().items()
            )
            ctx.add(Change(Kind.CODE_SECURITY_CONFIGURATION, Action.CREATE, (name,), fields, wanted))
            continue
        current = _comparable(live, wanted, _listed_elsewhere(declared, name))
        change = policy_change(
            Kind.CODE_SECURITY_CONFIGURATION, (name,), wanted, current, configuration_loosens
        )
        if change is not None:
            ctx.add(change)
    if not prune:
        return
    for name in sorted(set(live_all) - set(declared)):
        live = live_all[name]
        values = live.managed_values().items()
        fields = tuple(FieldChange(field, plain(value), None) for field, value in values)
        ctx.add(
            Change(Kind.CODE_SECURITY_CONFIGURATION, Action.DELETE, (name,), fields, None, live, loosens=True)
        )


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
    prune_switch="code_security_configurations",
    references=_attached_repositories,
    live_count=lambda organization: len(organization.code_security_configurations),
)
