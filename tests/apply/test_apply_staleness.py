"""A saved plan is applied only to the live state it was computed from."""

from __future__ import annotations

import pytest

from ghprov.apply.staleness import check_saved_plan
from ghprov.errors import UnsafePlan
from ghprov.model import LiveOrganization, Members, Organization, Team
from ghprov.plan import Plan, live_checksum, resource_digests


def live_org(**teams: Team) -> LiveOrganization:
    state = Organization(organization="acme", members=Members(owners=["alice"], members=["bob"]), teams=teams)
    return LiveOrganization(state=state)


def saved_from(live: LiveOrganization) -> Plan:
    return Plan("acme", live_checksum=live_checksum(live), resource_digests=resource_digests(live))


def test_unchanged_live_state_passes() -> None:
    live = live_org(ops=Team(description="Ops"))
    check_saved_plan(saved_from(live), live)


def test_changed_resources_are_named() -> None:
    plan = saved_from(live_org(ops=Team(description="Ops")))
    drifted = live_org(ops=Team(description="Operations"), docs=Team())
    with pytest.raises(UnsafePlan) as raised:
        check_saved_plan(plan, drifted)
    assert raised.value.message == (
        "acme changed since the saved plan was computed: 2 resources differ (team:docs, team:ops)"
    )
    assert "ghprov plan" in raised.value.hint


def test_plan_without_checksum_or_for_another_org_is_refused() -> None:
    live = live_org()
    with pytest.raises(UnsafePlan, match="carries no checksum"):
        check_saved_plan(Plan("acme"), live)
    with pytest.raises(UnsafePlan, match="for organisation other, not acme"):
        check_saved_plan(Plan("other", live_checksum="sha256:x"), live)


def test_long_lists_are_cut_short() -> None:
    plan = saved_from(live_org())
    drifted = live_org(**{f"team-{n:02}": Team() for n in range(25)})
    with pytest.raises(UnsafePlan) as raised:
        check_saved_plan(plan, drifted)
    assert raised.value.message.endswith("team:team-19 and 5 more)")
    assert "25 resources differ" in raised.value.message


def test_a_config_that_no_longer_produces_the_saved_changes_names_them() -> None:
    from ghprov.apply.staleness import check_same_changes
    from ghprov.plan import compute_plan

    live = live_org(ops=Team(description="Ops"), docs=Team())
    desired = live.state.model_copy(
        update={"teams": {"ops": Team(description="Operations"), "docs": Team(description="Docs")}}
    )
    saved = compute_plan(desired, live)
    check_same_changes(saved, compute_plan(desired, live))  # the same config: accepted

    edited = desired.model_copy(
        update={"teams": {"ops": Team(description="Ops team"), "qa": Team(), "docs": Team()}}
    )
    with pytest.raises(UnsafePlan) as raised:
        check_same_changes(saved, compute_plan(edited, live))
    assert raised.value.message == (
        "the configuration no longer produces the saved plan's changes: team:docs (no longer planned), "
        "team:qa (newly planned), team:ops (planned differently)"
    )
