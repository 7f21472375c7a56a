"""Repository and organisation rulesets: compared as whole values per declared ruleset."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model import BypassActor, LiveOrganization, Ruleset, is_builtin_role
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext, field_changes, plain
from ghprov.plan.kinds.edits import entry, put
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames
from ghprov.plan.loosening import ruleset_loosens


def _actor(actor: BypassActor) -> dict[str, Any]:
    return {
        name: value for name, value in actor.model_dump(mode="json").items() if value not in (None, False)
    }


def ruleset_fields(before: Ruleset | None, after: Ruleset | None) -> tuple[FieldChange, ...]:
    """Field-level differences, with one entry per rule type so a reviewer sees which rule changed."""
    changes = list(field_changes(before, after, ("target", "enforcement", "conditions")))
    old_rules = {rule.type: rule.parameters or {} for rule in before.rules} if before else {}
    new_rules = {rule.type: rule.parameters or {} for rule in after.rules} if after else {}
    for rule_type in sorted(set(old_rules) | set(new_rules)):
        old, new = old_rules.get(rule_type), new_rules.get(rule_type)
        if old != new:
            changes.append(FieldChange(f"rules.{rule_type}", plain(old), plain(new)))
    old_actors = [_actor(actor) for actor in before.bypass_actors] if before else None
    new_actors = [_actor(actor) for actor in after.bypass_actors] if after else None
    if old_actors != new_actors:
        changes.append(FieldChange("bypass_actors", old_actors, new_actors))
    return tuple(changes)


def _actor_references(ruleset: object, team_names: TeamNames) -> list[str]:
    found: list[str] = []
    for actor in ruleset.bypass_actors if isinstance(ruleset, Ruleset) else ():
        if actor.team:
            found.append(address(Kind.TEAM, team_names(actor.team)))
        elif actor.role and not is_builtin_role(actor.role):
            found.append(address(Kind.CUSTOM_ROLE, actor.role))
        elif actor.user:
            found.append(address(Kind.ORGANIZATION_MEMBERSHIP, actor.user))
    return found


def _diff(
    ctx: DiffContext,
    kind: Kind,
    scope: tuple[str, ...],
    base: str | None,
    desired: dict[str, Ruleset],
    live: dict[str, Ruleset],
    prune: bool,
) -> None:
    """``base`` is the live path of the ruleset collection, None when it does not exist yet."""
    for name in sorted(desired):
        wanted = desired[name]
        if base is not None:
            ctx.touch(f"{base}/{name}", whole=True)
        current = live.get(name)
        if current is None:
            ctx.add(Change(kind, Action.CREATE, (*scope, name), ruleset_fields(None, wanted), wanted, None))
        elif current != wanted:
            fields = ruleset_fields(current, wanted)
            loosens = ruleset_loosens(current, wanted)
            ctx.add(Change(kind, Action.UPDATE, (*scope, name), fields, wanted, current, (), loosens))
    if not prune or base is None:
        return
    ctx.touch(base)
    for name in sorted(set(live) - set(desired)):
        current = live[name]
        fields = ruleset_fields(current, None)
        ctx.add(Change(kind, Action.DELETE, (*scope, name), fields, None, current, (), True))


def plan_rulesets(ctx: DiffContext) -> None:
    """Repository rulesets of declared repositories, then organisation rulesets."""
    prune = ctx.desired.prune
    for repo in sorted(ctx.desired.repositories):
        current_repo = ctx.live_repository(repo)
        base = f"repositories/{ctx.live_repository_name(repo)}/rulesets" if current_repo is not None else None
        live = current_repo.rulesets if current_repo is not None else {}
        wanted = ctx.desired.repositories[repo].rulesets
        _diff(ctx, Kind.REPOSITORY_RULESET, (repo,), base, wanted, live, prune.repository_rulesets)
    org_wanted, org_live = ctx.desired.rulesets, ctx.live.state.rulesets
    _diff(ctx, Kind.ORGANIZATION_RULESET, (), "rulesets", org_wanted, org_live, prune.organization_rulesets)


def _repository_references(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0]), *_actor_references(change.desired, team_names)]


def _organization_references(change: Change, team_names: TeamNames) -> Iterable[str]:
    return _actor_references(change.desired, team_names)


def _live_digests(live: LiveOrganization) -> Iterable[tuple[str, Any]]:
    for name, ruleset in live.state.rulesets.items():
        yield address(Kind.ORGANIZATION_RULESET, name), ruleset.model_dump(mode="json")


REPOSITORY_RULESET = KindSpec(
    Kind.REPOSITORY_RULESET,
    label="ruleset",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=Ruleset,
    differ=plan_rulesets,
    repository_key=0,
    prune_switch="repository_rulesets",
    references=_repository_references,
    project=lambda organization, change: put(
        entry(organization, "repositories", change.key[0], "rulesets"), change, change.key[1]
    ),
)
ORGANIZATION_RULESET = KindSpec(
    Kind.ORGANIZATION_RULESET,
    label="organization ruleset",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=Ruleset,
    prune_switch="organization_rulesets",
    references=_organization_references,
    live_digests=_live_digests,
    project=lambda organization, change: put(entry(organization, "rulesets"), change, change.key[0]),
)
