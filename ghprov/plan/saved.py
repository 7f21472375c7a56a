"""Saved plans (``ghprov plan --out``): the JSON document written to a file and read back into a Plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ghprov.errors import GhprovError
from ghprov.plan.changes import (
    AccessChange,
    Action,
    Change,
    FieldChange,
    Finding,
    Kind,
    Payload,
    Plan,
    SettingsPatch,
)
from ghprov.plan.kinds.registry import spec_of
from ghprov.plan.kinds.spec import PayloadShape
from ghprov.plan.render_json import FORMAT, VERSION, render_json


class SavedPlanError(GhprovError):
    """A saved plan file that cannot be read back."""


def decode_value(kind: Kind, action: Action, data: Any) -> Payload:
    """Rebuild a change's desired/current value from its JSON form, typed as the kind's spec says."""
    spec = spec_of(kind)
    if data is None:
        return None
    if spec.payload is PayloadShape.ROLE or spec.model is None:
        if not isinstance(data, str):
            raise ValueError(f"{kind.value} carries a name, not {type(data).__name__}")
        return data
    if spec.payload is PayloadShape.SETTINGS and action is Action.UPDATE:
        settings = spec.model.model_validate(data)
        return SettingsPatch({name: getattr(settings, name) for name in data})
    return spec.model.model_validate(data)


def _change(data: dict[str, Any]) -> Change:
    kind, action = Kind(data["kind"]), Action(data["action"])
    return Change(
        kind=kind,
        action=action,
        key=tuple(data["key"]),
        fields=tuple(FieldChange(f["field"], f["before"], f["after"]) for f in data["fields"]),
        desired=decode_value(kind, action, data["desired"]),
        current=decode_value(kind, action, data["current"]),
        depends_on=tuple(data["depends_on"]),
        loosens=bool(data["loosens"]),
    )


def _access(data: dict[str, Any]) -> AccessChange:
    return AccessChange(
        principal=data["principal"],
        resource=data["resource"],
        before=data["before"],
        after=data["after"],
        via=tuple(data["via"]),
        gain=bool(data["gain"]),
    )


def plan_from_document(document: Any) -> Plan:
    """The Plan a document describes; SavedPlanError when it is not a ghprov plan of this version."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SavedPlanError("not a ghprov plan (the format field is not 'ghprov-plan')")
    if document.get("version") != VERSION:
        raise SavedPlanError(
            f"saved plan version {document.get('version')!r} is not supported (this ghprov reads {VERSION})",
            "compute the plan again with this version of ghprov",
        )
    try:
        return Plan(
            organization=document["organization"],
            changes=[_change(change) for change in document["changes"]],
            findings=[Finding(**finding) for finding in document["findings"]],
            live_checksum=document["live_checksum"],
            resource_digests=dict(document.get("resource_digests", {})),
            access=[_access(change) for change in document.get("access_changes", [])],
            api_url=str(document.get("api_url", "")),
        )
    except (KeyError, TypeError, ValueError, ValidationError) as error:
        raise SavedPlanError(f"the saved plan is damaged: {error}") from error


def save_plan(plan: Plan, path: Path | str) -> None:
    """Write the plan document to ``path``."""
    Path(path).write_text(render_json(plan), encoding="utf-8")


def load_plan(path: Path | str) -> Plan:
    """Read a plan written by ``save_plan``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise SavedPlanError(f"cannot read saved plan {path}: {error.strerror or error}") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SavedPlanError(
            f"{path} is not JSON: {error}", "pass a file written by ghprov plan --out"
        ) from error
    return plan_from_document(document)
