"""Repositories (settings, archive state) and the extra branches to create. Repositories are never deleted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model import LiveOrganization, Repository
from ghprov.plan.changes import Action, Change, FieldChange, Kind, SettingsPatch, address
from ghprov.plan.context import DiffContext, plain
from ghprov.plan.kinds.edits import entry, put, rename
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames

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
            address(Kind.REPOSITORY, name),
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
        patch, old = SettingsPatch(to_set), SettingsPatch(old_values)
        ctx.add(Change(Kind.REPOSITORY, Action.UPDATE, (name,), fields, desired=patch, current=old))
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


def _branch_references(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0])]


def _live_digests(live: LiveOrganization) -> Iterable[tuple[str, Any]]:
    # A repository's value holds its branches, protections and rulesets.
    for name, repository in live.state.repositories.items():
        yield address(Kind.REPOSITORY, name), repository.model_dump(mode="json")


def _project(organization: dict[str, Any], change: Change) -> None:
    repositories = entry(organization, "repositories")
    (name,) = change.key
    if change.action is Action.RENAME:
        rename(repositories, change)
        old = change.fields[0].before
        for team in entry(organization, "teams").values():
            grants = team.get("repositories") or {}
            if old in grants:
                grants[name] = grants.pop(old)
    elif change.action is Action.UPDATE:
        entry(repositories, name).update(plain(change.desired_patch()))
    else:
        put(repositories, change, name)


REPOSITORY = KindSpec(
    Kind.REPOSITORY,
    label="repository",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.SETTINGS,
    model=Repository,
    differ=plan_repositories,
    repository_key=0,
    live_digests=_live_digests,
    project=_project,
)
BRANCH = KindSpec(
    Kind.BRANCH,
    label="branch",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.ROLE,
    repository_key=0,
    references=_branch_references,
)
