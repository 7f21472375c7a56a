"""REST: team synchronization (IdP group mappings), GitHub Enterprise Cloud with SAML single sign-on.

Elsewhere GitHub answers 404 (not Enterprise Cloud) or 422 (no SAML IdP, so no team sync). A team
with groups mapped refuses member changes through the API, as GitHub documents: its members are the
IdP groups'.
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import audit_events, lookup
from ghprov_testbeds.sandbox.state import GitHubState, Team
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, forbidden, not_found

routes = RouteTable()
DOCS = "https://docs.github.com/enterprise-cloud@latest/rest/teams/team-sync"
SYNCED = (
    "This team is synchronized with your identity provider; manage its membership through the IdP groups "
    "mapped to it."
)


def groups_of(state: GitHubState, team: Team) -> list[dict[str, str]]:
    return state.features.organization.team_sync.get(str(team.id), [])


def refuse_if_synced(state: GitHubState, team: Team) -> None:
    """403 for a member change of a team whose membership an IdP owns."""
    if groups_of(state, team):
        raise forbidden(SYNCED)


def _available(request: Request) -> None:
    organization = request.state.organization
    if organization.plan != "enterprise":
        raise not_found(DOCS)
    if organization.saml_identity_provider is None:
        raise ApiError(
            422, "Team synchronization is not enabled for this organization.", documentation_url=DOCS
        )


@routes.get("/orgs/{org}/teams/{team_slug}/team-sync/group-mappings")
def list_group_mappings(request: Request) -> Response:
    lookup.org(request)
    _available(request)
    team = lookup.team(request)
    return Response(200, {"groups": [dict(group) for group in groups_of(request.state, team)]})


@routes.patch("/orgs/{org}/teams/{team_slug}/team-sync/group-mappings")
def update_group_mappings(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    _available(request)
    team = lookup.team(request, for_write=True)
    groups: list[dict[str, Any]] = request.json_object().get("groups") or []
    stored = [
        {
            "group_id": str(group["group_id"]),
            "group_name": str(group["group_name"]),
            "group_description": str(group.get("group_description") or ""),
        }
        for group in groups
    ]
    with request.state.lock:
        request.state.features.organization.team_sync[str(team.id)] = stored
    audit_events.record(request, "team.update_group_mappings", team=team.slug, groups=len(stored))
    return Response(200, {"groups": stored})
