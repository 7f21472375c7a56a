"""Organisation role assignments in the plan: add, prune, unknown roles fail at plan, access paths."""

from __future__ import annotations

import pytest
from plan_helpers import addresses, live, org

from ghprov.errors import GhprovError
from ghprov.model import LiveOrganization, ResourceIds, TeamRef
from ghprov.plan import compute_plan

ROLES = {"organization_role:security_manager": 8135, "organization_role:all_repo_write": 8132}
PEOPLE = {"members": {"owners": ["olivia"], "members": ["carol", "dave"]}}


def _live(pending: dict[str, str] | None = None, **state: object) -> LiveOrganization:
    current = live(pending, **{**PEOPLE, **state})
    current.ids = ResourceIds(resources=dict(ROLES), teams={"Security Team": TeamRef(7, "security-team")})
    return current


def test_declared_holders_are_assigned_by_team_slug_and_login() -> None:
    desired = org(
        **PEOPLE,
        teams={"Security Team": {"members": ["dave"]}},
        organization_roles={"security_manager": {"teams": ["Security Team"], "users": ["carol"]}},
    )
    plan = compute_plan(desired, _live(teams={"Security Team": {"members": ["dave"]}}))
    assert addresses(plan) == [
        "+ organization_role_assignment:security_manager/team:security-team",
        "+ organization_role_assignment:security_manager/user:carol",
    ]


def test_unlisted_holders_of_a_declared_role_go_only_with_prune() -> None:
    holders = {"security_manager": {"users": ["carol", "dave"]}}
    desired = {**PEOPLE, "organization_roles": {"security_manager": {"users": ["carol"]}}}
    assert compute_plan(org(**desired), _live(organization_roles=holders)).changes == []
    pruned = compute_plan(
        org(**desired, prune={"organization_roles": True}), _live(organization_roles=holders)
    )
    assert addresses(pruned) == ["- organization_role_assignment:security_manager/user:dave"]


def test_a_role_github_does_not_have_fails_the_plan_with_its_name() -> None:
    desired = org(**PEOPLE, organization_roles={"securty_manager": {"users": ["carol"]}})
    with pytest.raises(GhprovError, match="'securty_manager' does not exist") as raised:
        compute_plan(desired, _live())
    assert "security_manager" in raised.value.hint


def test_an_all_repository_role_is_an_access_path_in_the_plans_access_diff() -> None:
    desired = org(
        **PEOPLE,
        repositories={"d1-fleet": {}},
        organization_roles={"all_repo_write": {"users": ["dave"]}},
    )
    plan = compute_plan(desired, _live(repositories={"d1-fleet": {}}))
    assert [change.describe() for change in plan.access] == [
        "dave gains write on d1-fleet (via organization role all_repo_write)"
    ]


def test_a_user_who_is_not_a_member_yet_is_assigned_after_accepting_not_before() -> None:
    """Found by the generated round trip: GitHub answers 422 "not a member of the organization" to
    assigning an organisation role to an invited user, so the plan notes it and sends nothing."""
    people = {"members": {"owners": ["olivia"], "members": ["carol", "dave", "erin"]}}
    desired = org(
        **people, organization_roles={"security_manager": {"users": ["carol", "dave", "erin", "zed"]}}
    )
    # carol is a member, dave was invited before, erin is invited by this plan, zed is nobody's.
    before = {"owners": ["olivia"], "members": ["carol"]}
    plan = compute_plan(desired, _live(pending={"dave": "member"}, members=before))
    assert addresses(plan) == [
        "+ organization_membership:erin",
        "+ organization_role_assignment:security_manager/user:carol",
    ]
    found = {finding.address: (finding.code, finding.message) for finding in plan.findings}
    assert found["organization_role_assignment:security_manager/user:dave"] == (
        "invitation-pending",
        "dave is assigned security_manager after accepting the pending organisation invitation",
    )
    assert found["organization_role_assignment:security_manager/user:erin"] == (
        "invitation-pending",
        "erin is assigned security_manager after accepting the organisation invitation this plan sends",
    )
    assert found["organization_role_assignment:security_manager/user:zed"][0] == "not-a-member"
    # Once they have accepted, the next plan assigns the role.
    accepted = {"members": {"owners": ["olivia"], "members": ["carol", "dave", "erin"]}}
    later = compute_plan(
        desired, _live(**{**accepted, "organization_roles": {"security_manager": {"users": ["carol"]}}})
    )
    assert [a for a in addresses(later) if "erin" in a or "dave" in a] == [
        "+ organization_role_assignment:security_manager/user:dave",
        "+ organization_role_assignment:security_manager/user:erin",
    ]
