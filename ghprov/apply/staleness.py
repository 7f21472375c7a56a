"""A saved plan applies only to the live state it was computed from; otherwise apply refuses."""

from __future__ import annotations

from ghprov.errors import UnsafePlan
from ghprov.model import LiveOrganization
from ghprov.plan import Plan, changed_resources, live_checksum

# Beyond this many, the refusal lists the first ones and counts the rest.
LISTED_RESOURCES = 20
RECOMPUTE = "run `ghprov plan` again, review the new plan and apply that"


def _listed(addresses: list[str]) -> str:
    listed = ", ".join(addresses[:LISTED_RESOURCES])
    more = len(addresses) - LISTED_RESOURCES
    return listed + (f" and {more} more" if more > 0 else "")


def check_same_changes(saved: Plan, fresh: Plan) -> None:
    """Raise ``UnsafePlan`` naming the changes the configuration no longer produces as saved.

    Compared as data: a saved plan's changes are decoded into the same typed values a fresh plan has.
    """
    if saved.changes == fresh.changes:
        return
    before = {change.address: change for change in saved.changes}
    after = {change.address: change for change in fresh.changes}
    differing = [
        *(f"{a} (no longer planned)" for a in before if a not in after),
        *(f"{a} (newly planned)" for a in after if a not in before),
        *(f"{a} (planned differently)" for a in before if a in after and before[a] != after[a]),
    ]
    what = _listed(differing) if differing else "the same changes, in another order"
    raise UnsafePlan(
        f"the configuration no longer produces the saved plan's changes: {what}",
        "run `ghprov plan --out FILE` again with the current configuration and review it",
    )


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
    listed = _listed(changed)
    count = len(changed)
    raise UnsafePlan(
        f"{organization} changed since the saved plan was computed: "
        f"{count} resource{'s differ' if count != 1 else ' differs'} ({listed})",
        RECOMPUTE,
    )
