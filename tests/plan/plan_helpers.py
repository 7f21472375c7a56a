"""Builders shared by the plan engine tests: small organisations from plain dictionaries."""

from __future__ import annotations

from typing import Any

from ghprov.model import LiveOrganization, Organization, Unknown
from ghprov.plan import Change, Plan, compute_plan

ORG = "acme"


def org(**data: Any) -> Organization:
    """A desired or live organisation named acme with the given top-level keys."""
    return Organization.model_validate({"organization": ORG, **data})


def live(
    pending: dict[str, str] | None = None, unknowns: dict[str, str] | None = None, **data: Any
) -> LiveOrganization:
    return LiveOrganization(
        state=org(**data),
        pending_invitations=dict(pending or {}),
        unknowns=[Unknown(path, reason) for path, reason in (unknowns or {}).items()],
        viewer="alice",
    )


def plan_for(desired: dict[str, Any], current: dict[str, Any] | None = None, **live_options: Any) -> Plan:
    """compute_plan for two organisations given as dictionaries."""
    return compute_plan(org(**desired), live(**live_options, **(current or {})))


def addresses(plan: Plan) -> list[str]:
    return [f"{change.action.symbol} {change.address}" for change in plan.changes]


def change(plan: Plan, address: str) -> Change:
    found = [c for c in plan.changes if c.address == address]
    assert len(found) == 1, f"{address} not in {addresses(plan)}"
    return found[0]


def codes(plan: Plan) -> list[tuple[str, str]]:
    return [(finding.code, finding.address) for finding in plan.findings]
