"""Who may see and do what in the emulated organisation, computed the way GitHub does.

Owners (active ``admin`` members) and App installations (granted Administration on every
repository) are repository admins everywhere. Everyone else gets the highest of the org's base
permission, the roles of the teams they belong to, directly or through a child team (a child
team inherits its parent's repository access), and a role granted on the repository itself
(direct collaborators, members or not: ``GitHubState.audit.collaborators``).
"""

from __future__ import annotations

from ghprov_testbeds.sandbox.state import GitHubState, Identity, Repository, Team

ROLE_RANK: dict[str, int] = {"none": 0, "read": 1, "triage": 2, "write": 3, "maintain": 4, "admin": 5}
# default_repository_permission → the role it grants.
BASE_ROLE = {"none": "none", "read": "read", "write": "write", "admin": "admin"}


def is_member(state: GitHubState, identity: Identity) -> bool:
    """An active org member (or the installation, which acts inside the org)."""
    if identity.is_installation:
        return True
    membership = state.memberships.get(identity.login)
    return membership is not None and membership.state == "active"


def is_owner(state: GitHubState, identity: Identity) -> bool:
    """An organisation owner, or an App installation with organisation administration."""
    if identity.is_installation:
        return True
    membership = state.memberships.get(identity.login)
    return membership is not None and membership.state == "active" and membership.role == "admin"


def role_rank(state: GitHubState, role: str) -> int:
    """Rank of a built-in or custom role (a custom role ranks as its base role)."""
    if role in ROLE_RANK:
        return ROLE_RANK[role]
    custom = state.custom_role_by_name(role)
    return ROLE_RANK.get(custom.base_role, 0) if custom else 0


def ancestors(state: GitHubState, team: Team) -> list[Team]:
    """The team's parent, grandparent, … (cycle-safe)."""
    chain: list[Team] = []
    seen = {team.id}
    current = team
    while current.parent_id is not None and current.parent_id not in seen:
        parent = state.teams.get(current.parent_id)
        if parent is None:
            break
        chain.append(parent)
        seen.add(parent.id)
        current = parent
    return chain


def team_role_on(state: GitHubState, team: Team, repository: str) -> str | None:
    """The team's role on a repository, including access inherited from parent teams."""
    best: str | None = None
    for candidate in [team, *ancestors(state, team)]:
        role = candidate.repos.get(repository)
        if role is not None and (best is None or role_rank(state, role) > role_rank(state, best)):
            best = role
    return best


def repository_role(
    state: GitHubState, identity: Identity, repository: Repository, *, by_visibility: bool = True
) -> str | None:
    """The identity's effective role name on the repository; None when it cannot see it.

    ``by_visibility=False`` leaves out the read access everyone has to a public (and every member to
    an internal) repository: what remains are grants, which make someone a collaborator.
    """
    if is_owner(state, identity):
        return "admin"
    member = is_member(state, identity)
    best: str | None = None
    if member:
        base = BASE_ROLE.get(
            str(state.organization.settings.get("default_repository_permission", "read")), "none"
        )
        best = base if base != "none" else None
        for team in state.teams.values():
            if identity.login in team.members:
                role = team_role_on(state, team, repository.name)
                if role is not None and (best is None or role_rank(state, role) > role_rank(state, best)):
                    best = role
    if not identity.is_installation:
        direct = state.audit.collaborators.get(repository.name.lower(), {}).get(identity.login)
        if direct is not None and (best is None or role_rank(state, direct) > role_rank(state, best)):
            best = direct
    if not by_visibility:
        return best
    if best is None and repository.visibility == "public":
        return "read"
    if best is None and repository.visibility == "internal" and member:
        return "read"
    return best


def can(state: GitHubState, identity: Identity, repository: Repository, needed: str) -> bool:
    """Does the identity hold at least ``needed`` (a built-in role name) on the repository?"""
    role = repository_role(state, identity, repository)
    return role is not None and role_rank(state, role) >= ROLE_RANK[needed]


def permissions_object(state: GitHubState, role: str | None) -> dict[str, bool]:
    """The ``permissions`` object GitHub attaches to repositories for a role."""
    rank = role_rank(state, role) if role else 0
    return {
        "admin": rank >= ROLE_RANK["admin"],
        "maintain": rank >= ROLE_RANK["maintain"],
        "push": rank >= ROLE_RANK["write"],
        "triage": rank >= ROLE_RANK["triage"],
        "pull": rank >= ROLE_RANK["read"],
    }


def can_see_team(state: GitHubState, identity: Identity, team: Team) -> bool:
    """Secret teams are visible to owners and their own members; closed teams to every member."""
    if is_owner(state, identity):
        return True
    if not is_member(state, identity):
        return False
    return team.privacy == "closed" or identity.login in team.members


def can_manage_team(state: GitHubState, identity: Identity, team: Team) -> bool:
    """Owners and the team's maintainers may change a team and its memberships."""
    return is_owner(state, identity) or team.members.get(identity.login) == "maintainer"


def outside_collaborators(state: GitHubState) -> list[str]:
    """Users with direct access to a repository who are not active members of the organisation."""
    logins = {login for grants in state.audit.collaborators.values() for login in grants}
    active = {login for login, m in state.memberships.items() if m.state == "active"}
    return sorted(logins - active, key=lambda login: state.users[login].id if login in state.users else 0)


def collaborators(state: GitHubState, repository: Repository, affiliation: str) -> dict[str, str]:
    """login → role for a collaborator list: ``all`` (effective roles of members and direct collaborators),
    ``direct`` (roles granted on the repository itself) or ``outside`` (those of non-members)."""
    direct = state.audit.collaborators.get(repository.name.lower(), {})
    if affiliation == "all":
        logins = {login for login, m in state.memberships.items() if m.state == "active"} | set(direct)
        found = {
            login: repository_role(state, Identity("user", login), repository, by_visibility=False)
            for login in logins
        }
        return {login: role for login, role in found.items() if role is not None and login in state.users}
    outside = set(outside_collaborators(state)) if affiliation == "outside" else set()
    return {
        login: role
        for login, role in direct.items()
        if login in state.users and (affiliation == "direct" or login in outside)
    }
