"""The effective access matrix: who holds which role on which repository, and through which path.

Paths, as GitHub grants access:
- ``owner``: organisation owners are admins of every repository;
- ``team``: a direct member of a team holds the team's role;
- ``parent_team``: members of a child team inherit the roles of every ancestor team;
- ``direct``: a user granted access to the repository itself (a member or an outside collaborator);
- ``base_permission``: every member holds the organisation's default repository permission;
- ``organization_role``: an all-repository organisation role (``all_repo_write`` …, or a custom
  organisation role with a ``base_role``) held by a user directly or through a team reaches every
  repository with its base role;
- ``deploy_key``: whoever holds a deploy key's private key reads (or, without ``read_only``, writes)
  the repository; the principal is ``deploy_key:<repository>/<title>``.
A user's effective role is the highest role over all paths (a custom role ranks as its base role).
To keep the matrix proportional to real grants, base-permission access is one row per repository
for the principal ``organization:members`` instead of one row per member.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ghprov.model.organization import Organization
from ghprov.model.organization_roles import PREDEFINED_ORGANIZATION_ROLES
from ghprov.model.teams import team_slug

ROLE_RANK: dict[str, int] = {"none": 0, "read": 1, "triage": 2, "write": 3, "maintain": 4, "admin": 5}
ALL_MEMBERS = "organization:members"


@dataclass(frozen=True)
class Path:
    """One way a principal holds a role on a repository."""

    kind: str  # owner | team | parent_team | direct | base_permission | organization_role | deploy_key
    role: str
    team: str | None = None  # the team whose grant this is
    via: str | None = None  # for parent_team: the child team the principal belongs to

    def describe(self) -> str:
        if self.kind == "organization_role":
            return f"organization role {self.via}" + (f" (via team {self.team})" if self.team else "")
        if self.kind == "team":
            return f"team {self.team}"
        if self.kind == "parent_team":
            return f"parent team {self.team} (via {self.via})"
        return self.kind.replace("_", " ")


@dataclass
class Access:
    """One row: principal x repository → effective role, with every path that grants it."""

    principal: str  # "user:<login>", "team:<name>" or "organization:members"
    repository: str
    paths: list[Path] = field(default_factory=list)

    def role(self, rank: dict[str, int]) -> str:
        return max((path.role for path in self.paths), key=lambda role: rank.get(role, 0))


class AccessMatrix:
    """Rows keyed by (principal, repository); built once per audit."""

    def __init__(self, rank: dict[str, int]) -> None:
        self.rank = rank
        self.rows: dict[tuple[str, str], Access] = {}

    def grant(self, principal: str, repository: str, path: Path) -> None:
        row = self.rows.setdefault((principal, repository), Access(principal, repository))
        if path not in row.paths:
            row.paths.append(path)

    def role(self, principal: str, repository: str) -> str | None:
        row = self.rows.get((principal, repository))
        return row.role(self.rank) if row else None

    def holders(self, repository: str, at_least: str) -> list[Access]:
        """Rows on ``repository`` whose effective role is at least ``at_least``."""
        needed = self.rank[at_least]
        return sorted(
            (
                row
                for (_, repo), row in self.rows.items()
                if repo == repository and self.rank.get(row.role(self.rank), 0) >= needed
            ),
            key=lambda row: row.principal,
        )

    def sorted_rows(self) -> list[Access]:
        return [self.rows[key] for key in sorted(self.rows)]

    def as_records(self) -> list[dict[str, object]]:
        """Plain rows for the snapshot."""
        return [
            {
                "principal": row.principal,
                "repository": row.repository,
                "permission": row.role(self.rank),
                "paths": [
                    {
                        key: value
                        for key, value in (
                            ("kind", path.kind),
                            ("role", path.role),
                            ("team", path.team),
                            ("via", path.via),
                        )
                        if value is not None
                    }
                    for path in sorted(row.paths, key=lambda p: (p.kind, p.team or "", p.via or ""))
                ],
            }
            for row in self.sorted_rows()
        ]


def role_ranks(organization: Organization) -> dict[str, int]:
    """Built-in ranks plus the organisation's custom roles, each ranked as its base role."""
    ranks = dict(ROLE_RANK)
    for name, role in organization.custom_roles.items():
        ranks[name] = ROLE_RANK[role.base_role]
    return ranks


def _ancestors(organization: Organization, team: str) -> list[str]:
    chain: list[str] = []
    seen = {team}
    current = organization.teams.get(team)
    while current is not None and current.parent and current.parent not in seen:
        chain.append(current.parent)
        seen.add(current.parent)
        current = organization.teams.get(current.parent)
    return chain


def build_matrix(
    organization: Organization,
    direct_collaborators: dict[str, dict[str, str]] | None = None,
    bots: Iterable[str] = (),
) -> AccessMatrix:
    """The matrix of ``organization`` (live or desired) plus the given direct grants."""
    matrix = AccessMatrix(role_ranks(organization))
    repositories = sorted(organization.repositories)
    members = organization.members
    owners = members.owners if members else ()
    for owner in owners:
        for repo in repositories:
            matrix.grant(f"user:{owner}", repo, Path("owner", "admin"))
    settings = organization.settings
    base = settings.default_repository_permission if settings else None
    if base and base != "none":
        for repo in repositories:
            matrix.grant(ALL_MEMBERS, repo, Path("base_permission", base))
    for name, team in organization.teams.items():
        lineage = [name, *_ancestors(organization, name)]
        people = [*team.maintainers, *team.members]
        # Bots join their teams through ``bots:`` in the config rather than the team's member list.
        people += [bot for bot, spec in organization.bots.items() if name in spec.teams and bot not in people]
        for granting in lineage:
            grants = organization.teams[granting].repositories if granting in organization.teams else {}
            for repo, role in grants.items():
                if granting == name:
                    matrix.grant(f"team:{name}", repo, Path("team", role, team=name))
                else:
                    matrix.grant(f"team:{name}", repo, Path("parent_team", role, team=granting, via=name))
                for login in people:
                    kind = "team" if granting == name else "parent_team"
                    via = None if granting == name else name
                    matrix.grant(f"user:{login}", repo, Path(kind, role, team=granting, via=via))
    _organization_roles(matrix, organization, repositories)
    for repo_name, repository in organization.repositories.items():
        for title, deploy_key in repository.deploy_keys.items():
            role = "read" if deploy_key.read_only else "write"
            matrix.grant(f"deploy_key:{repo_name}/{title}", repo_name, Path("deploy_key", role))
    for repo, grants in (direct_collaborators or {}).items():
        for login, role in grants.items():
            matrix.grant(f"user:{login}", repo, Path("direct", role))
    if base and base != "none":
        # Owners are admins through ownership; a base-permission path would only add noise to their rows.
        member_logins = (*(members.members if members else ()), *bots)
        for login in member_logins:
            for repo in repositories:
                if (f"user:{login}", repo) in matrix.rows:
                    matrix.grant(f"user:{login}", repo, Path("base_permission", base))
    return matrix


def _organization_roles(matrix: AccessMatrix, organization: Organization, repositories: list[str]) -> None:
    """All-repository organisation roles (predefined, or custom ones with a base role): their holders
    reach every repository with the role's base."""
    slugs = {team_slug(name): name for name in organization.teams}
    for role, holders in organization.organization_roles.items():
        custom = organization.custom_organization_roles.get(role)
        base = custom.base_role if custom is not None else PREDEFINED_ORGANIZATION_ROLES.get(role)
        if base is None:
            continue  # organisation permissions only: no repository access
        people: set[tuple[str, str | None]] = {(login, None) for login in holders.users}
        for reference in holders.teams:
            name = reference if reference in organization.teams else slugs.get(reference, reference)
            team = organization.teams.get(name)
            people |= {(login, name) for login in (*team.maintainers, *team.members)} if team else set()
        for login, through in people:
            for repo in repositories:
                matrix.grant(f"user:{login}", repo, Path("organization_role", base, team=through, via=role))
