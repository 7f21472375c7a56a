"""Actions secrets of the organisation (``actions_secrets:``) and of declared repositories.

A secret's value cannot be compared: GitHub never returns it, and the config holds only a reference.
So a secret is created when it is missing, an organisation secret is updated when its visibility or
selected repositories differ, and a value is sent again only when asked (``--rotate-secrets``), which
plans one UPDATE per declared secret. A change carrying a ``value`` field is one that sends the value;
the field shows where it comes from and when GitHub last saw it set, never the value.

Repositories are read only where their config declares ``actions_secrets`` (GitHub has no bulk read),
so ``prune.actions_secrets`` removes only from those repositories.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from ghprov.model import Organization
from ghprov.model.actions_secrets import OrganizationSecret, RepositorySecret
from ghprov.plan.changes import Action, Change, FieldChange, Kind, Plan, address
from ghprov.plan.context import DiffContext, field_changes
from ghprov.plan.kinds.spec import Differ, KindSpec, PayloadShape, Scope, TeamNames

# Ranked narrowest first: widening who may read a secret runs with the other loosening changes.
_VISIBILITY = ("selected", "private", "all")
VALUE = "value"
ROTATED = "again from "
S = TypeVar("S", RepositorySecret, OrganizationSecret)
# Kinds whose values ``--rotate-secrets`` sends again (a webhook's secret is one too).
SECRET_KINDS = frozenset(
    {
        Kind.REPOSITORY_SECRET,
        Kind.ORGANIZATION_SECRET,
        Kind.ENVIRONMENT_SECRET,
        Kind.REPOSITORY_DEPENDABOT_SECRET,
        Kind.ORGANIZATION_DEPENDABOT_SECRET,
        Kind.REPOSITORY_WEBHOOK,
        Kind.ORGANIZATION_WEBHOOK,
    }
)


def _was_set(current: RepositorySecret | OrganizationSecret | None) -> str | None:
    if current is None:
        return None
    return f"set (updated {current.updated_at})" if current.updated_at else "set"


def _bare(current: S) -> S:
    """The live value as a change carries it: ``updated_at`` shows in the fields only, because saved
    plans do not keep it (it is no configuration) and a saved plan must equal a fresh one."""
    return current.model_copy(update={"updated_at": None})


def value_field(
    wanted: RepositorySecret | OrganizationSecret, current: RepositorySecret | OrganizationSecret | None
) -> FieldChange:
    """The field of a change that sends the value: its source, never the value itself."""
    return FieldChange(VALUE, _was_set(current), sent_from(wanted.value, again=current is not None))


def sent_from(reference: str, *, again: bool) -> str:
    """How a plan shows a value it sends: ``again from …`` marks a rotation (``--rotate-secrets``)."""
    return f"{ROTATED}{reference}" if again else f"from {reference}"


def sends_value(change: Change) -> bool:
    """Whether the change's requests carry the secret's (encrypted) value."""
    return any(field.field == VALUE for field in change.fields)


def rotates_secrets(plan: Plan) -> bool:
    """Whether ``plan`` sends an existing secret's value again (it was made with ``--rotate-secrets``)."""
    return any(
        change.action is Action.UPDATE
        and change.kind in SECRET_KINDS
        and any(isinstance(f.after, str) and f.after.startswith(ROTATED) for f in change.fields)
        for change in plan.changes
    )


def widens(before: OrganizationSecret | None, after: OrganizationSecret) -> bool:
    if before is None:
        return False
    if _VISIBILITY.index(after.visibility) > _VISIBILITY.index(before.visibility):
        return True
    return after.visibility == "selected" and bool(
        set(after.selected_repositories) - set(before.selected_repositories)
    )


def _repository_differ(field: str, kind: Kind) -> Differ:
    """The differ of one app's repository secrets (``actions_secrets``, ``dependabot_secrets``)."""

    def plan(ctx: DiffContext) -> None:
        prune = getattr(ctx.desired.prune, field)
        for repo in sorted(ctx.desired.repositories):
            spec = ctx.desired.repositories[repo]
            if field not in spec.model_fields_set:
                continue
            current_repo = ctx.live_repository(repo)
            live: dict[str, RepositorySecret] = (
                getattr(current_repo, field) if current_repo is not None else {}
            )
            if current_repo is not None:
                ctx.touch(f"repositories/{ctx.live_repository_name(repo)}/{field}", whole=True)
            wanted_secrets: dict[str, RepositorySecret] = getattr(spec, field)
            for name, wanted in sorted(wanted_secrets.items()):
                current = live.get(name)
                if current is None:
                    ctx.add(Change(kind, Action.CREATE, (repo, name), (value_field(wanted, None),), wanted))
                elif ctx.rotate_secrets:
                    fields = (value_field(wanted, current),)
                    ctx.add(Change(kind, Action.UPDATE, (repo, name), fields, wanted, _bare(current)))
            if not prune or current_repo is None:
                continue
            for name in sorted(set(live) - set(wanted_secrets)):
                fields = (FieldChange(VALUE, _was_set(live[name]), None),)
                ctx.add(Change(kind, Action.DELETE, (repo, name), fields, None, _bare(live[name])))

    plan.__doc__ = f"Per repository whose config has ``{field}``: create, re-send (rotation), prune."
    return plan


def _organization_differ(field: str, kind: Kind) -> Differ:
    """The differ of one app's organisation secrets."""

    def plan(ctx: DiffContext) -> None:
        desired = ctx.desired
        prune = getattr(desired.prune, field)
        if field not in desired.model_fields_set and not prune:
            return
        ctx.touch(field, whole=True)
        live: dict[str, OrganizationSecret] = getattr(ctx.live.state, field)
        wanted_secrets: dict[str, OrganizationSecret] = getattr(desired, field)
        for name, wanted in sorted(wanted_secrets.items()):
            current = live.get(name)
            shown = field_changes(current, wanted, ("visibility", "selected_repositories"))
            if current is None:
                ctx.add(Change(kind, Action.CREATE, (name,), (value_field(wanted, None), *shown), wanted))
            elif shown or ctx.rotate_secrets:
                fields = (*((value_field(wanted, current),) if ctx.rotate_secrets else ()), *shown)
                loosens = widens(current, wanted)
                ctx.add(Change(kind, Action.UPDATE, (name,), fields, wanted, _bare(current), loosens=loosens))
        if not prune:
            return
        for name in sorted(set(live) - set(wanted_secrets)):
            fields = (FieldChange(VALUE, _was_set(live[name]), None),)
            ctx.add(Change(kind, Action.DELETE, (name,), fields, None, _bare(live[name])))

    plan.__doc__ = f"The organisation's ``{field}``: create, update visibility, re-send (rotation), prune."
    return plan


plan_repository_secrets = _repository_differ("actions_secrets", Kind.REPOSITORY_SECRET)
plan_organization_secrets = _organization_differ("actions_secrets", Kind.ORGANIZATION_SECRET)
plan_repository_dependabot_secrets = _repository_differ(
    "dependabot_secrets", Kind.REPOSITORY_DEPENDABOT_SECRET
)
plan_organization_dependabot_secrets = _organization_differ(
    "dependabot_secrets", Kind.ORGANIZATION_DEPENDABOT_SECRET
)


def _repository(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0])]


def _selected(change: Change, team_names: TeamNames) -> Iterable[str]:
    # A selected repository's id goes into the request, so it must exist first.
    desired = change.desired
    selected = desired.selected_repositories if isinstance(desired, OrganizationSecret) else ()
    return [address(Kind.REPOSITORY, name) for name in selected]


def _count_repository(organization: Organization) -> int:
    return sum(len(repository.actions_secrets) for repository in organization.repositories.values())


def _count_repository_dependabot(organization: Organization) -> int:
    return sum(len(repository.dependabot_secrets) for repository in organization.repositories.values())


REPOSITORY_SECRET = KindSpec(
    Kind.REPOSITORY_SECRET,
    label="Actions secret",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=RepositorySecret,
    differ=plan_repository_secrets,
    repository_key=0,
    prune_switch="actions_secrets",
    references=_repository,
    live_count=_count_repository,
)
ORGANIZATION_SECRET = KindSpec(
    Kind.ORGANIZATION_SECRET,
    label="Actions secret",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=OrganizationSecret,
    differ=plan_organization_secrets,
    prune_switch="actions_secrets",
    references=_selected,
    live_count=lambda organization: len(organization.actions_secrets),
)
REPOSITORY_DEPENDABOT_SECRET = KindSpec(
    Kind.REPOSITORY_DEPENDABOT_SECRET,
    label="Dependabot secret",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=RepositorySecret,
    differ=plan_repository_dependabot_secrets,
    repository_key=0,
    prune_switch="dependabot_secrets",
    references=_repository,
    live_count=_count_repository_dependabot,
)
ORGANIZATION_DEPENDABOT_SECRET = KindSpec(
    Kind.ORGANIZATION_DEPENDABOT_SECRET,
    label="Dependabot secret",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=OrganizationSecret,
    differ=plan_organization_dependabot_secrets,
    prune_switch="dependabot_secrets",
    references=_selected,
    live_count=lambda organization: len(organization.dependabot_secrets),
)
