"""The versioned JSON document of a plan: ``ghprov plan --json`` prints it and saved plans store it."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ghprov.plan.changes import AccessChange, Change, Finding, Plan
from ghprov.plan.context import plain

FORMAT = "ghprov-plan"
VERSION = 1


def encode_value(value: Any) -> Any:
    """A change's desired/current value as JSON; models keep only their managed (set) fields."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    return plain(value)


def change_document(change: Change) -> dict[str, Any]:
    return {
        "address": change.address,
        "kind": change.kind.value,
        "action": change.action.value,
        "key": list(change.key),
        "fields": [
            {"field": f.field, "before": plain(f.before), "after": plain(f.after)} for f in change.fields
        ],
        "desired": encode_value(change.desired),
        "current": encode_value(change.current),
        "depends_on": list(change.depends_on),
        "loosens": change.loosens,
    }


def finding_document(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "address": finding.address,
        "message": finding.message,
        "severity": finding.severity,
    }


def access_document(change: AccessChange) -> dict[str, Any]:
    return {
        "principal": change.principal,
        "resource": change.resource,
        "before": change.before,
        "after": change.after,
        "via": list(change.via),
        "gain": change.gain,
        "description": change.describe(),
    }


def plan_document(plan: Plan) -> dict[str, Any]:
    """The whole plan as JSON-serialisable data."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "organization": plan.organization,
        "api_url": plan.api_url,
        "live_checksum": plan.live_checksum,
        "resource_digests": dict(sorted(plan.resource_digests.items())),
        "summary": plan.summary(),
        "changes": [change_document(change) for change in plan.changes],
        "findings": [finding_document(finding) for finding in plan.findings],
        "access_changes": [access_document(change) for change in plan.access],
    }


def render_json(plan: Plan) -> str:
    """The plan document as indented JSON text (stable key order, trailing newline)."""
    return json.dumps(plan_document(plan), indent=2, ensure_ascii=False) + "\n"
