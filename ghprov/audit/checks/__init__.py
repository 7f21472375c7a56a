"""The check catalogue: one module per family; ``CATALOGUE`` lists every check in a stable order."""

from __future__ import annotations

import datetime

from ghprov.audit.checks import (
    actions,
    branches,
    bypass,
    codeowners,
    d1,
    declaration,
    force_push,
    organization,
    people,
    repositories,
    tokens,
)
from ghprov.audit.checks.base import Context, Registered, skipped
from ghprov.audit.findings import CheckSpec, Finding
from ghprov.audit.inputs import AuditInput, Skipped
from ghprov.audit.profile import AuditProfile
from ghprov.model.access import build_matrix

CATALOGUE: tuple[Registered, ...] = tuple(
    sorted(
        (
            *organization.CHECKS,
            *people.CHECKS,
            *tokens.CHECKS,
            *declaration.CHECKS,
            *actions.CHECKS,
            *branches.CHECKS,
            *bypass.CHECKS,
            *force_push.CHECKS,
            *codeowners.CHECKS,
            *repositories.CHECKS,
            *d1.CHECKS,
        ),
        key=lambda registered: (
            registered.spec.id.split("-")[0] != "ORG",
            registered.spec.id.split("-")[0],
            int(registered.spec.id.split("-")[1]),
        ),
    )
)


def catalogue_specs() -> list[CheckSpec]:
    return [registered.spec for registered in CATALOGUE]


def make_context(audit_input: AuditInput, profile: AuditProfile, today: datetime.date) -> Context:
    """The context every check reads, with the access matrix built once."""
    direct = audit_input.direct_collaborators
    matrix = build_matrix(
        audit_input.organization,
        None if isinstance(direct, Skipped) else direct,
        bots=audit_input.bots,
    )
    return Context(input=audit_input, profile=profile, matrix=matrix, today=today)


def run_checks(ctx: Context, only: set[str] | None = None) -> list[Finding]:
    """Every finding of every check (or of the ``only`` ids), in catalogue order."""
    findings: list[Finding] = []
    for registered in CATALOGUE:
        if only is not None and registered.spec.id not in only:
            continue
        found = list(registered.run(ctx))
        if not found:
            # Say so rather than stay silent: nothing in the organisation is in this check's scope.
            found = [
                skipped(registered.spec, ctx.organization, "Not applicable: nothing in scope for this check")
            ]
        findings.extend(found)
    return findings
