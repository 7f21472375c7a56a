"""Actions variables of the organisation (``actions_variables:``) and of declared repositories.

Variables are plain values: compared, created, updated and (with ``prune.actions_variables``)
removed like any setting. As with secrets, repositories are read only where their config declares
``actions_variables``, so pruning removes only from those repositories.
"""

from __future__ import annotations

from collections.abc import Iterable

from ghprov.model import Organization
from ghprov.model.actions_secrets import OrganizationVariable, VariableValue
from ghprov.plan.changes import Action, Change, Kind, address
from ghprov.plan.context import DiffContext, field_changes
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames

_FIELDS = ("value", "visibility", "selected_repositories")
_VISIBILITY = ("selected", "private", "all")


def _widens(before: OrganizationVariable, after: OrganizationVariable) -> bool:
    if _VISIBILITY.index(after.visibility) > _VISIBILITY.index(before.visibility):
        return True
    return bool(set(after.selected_repositories) - set(before.selected_repositories))


def plan_repository_variables(ctx: DiffContext) -> None:
    """Per repository whose config has ``actions_variables``: create, update, prune by name."""
    for repo in sorted(ctx.desired.repositories):
        spec = ctx.desired.repositories[repo]
        if "actions_variables" not in spec.model_fields_set:
            continue
        current_repo = ctx.live_repository(repo)
        live = current_repo.actions_variables if current_repo is not None else {}
        if current_repo is not None:
            ctx.touch(f"repositories/{ctx.live_repository_name(repo)}/actions_variables", whole=True)
        for name, value in sorted(spec.actions_variables.items()):
            wanted = VariableValue(value=value)
            old = live.get(name)
            current = VariableValue(value=old) if old is not None else None
            fields = field_changes(current, wanted, ("value",))
            if current is None:
                ctx.add(Change(Kind.REPOSITORY_VARIABLE, Action.CREATE, (repo, name), fields, wanted))
            elif fields:
                change = Change(
                    Kind.REPOSITORY_VARIABLE, Action.UPDATE, (repo, name), fields, wanted, current
                )
                ctx.add(change)
        if not ctx.desired.prune.actions_variables or current_repo is None:
            continue
        for name in sorted(set(live) - set(spec.actions_variables)):
            current = VariableValue(value=live[name])
            fields = field_changes(current, None, ("value",))
            ctx.add(Change(Kind.REPOSITORY_VARIABLE, Action.DELETE, (repo, name), fields, None, current))


def plan_organization_variables(ctx: DiffContext) -> None:
    """The organisation's variables: create, update, prune by name."""
    desired = ctx.desired
    if "actions_variables" not in desired.model_fields_set and not desired.prune.actions_variables:
        return
    ctx.touch("actions_variables", whole=True)
    live = ctx.live.state.actions_variables
    for name, wanted in sorted(desired.actions_variables.items()):
        current = live.get(name)
        fields = field_changes(current, wanted, _FIELDS)
        if current is None:
            ctx.add(Change(Kind.ORGANIZATION_VARIABLE, Action.CREATE, (name,), fields, wanted))
        elif fields:
            loosens = _widens(current, wanted)
            change = Change(
                Kind.ORGANIZATION_VARIABLE, Action.UPDATE, (name,), fields, wanted, current, loosens=loosens
            )
            ctx.add(change)
    if not desired.prune.actions_variables:
        return
    for name in sorted(set(live) - set(desired.actions_variables)):
        fields = field_changes(live[name], None, _FIELDS)
        ctx.add(Change(Kind.ORGANIZATION_VARIABLE, Action.DELETE, (name,), fields, None, live[name]))


def _repository(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0])]


def _selected(change: Change, team_names: TeamNames) -> Iterable[str]:
    desired = change.desired
    selected = desired.selected_repositories if isinstance(desired, OrganizationVariable) else ()
    return [address(Kind.REPOSITORY, name) for name in selected]


def _count_repository(organization: Organization) -> int:
    return sum(len(repository.actions_variables) for repository in organization.repositories.values())


REPOSITORY_VARIABLE = KindSpec(
    Kind.REPOSITORY_VARIABLE,
    label="Actions variable",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=VariableValue,
    differ=plan_repository_variables,
    repository_key=0,
    prune_switch="actions_variables",
    references=_repository,
    live_count=_count_repository,
)
ORGANIZATION_VARIABLE = KindSpec(
    Kind.ORGANIZATION_VARIABLE,
    label="Actions variable",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=OrganizationVariable,
    differ=plan_organization_variables,
    prune_switch="actions_variables",
    references=_selected,
    live_count=lambda organization: len(organization.actions_variables),
)
