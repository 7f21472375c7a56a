"""A saved plan applies only to the live state it was computed from; otherwise apply refuses."""

from __future__ import annotations

from ghprov.errors import UnsafePlan
from ghprov.model import LiveOrganization
from ghprov.plan import Plan, changed_resources, live_checksum

# Beyond this many, the refusal lists the first ones and counts the rest.
LISTED_RESOURCES = 20
RECOMPUTE = "run `ghprov plan` again, review the new plan and apply that"


def check_saved_plan(plan: Plan, live: LiveOrganization) -> None:
    """Raise ``UnsafePlan`` naming the resources that changed since ``plan`` was computed."""
    organization = live.state.organization
    if plan.organization != organization:
        raise UnsafePlan(
            f"the saved plan is for organisation {plan.organization}, not {organization}", RECOMPUTE
        )
    if not plan.live_checksum:
        raise UnsafePlan(
            "the saved plan carries no checksum of the live state it was computed from", RECOMPUTE
        )
    if live_checksum(live) == plan.live_checksum:
        return
    changed = changed_resources(plan.resource_digests, live) if plan.resource_digests else []
    if not changed:
        raise UnsafePlan(f"{organization} changed since the saved plan was computed", RECOMPUTE)
    listed = ", ".join(changed[:LISTED_RESOURCES])
    more = len(changed) - LISTED_RESOURCES
    if more > 0:
        listed += f" and {more} more"
    count = len(changed)
    raise UnsafePlan(
        f"{organization} changed since the saved plan was computed: "
        f"{count} resource{'s differ' if count != 1 else ' differs'} ({listed})",
        RECOMPUTE,
    )
