"""Teams through GraphQL (hierarchy, direct members, effective repository grants); through REST, the direct
grants GraphQL cannot tell from inherited ones, and custom role names."""

from __future__ import annotations

from dataclasses import dataclass, field

from ghprov.github.client import GitHubClient
from ghprov.github.graphql import GraphQLResult
from ghprov.github.read import connections
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


def add_teams_page(reads: list[TeamRead], client: GitHubClient, org: str, result: GraphQLResult) -> None:
    """One page of teams (``queries.PARTS["teams"]``) with direct members and effective repository grants."""
    connections.fail_on(result.problems, what=f"the teams of {org}")
    for node in connections.items(connections.dig(result.data, ("organization", "teams"))):
        parent = node.get("parentTeam")
        read = TeamRead(
            name=str(node["name"]),
            ref=TeamRef(id=int(node.get("databaseId") or 0), slug=str(node["slug"]), node_id=str(node["id"])),
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


def role_names(client: GitHubClient, org: str, slug: str) -> dict[str, str]:
    """repository → ``role_name`` for one team (REST knows custom role names, GraphQL only built-ins).

    The list includes repositories the team inherits from its parents, with the effective role (see
    the note on nested teams below): use it only for grants already known to be the team's own.
    """
    names = {}
    for repository in client.paginate(f"/orgs/{org}/teams/{slug}/repos"):
        if isinstance(repository, dict) and repository.get("role_name"):
            names[str(repository["name"])] = str(repository["role_name"])
    return names


# How a nested team's own repository grants are told from the ones it inherits (checked 2026-11):
#
# - GraphQL ``Team.repositories`` is "A list of repositories this team has access to"; its arguments are
#   only paging, ``orderBy`` and ``query``, and ``TeamRepositoryEdge`` has ``permission`` only, with no
#   direct/inherited flag (https://docs.github.com/graphql/reference/objects#team,
#   https://docs.github.com/graphql/reference/objects#teamrepositoryedge). Child teams "inherit the access
#   permissions of the parent"
#   (https://docs.github.com/organizations/organizing-members-into-teams/about-teams#nested-teams),
#   so a child's list holds its effective access, parents' grants included.
# - REST "List team repositories" (``GET /orgs/{org}/teams/{team_slug}/repos``,
#   https://docs.github.com/rest/teams/teams#list-team-repositories) does not say; the nested-teams API
#   announcement does: "The List team repositories and Check if a team manages a repository endpoints now
#   include both direct and inherited repositories"
#   (https://developer.github.com/changes/2017-08-30-preview-nested-teams/; the preview became the default
#   behaviour, and octokit/octokit.net#1882 shows a child listing its parent's repositories). "Check team
#   permissions for a repository" states it too: "Repositories inherited through a parent team will also
#   be checked" (https://docs.github.com/rest/teams/teams#check-team-permissions-for-a-repository).
#   So neither per-team endpoint can tell a direct grant from an inherited one either.
# - REST "List repository teams" (``GET /repos/{owner}/{repo}/teams``,
#   https://docs.github.com/rest/repos/repos#list-repository-teams) lists the teams granted the repository:
#   "For a public repository, a team is listed only if that team added the public repository explicitly",
#   each with ``permission`` and ``access_source`` (``direct``, ``organization`` or ``enterprise``: there is
#   no value for access through a parent team). Child teams that only inherit are not listed
#   (octokit/octokit.net#1794, mszostok/codeowners-validator#40).
#
# So: a child's GraphQL grant above everything its ancestors grant on that repository is its own; where it
# equals an ancestor's (or a lower direct grant hides under the inherited one), ``GET /repos/{o}/{r}/teams``
# for that repository answers, one paginated request per repository, whatever the number of teams.
# No cheaper exact source exists (checked against the vendored schema, 2026-12): ``Repository`` has no
# teams connection to batch with aliases, and the per-team REST lists include inherited repositories; so
# the look-ups are one per repository a child shows with no more than its ancestors' role, and they
# start as soon as the teams are read (``reader``).
# One report says GitHub lists a child granted less than its parent with the parent's permission on
# that endpoint (cli/cli#12676, 2026-02; the web UI shows the child's own); if so, such a lower own
# grant reads as the inherited role. The sandbox follows the documented behaviour (the team's own role).

RANK = {"read": 1, "triage": 2, "write": 3, "maintain": 4, "admin": 5}
# REST's legacy permission words → role names.
PERMISSION_ROLES = {"pull": "read", "push": "write"}


def strip_inherited(reads: list[TeamRead]) -> dict[str, set[str]]:
    """Reduce GraphQL's effective grants (parents' grants included) to the grants certainly direct.

    Returns team name → the repositories whose direct grant GraphQL cannot show (the team's effective
    role there is what its parent passes down); ``direct_grants`` settles them.
    """
    # A parent's effective grants are exactly what it passes down (its own and its ancestors').
    inherited = {read.name: dict(read.grants) for read in reads}
    ambiguous: dict[str, set[str]] = {}
    for read in reads:
        passed_down = inherited.get(read.parent or "")
        if passed_down is None:
            continue
        own = {}
        for repo, role in read.grants.items():
            if repo not in passed_down or RANK.get(role, 0) > RANK.get(passed_down[repo], 0):
                own[repo] = role
            else:
                ambiguous.setdefault(read.name, set()).add(repo)
        read.grants = own
    return ambiguous


def direct_grants(client: GitHubClient, org: str, repo: str) -> dict[str, str]:
    """team slug → role for the teams granted ``repo`` themselves (not through a parent or an org role)."""
    grants = {}
    for team in client.paginate(f"/repos/{org}/{repo}/teams"):
        if not isinstance(team, dict) or team.get("access_source", "direct") != "direct":
            continue
        permission = str(team.get("permission") or "")
        if permission:
            grants[str(team["slug"])] = PERMISSION_ROLES.get(permission, permission)
    return grants
