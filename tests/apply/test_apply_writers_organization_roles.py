"""The organisation-role writer: exact requests, validated against GitHub's OpenAPI."""

from __future__ import annotations

from apply_writes import requests_for, unsupported_reason

from ghprov.model import ResourceIds, TeamRef
from ghprov.plan.changes import Action, Change, Kind

IDS = ResourceIds(
    teams={"Security Team": TeamRef(7, "security-team")},
    resources={"organization_role:security_manager": 138},
)


def test_teams_and_users_are_assigned_and_unassigned_by_role_id() -> None:
    team = Change(
        Kind.ORGANIZATION_ROLE_ASSIGNMENT,
        Action.CREATE,
        ("security_manager", "team:security-team"),
        desired="security_manager",
    )
    user = Change(
        Kind.ORGANIZATION_ROLE_ASSIGNMENT,
        Action.DELETE,
        ("security_manager", "user:carol"),
        current="security_manager",
    )
    assert requests_for(team, ids=IDS) == [
        ("PUT", "/orgs/acme/organization-roles/teams/security-team/138", None)
    ]
    assert requests_for(user, ids=IDS) == [("DELETE", "/orgs/acme/organization-roles/users/carol/138", None)]


def test_an_assignment_has_nothing_to_update() -> None:
    update = Change(
        Kind.ORGANIZATION_ROLE_ASSIGNMENT, Action.UPDATE, ("security_manager", "user:carol"), desired="x"
    )
    assert "only ever added or removed" in unsupported_reason(update)
