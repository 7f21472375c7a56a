"""Deployment environments of declared repositories, and their secrets and variables.

An environment is compared on its protection settings (``model.environments.SETTINGS``) and written
whole (GitHub's PUT replaces them); it is removed only with ``prune.environments``. Its secrets and
variables follow the repository's rules (``actions_secrets``, ``actions_variables``): a secret's value
is never compared and is sent on creation or with ``--rotate-secrets``; entries an environment does
not list are pruned, with ``prune.actions_secrets`` / ``prune.actions_variables``, only where the
environment declares ``secrets`` / ``variables``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ghprov.model import Organization
from ghprov.model.actions_secrets import RepositorySecret, VariableValue
from ghprov.model.environments import SETTINGS, Environment
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext, field_changes
from ghprov.plan.kinds.actions_secrets import value_field
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames


def _loosens(current: Environment, wanted: Environment) -> bool:
    # Fewer guards before a deployment: no reviewers, a shorter wait, or any branch allowed.
    fewer_reviewers = bool(
        set(current.reviewers.users) - set(wanted.reviewers.users)
        or set(current.reviewers.teams) - set(wanted.reviewers.teams)
    )
    any_branch = current.deployment_branches is not None and wanted.deployment_branches is None
    return (
        fewer_reviewers
        or any_branch
        or wanted.wait_timer < current.wait_timer
        or (current.prevent_self_review and not wanted.prevent_self_review)
    )


def plan_environments(ctx: DiffContext) -> None:
    """Per repository whose config has ``environments``: environments, then their secrets and variables."""
    for repo in sorted(ctx.desired.repositories):
        spec = ctx.desired.repositories[repo]
        if "environments" not in spec.model_fields_set:
            continue
        current_repo = ctx.live_repository(repo)
        if current_repo is not None:
            ctx.touch(f"repositories/{ctx.live_repository_name(repo)}/environments", whole=True)
        live = current_repo.environments if current_repo is not None else {}
        for name, wanted in sorted(spec.environments.items()):
            current = live.get(name)
            _environment(ctx, (repo, name), wanted, current)
            _secrets(ctx, (repo, name), wanted, current)
            _variables(ctx, (repo, name), wanted, current)
        if ctx.desired.prune.environments and current_repo is not None:
            for name in sorted(set(live) - set(spec.environments)):
                old = live[name].protection()
                fields = field_changes(old, None, SETTINGS)
                ctx.add(Change(Kind.ENVIRONMENT, Action.DELETE, (repo, name), fields, None, old))


def _environment(
    ctx: DiffContext, key: tuple[str, str], wanted: Environment, current: Environment | None
) -> None:
    desired = wanted.protection()
    if current is None:
        fields = field_changes(
            None, desired, [f for f in SETTINGS if f in desired.model_dump(exclude_defaults=True)]
        )
        ctx.add(Change(Kind.ENVIRONMENT, Action.CREATE, key, fields, desired))
        return
    old = current.protection()
    fields = field_changes(old, desired, SETTINGS)
    if fields:
        ctx.add(
            Change(Kind.ENVIRONMENT, Action.UPDATE, key, fields, desired, old, loosens=_loosens(old, desired))
        )


def _secrets(
    ctx: DiffContext, key: tuple[str, str], wanted: Environment, current: Environment | None
) -> None:
    live = current.secrets if current is not None else {}
    for name, secret in sorted(wanted.secrets.items()):
        old = live.get(name)
        if old is None:
            ctx.add(
                Change(
                    Kind.ENVIRONMENT_SECRET, Action.CREATE, (*key, name), (value_field(secret, None),), secret
                )
            )
        elif ctx.rotate_secrets:
            bare = old.model_copy(update={"updated_at": None})
            fields = (value_field(secret, old),)
            ctx.add(Change(Kind.ENVIRONMENT_SECRET, Action.UPDATE, (*key, name), fields, secret, bare))
    if ctx.desired.prune.actions_secrets and "secrets" in wanted.model_fields_set and current is not None:
        for name in sorted(set(live) - set(wanted.secrets)):
            bare = live[name].model_copy(update={"updated_at": None})
            fields = (FieldChange("value", "set", None),)
            ctx.add(Change(Kind.ENVIRONMENT_SECRET, Action.DELETE, (*key, name), fields, None, bare))


def _variables(
    ctx: DiffContext, key: tuple[str, str], wanted: Environment, current: Environment | None
) -> None:
    live = current.variables if current is not None else {}
    for name, value in sorted(wanted.variables.items()):
        desired = VariableValue(value=value)
        old = VariableValue(value=live[name]) if name in live else None
        fields = field_changes(old, desired, ("value",))
        if old is None:
            ctx.add(Change(Kind.ENVIRONMENT_VARIABLE, Action.CREATE, (*key, name), fields, desired))
        elif fields:
            ctx.add(Change(Kind.ENVIRONMENT_VARIABLE, Action.UPDATE, (*key, name), fields, desired, old))
    if ctx.desired.prune.actions_variables and "variables" in wanted.model_fields_set and current is not None:
        for name in sorted(set(live) - set(wanted.variables)):
            old = VariableValue(value=live[name])
            fields = field_changes(old, None, ("value",))
            ctx.add(Change(Kind.ENVIRONMENT_VARIABLE, Action.DELETE, (*key, name), fields, None, old))


def _repository(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0])]


def _reviewers(change: Change, team_names: TeamNames) -> Iterable[str]:
    # Reviewing teams must exist (their ids go into the request), and so must the repository.
    desired = change.desired
    teams = desired.reviewers.teams if isinstance(desired, Environment) else ()
    return [address(Kind.REPOSITORY, change.key[0]), *(address(Kind.TEAM, team_names(t)) for t in teams)]


def _environment_of(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.ENVIRONMENT, change.key[0], change.key[1])]


def _count(organization: Organization) -> int:
    return sum(len(repository.environments) for repository in organization.repositories.values())


ENVIRONMENT = KindSpec(
    Kind.ENVIRONMENT,
    label="environment",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=Environment,
    differ=plan_environments,
    repository_key=0,
    prune_switch="environments",
    references=_reviewers,
    live_count=_count,
)
ENVIRONMENT_SECRET = KindSpec(
    Kind.ENVIRONMENT_SECRET,
    label="environment secret",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=RepositorySecret,
    repository_key=0,
    prune_switch="actions_secrets",
    references=_environment_of,
)
ENVIRONMENT_VARIABLE = KindSpec(
    Kind.ENVIRONMENT_VARIABLE,
    label="environment variable",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=VariableValue,
    repository_key=0,
    prune_switch="actions_variables",
    references=_environment_of,
)
