"""Organisation settings: per managed field; read-only settings become findings."""

from __future__ import annotations

import json
from typing import Any

from ghprov.model import READ_ONLY_SETTINGS, OrganizationSettings
from ghprov.plan.changes import Action, Change, FieldChange, Kind
from ghprov.plan.context import DiffContext, plain


def plan_settings(ctx: DiffContext) -> None:
    """One UPDATE for the writable settings that differ; a finding per differing read-only one."""
    desired = ctx.desired.settings
    if desired is None:
        return
    org = ctx.desired.organization
    live = ctx.live.state.settings or OrganizationSettings()
    to_set: dict[str, Any] = {}
    old_values: dict[str, Any] = {}
    for name, value in desired.managed_values().items():
        ctx.touch(f"settings/{name}")
        current = getattr(live, name)
        if value == current:
            continue
        if name in READ_ONLY_SETTINGS:
            ctx.find(
                "read-only-setting",
                f"{Kind.ORGANIZATION_SETTINGS.value}:{org}",
                f"{name} is {json.dumps(current)} but the config wants {json.dumps(value)}; "
                "GitHub's API cannot change it, "
                "so change it in the organisation's settings page",
            )
            continue
        to_set[name] = value
        old_values[name] = current
    if to_set:
        ctx.add(
            Change(
                kind=Kind.ORGANIZATION_SETTINGS,
                action=Action.UPDATE,
                key=(org,),
                fields=tuple(
                    FieldChange(name, plain(old_values[name]), plain(to_set[name])) for name in to_set
                ),
                desired=to_set,
                current=old_values,
            )
        )
