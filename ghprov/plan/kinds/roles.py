"""Custom repository roles: compared as whole values per declared role."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model import CustomRole, LiveOrganization
from ghprov.plan.changes import Action, Change, Kind, address
from ghprov.plan.context import DiffContext, field_changes, non_default_fields
from ghprov.plan.kinds.edits import entry, put
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope


def plan_custom_roles(ctx: DiffContext) -> None:
    """Create or update declared roles; remove unlisted ones only with prune.custom_roles."""
    live_roles = ctx.live.state.custom_roles
    names = list(CustomRole.model_fields)
    for name in sorted(ctx.desired.custom_roles):
        role = ctx.desired.custom_roles[name]
        ctx.touch(f"custom_roles/{name}", whole=True)
        current = live_roles.get(name)
        if current is None:
            fields = field_changes(None, role, non_default_fields(role))
            ctx.add(Change(Kind.CUSTOM_ROLE, Action.CREATE, (name,), fields, desired=role))
        elif current != role:
            fields = field_changes(current, role, names)
            ctx.add(Change(Kind.CUSTOM_ROLE, Action.UPDATE, (name,), fields, desired=role, current=current))
    if not ctx.desired.prune.custom_roles:
        return
    ctx.touch("custom_roles")
    for name in sorted(set(live_roles) - set(ctx.desired.custom_roles)):
        current = live_roles[name]
        fields = field_changes(current, None, non_default_fields(current))
        ctx.add(Change(Kind.CUSTOM_ROLE, Action.DELETE, (name,), fields, current=current))


def _live_digests(live: LiveOrganization) -> Iterable[tuple[str, Any]]:
    for name, role in live.state.custom_roles.items():
        yield address(Kind.CUSTOM_ROLE, name), role.model_dump(mode="json")


CUSTOM_ROLE = KindSpec(
    Kind.CUSTOM_ROLE,
    label="custom role",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=CustomRole,
    differ=plan_custom_roles,
    prune_switch="custom_roles",
    live_digests=_live_digests,
    project=lambda organization, change: put(entry(organization, "custom_roles"), change, change.key[0]),
)
