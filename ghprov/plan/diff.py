"""compute_plan: the desired organisation against the live one, as an ordered Plan. Pure; no I/O."""

from __future__ import annotations

from ghprov.errors import GhprovError, PlanRefused
from ghprov.model import LiveOrganization, Organization
from ghprov.plan.access_diff import access_changes
from ghprov.plan.archived import hold_archived
from ghprov.plan.changes import Plan
from ghprov.plan.checksum import live_checksum, resource_digests
from ghprov.plan.context import DiffContext
from ghprov.plan.kinds.registry import differs
from ghprov.plan.kinds.renames import plan_renames
from ghprov.plan.ordering import order_changes, resolve_dependencies


def compute_plan(desired: Organization, live: LiveOrganization, *, rotate_secrets: bool = False) -> Plan:
    """Diff what the config manages against the live state; raise PlanRefused on blind comparisons.

    ``rotate_secrets`` plans sending every declared secret's value again (GitHub cannot show a value).
    """
    if desired.organization.lower() != live.state.organization.lower():
        raise GhprovError(
            f"the configuration describes {desired.organization!r} but the live state is of "
            f"{live.state.organization!r}",
            "point --org (or the config's organization) at the same organisation",
        )
    if live.missing_accounts:
        named = ", ".join(sorted(live.missing_accounts))
        raise GhprovError(
            f"the configuration names accounts GitHub does not know: {named}",
            "fix the logins or App slugs in the config (nothing was sent)",
        )
    ctx = DiffContext(desired, live, rotate_secrets=rotate_secrets)
    plan_renames(ctx)
    for differ in differs():
        differ(ctx)
    if ctx.blind:
        raise PlanRefused(sorted(ctx.blind.items()))
    hold_archived(ctx)
    changes = order_changes(resolve_dependencies(ctx.changes, ctx.desired_team_name), desired, live.state)
    return Plan(
        organization=desired.organization,
        changes=changes,
        findings=sorted(ctx.findings, key=lambda f: (f.address, f.code, f.message)),
        live_checksum=live_checksum(live),
        resource_digests=resource_digests(live),
        access=access_changes(changes, live),
    )
