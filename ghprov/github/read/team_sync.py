"""Team synchronization mappings, one request per team (GitHub has no bulk read for them).

Read for the teams whose membership or mapping the config manages (every team for import and audit).
Team sync exists on GitHub Enterprise Cloud with SAML only: the first refusal (403, 404 or 422) means
the organisation has none, so no other team is asked, and a team whose config declares ``idp_groups``
becomes an ``Unknown`` with that reason (the plan refuses rather than send a mapping that cannot hold).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.model import IdpGroup, Organization, Unknown, team_slug

UNAVAILABLE = (403, 404, 422)


class TeamSyncReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        if scope is None:
            return True
        return any(
            "idp_groups" in team.model_fields_set or team.manages_membership for team in scope.teams.values()
        )

    def read(self, client: GitHubClient, organization: str, scope: Organization | None = None) -> KindRead:
        found = KindRead()
        declared = sorted(
            name
            for name, team in (scope.teams if scope else {}).items()
            if "idp_groups" in team.model_fields_set
        )
        try:
            slugs = _slugs(client, organization, scope)
        except GitHubApiError as error:
            if error.status not in UNAVAILABLE:
                raise
            return found  # teams the token cannot list have no mapping it could manage
        for slug in slugs:
            try:
                mapping = client.request(
                    "GET", f"/orgs/{organization}/teams/{slug}/team-sync/group-mappings"
                ).json
            except GitHubApiError as error:
                if error.status not in UNAVAILABLE:
                    raise
                answer = f"GitHub answered {error.status}: {error.github_message}"
                reason = f"team synchronization is not available here ({answer})"
                found.unknowns.extend(Unknown(f"teams/{team}/idp_groups", reason) for team in declared)
                found.teams.clear()
                return found
            found.teams[slug] = {"idp_groups": _groups(mapping)}
        return found


def _slugs(client: GitHubClient, organization: str, scope: Organization | None) -> list[str]:
    if scope is not None:
        return sorted(
            team_slug(name)
            for name, team in scope.teams.items()
            if "idp_groups" in team.model_fields_set or team.manages_membership
        )
    return sorted(
        str(team["slug"]) for team in client.paginate(f"/orgs/{organization}/teams") if "slug" in team
    )


def _groups(mapping: Any) -> tuple[IdpGroup, ...]:
    groups = mapping.get("groups") if isinstance(mapping, dict) else None
    return tuple(
        IdpGroup(
            id=str(group["group_id"]),
            name=str(group["group_name"]),
            description=str(group.get("group_description") or ""),
        )
        for group in groups or ()
        if isinstance(group, dict) and group.get("group_id") and group.get("group_name")
    )


READER = TeamSyncReader()
