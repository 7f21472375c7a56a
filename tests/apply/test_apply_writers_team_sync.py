"""The team-sync writer: the whole mapping in one PATCH, validated against GitHub's OpenAPI."""

from __future__ import annotations

from apply_writes import requests_for, unsupported_reason

from ghprov.model import IdpGroup, IdpGroups
from ghprov.plan.changes import Action, Change, Kind

GROUPS = IdpGroups(groups=(IdpGroup(id="g-1", name="gh-platform", description="Platform"),))


def test_the_mapping_is_replaced_as_a_whole() -> None:
    change = Change(Kind.TEAM_SYNC, Action.UPDATE, ("platform-team",), desired=GROUPS, current=IdpGroups())
    assert requests_for(change) == [
        (
            "PATCH",
            "/orgs/acme/teams/platform-team/team-sync/group-mappings",
            {"groups": [{"group_id": "g-1", "group_name": "gh-platform", "group_description": "Platform"}]},
        )
    ]
    cleared = Change(Kind.TEAM_SYNC, Action.UPDATE, ("platform-team",), desired=IdpGroups(), current=GROUPS)
    assert requests_for(cleared)[0][2] == {"groups": []}


def test_a_mapping_is_never_deleted_on_its_own() -> None:
    delete = Change(Kind.TEAM_SYNC, Action.DELETE, ("platform-team",), current=GROUPS)
    assert "idp_groups: []" in unsupported_reason(delete)
