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


RANK = {"read": 1, "triage": 2, "write": 3, "maintain": 4, "admin": 5}


def strip_inherited(reads: list[TeamRead]) -> set[str]:
    """Reduce GraphQL's effective grants (which include parents' grants) to direct grants.

    A child's grant equal to what an ancestor grants cannot be told apart from inheritance; the
    names of those teams are returned so that their direct grants are read through REST.
    """
    by_name = {read.name: read for read in reads}
    direct: dict[str, dict[str, str]] = {}
    ambiguous: set[str] = set()

    def resolve(read: TeamRead, seen: frozenset[str]) -> dict[str, str]:
        if read.name in direct:
            return direct[read.name]
        parent = by_name.get(read.parent or "")
        if parent is None or parent.name in seen:
            direct[read.name] = dict(read.grants)
            return direct[read.name]
        inherited: dict[str, str] = {}
        ancestor: TeamRead | None = parent
        visited = set(seen | {read.name})
        while ancestor is not None and ancestor.name not in visited:
            visited.add(ancestor.name)
            for repo, role in resolve(ancestor, frozenset(visited)).items():
                if RANK.get(role, 0) > RANK.get(inherited.get(repo, ""), 0):
                    inherited[repo] = role
            ancestor = by_name.get(ancestor.parent or "")
        own = {}
        for repo, role in read.grants.items():
            if repo not in inherited or RANK.get(role, 0) > RANK.get(inherited[repo], 0):
                own[repo] = role
            elif role == inherited[repo]:
                ambiguous.add(read.name)
        direct[read.name] = own
        return own

    for read in reads:
        resolve(read, frozenset())
    for read in reads:
        read.grants = direct[read.name]
    return ambiguous
