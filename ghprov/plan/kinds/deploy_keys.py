"""Deploy keys per declared repository, by title: created, replaced when the key or its access changes,
removed (with ``prune.deploy_keys``) when the repository's config no longer lists them.

GitHub cannot edit a deploy key, so an UPDATE is a replacement; the writer orders its two requests so
that a new key works before the old one goes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ghprov.model import DeployKey, Organization
from ghprov.model.deploy_keys import ROTATION_TITLE_PREFIX
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext, field_changes, plain
from ghprov.plan.kinds.edits import entry, put
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames


def _fields(before: DeployKey | None, after: DeployKey | None) -> tuple[FieldChange, ...]:
    changes = list(field_changes(before, after, ("key", "read_only")))
    old = before.fingerprint if before is not None else None
    new = after.fingerprint if after is not None else None
    if old != new:
        # Fingerprints are what people compare keys by (ssh-keygen -l, GitHub's settings page).
        changes.append(FieldChange("fingerprint", plain(old), plain(new)))
    return tuple(changes)


def plan_deploy_keys(ctx: DiffContext) -> None:
    """Per repository whose config has ``deploy_keys``: add, replace, and (with prune) remove by title."""
    for repo in sorted(ctx.desired.repositories):
        spec = ctx.desired.repositories[repo]
        prune = ctx.desired.prune.deploy_keys
        if "deploy_keys" not in spec.model_fields_set and not prune:
            continue
        current_repo = ctx.live_repository(repo)
        live = current_repo.deploy_keys if current_repo is not None else {}
        base = f"repositories/{ctx.live_repository_name(repo)}/deploy_keys"
        if current_repo is not None:
            ctx.touch(base, whole=True)
        for title in sorted(spec.deploy_keys):
            wanted, current = spec.deploy_keys[title], live.get(title)
            if current is None:
                ctx.add(Change(Kind.DEPLOY_KEY, Action.CREATE, (repo, title), _fields(None, wanted), wanted))
            elif current != wanted:
                # Write access granted where there was none runs with the other loosening changes.
                loosens = current.read_only and not wanted.read_only
                fields = _fields(current, wanted)
                ctx.add(
                    Change(
                        Kind.DEPLOY_KEY, Action.UPDATE, (repo, title), fields, wanted, current, (), loosens
                    )
                )
        if not prune or current_repo is None:
            continue
        for title in sorted(set(live) - set(spec.deploy_keys)):
            if title.startswith(ROTATION_TITLE_PREFIX):
                continue  # registered by `ghprov rotate` (auth: deploy_key): expected, never pruned
            current = live[title]
            ctx.add(
                Change(Kind.DEPLOY_KEY, Action.DELETE, (repo, title), _fields(current, None), None, current)
            )


def _references(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0])]


def _live_count(organization: Organization) -> int:
    return sum(len(repository.deploy_keys) for repository in organization.repositories.values())


DEPLOY_KEY = KindSpec(
    Kind.DEPLOY_KEY,
    label="deploy key",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=DeployKey,
    differ=plan_deploy_keys,
    repository_key=0,
    prune_switch="deploy_keys",
    references=_references,
    live_count=_live_count,
    project=lambda organization, change: put(
        entry(organization, "repositories", change.key[0], "deploy_keys"), change, change.key[1]
    ),
)
