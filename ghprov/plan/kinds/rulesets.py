"""Repository and organisation rulesets: compared as whole values per declared ruleset."""

from __future__ import annotations

from typing import Any

from ghprov.model import BypassActor, Ruleset, is_builtin_role
from ghprov.plan.changes import Action, Change, FieldChange, Kind
from ghprov.plan.context import DiffContext, field_changes, plain
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


def _actor_dependencies(ctx: DiffContext, ruleset: Ruleset) -> list[str]:
    deps = []
    for actor in ruleset.bypass_actors:
        if actor.team:
            deps.append(f"{Kind.TEAM.value}:{ctx.desired_team_name(actor.team)}")
        elif actor.role and not is_builtin_role(actor.role):
            deps.append(f"{Kind.CUSTOM_ROLE.value}:{actor.role}")
        elif actor.user:
            deps.append(f"{Kind.ORGANIZATION_MEMBERSHIP.value}:{actor.user}")
    return deps


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
        deps = tuple(f"{Kind.REPOSITORY.value}:{s}" for s in scope) + tuple(_actor_dependencies(ctx, wanted))
        if base is not None:
            ctx.touch(f"{base}/{name}", whole=True)
        current = live.get(name)
        if current is None:
            ctx.add(
                Change(kind, Action.CREATE, (*scope, name), ruleset_fields(None, wanted), wanted, None, deps)
            )
        elif current != wanted:
            fields = ruleset_fields(current, wanted)
            loosens = ruleset_loosens(current, wanted)
            ctx.add(Change(kind, Action.UPDATE, (*scope, name), fields, wanted, current, deps, loosens))
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
