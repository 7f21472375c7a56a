"""Saved plans (``ghprov plan --out``): the JSON document written to a file and read back into a Plan."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ghprov.errors import GhprovError
from ghprov.model import BranchProtection, CustomRole, OrganizationSettings, Repository, Ruleset, Team
from ghprov.model.base import Model
from ghprov.plan.changes import Action, Change, FieldChange, Finding, Kind, Plan
from ghprov.plan.render_json import FORMAT, VERSION, render_json

# Kinds whose desired/current values are whole model objects.
MODEL_OF_KIND: dict[Kind, type[Model]] = {
    Kind.CUSTOM_ROLE: CustomRole,
    Kind.TEAM: Team,
    Kind.REPOSITORY: Repository,
    Kind.BRANCH_PROTECTION: BranchProtection,
    Kind.REPOSITORY_RULESET: Ruleset,
    Kind.ORGANIZATION_RULESET: Ruleset,
}
# Kinds whose UPDATE values are dicts of settings, typed through the model they belong to.
SETTINGS_MODEL_OF_KIND: dict[Kind, type[Model]] = {
    Kind.ORGANIZATION_SETTINGS: OrganizationSettings,
    Kind.REPOSITORY: Repository,
}


class SavedPlanError(GhprovError):
    """A saved plan file that cannot be read back."""


def decode_value(kind: Kind, action: Action, data: Any) -> Any:
    """Rebuild a change's desired/current value from its JSON form."""
    if data is None:
        return None
    if isinstance(data, dict) and kind in SETTINGS_MODEL_OF_KIND and action is Action.UPDATE:
        settings = SETTINGS_MODEL_OF_KIND[kind].model_validate(data)
        return {name: getattr(settings, name) for name in data}
    if kind in MODEL_OF_KIND:
        return MODEL_OF_KIND[kind].model_validate(data)
    return data


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
