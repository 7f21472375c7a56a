"""Teams through GraphQL (hierarchy, direct members, repository grants) and custom role names through REST."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.github.read import connections, queries
from ghprov.model import Team, TeamRef
from ghprov.model.teams import TeamPrivacy

PRIVACY: dict[str, TeamPrivacy] = {"SECRET": "secret", "VISIBLE": "closed"}


@dataclass
class TeamRead:
    """One team as read; ``team`` is complete once custom role names are filled in."""

    name: str
    ref: TeamRef
    description: str | None
    privacy: TeamPrivacy | None
    parent: str | None
    member_roles: dict[str, str] = field(default_factory=dict)
    grants: dict[str, str] = field(default_factory=dict)

    def team(self) -> Team:
        """The model value, every field set."""
        return Team(
            description=self.description,
            privacy=self.privacy,
            parent=self.parent,
            maintainers=tuple(login for login, role in self.member_roles.items() if role == "maintainer"),
            members=tuple(login for login, role in self.member_roles.items() if role == "member"),
            repositories=dict(sorted(self.grants.items())),
        )


def read_teams(
    client: GitHubClient, org: str, on_page: Callable[[Any], None] | None = None
) -> list[TeamRead]:
    """Every team visible to the token, with direct members and repository grants."""
    reads = []
    path = ("organization", "teams")
    for result in connections.pages(client, queries.TEAMS, {"org": org}, path, on_page):
        connections.fail_on(result.problems, what=f"the teams of {org}")
        for node in connections.items(connections.dig(result.data, path)):
            parent = node.get("parentTeam")
            read = TeamRead(
                name=str(node["name"]),
                ref=TeamRef(
                    id=int(node.get("databaseId") or 0), slug=str(node["slug"]), node_id=str(node["id"])
                ),
                description=node.get("description") or None,
                privacy=PRIVACY.get(str(node.get("privacy"))),
                parent=parent.get("name") if isinstance(parent, dict) else None,
            )
            for edge in connections.complete(client, node, "Team", "members"):
                if edge.get("node"):
                    read.member_roles[str(edge["node"]["login"])] = str(edge.get("role") or "MEMBER").lower()
            for edge in connections.complete(client, node, "Team", "repositories"):
                if edge.get("node"):
                    read.grants[str(edge["node"]["name"])] = str(edge["permission"]).lower()
            reads.append(read)
    return reads


def role_names(client: GitHubClient, org: str, slug: str) -> dict[str, str]:
    """repository → ``role_name`` for one team (REST knows custom role names, GraphQL only built-ins)."""
    names = {}
    for repository in client.paginate(f"/orgs/{org}/teams/{slug}/repos"):
        if isinstance(repository, dict) and repository.get("role_name"):
            names[str(repository["name"])] = str(repository["role_name"])
    return names
