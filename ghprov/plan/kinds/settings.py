"""Organisation settings: per managed field; read-only settings become findings."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ghprov.model import READ_ONLY_SETTINGS, LiveOrganization, OrganizationSettings
from ghprov.plan.changes import Action, Change, FieldChange, Kind, SettingsPatch, address
from ghprov.plan.context import DiffContext, plain
from ghprov.plan.kinds.edits import entry
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope


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
                address(Kind.ORGANIZATION_SETTINGS, org),
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
                desired=SettingsPatch(to_set),
                current=SettingsPatch(old_values),
            )
        )


def _live_digests(live: LiveOrganization) -> Iterable[tuple[str, Any]]:
    settings = live.state.settings
    value = settings.model_dump(mode="json") if settings is not None else None
    yield address(Kind.ORGANIZATION_SETTINGS, live.state.organization), value


def _project(organization: dict[str, Any], change: Change) -> None:
    # The base permission is part of the access matrix.
    entry(organization, "settings").update(plain(change.desired_patch()))


ORGANIZATION_SETTINGS = KindSpec(
    Kind.ORGANIZATION_SETTINGS,
    label="settings",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.SETTINGS,
    model=OrganizationSettings,
    differ=plan_settings,
    live_digests=_live_digests,
    project=_project,
)
