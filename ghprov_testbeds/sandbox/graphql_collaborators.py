"""`Repository.collaborators`: who holds a role on a repository, and through which sources.

Visibility follows REST (`GET /repos/{owner}/{repo}/collaborators`): push access is needed, otherwise
GitHub answers the field with `null` and a `FORBIDDEN` error ("Must have push access to view repository
collaborators."). Each edge carries the effective `permission` (a custom role reports its base role) and
`permissionSources`: the organisation (ownership or the base permission), each team whose grant reaches
the user (including a parent team's), and the repository itself for a direct grant, with `roleName`
carrying the exact role (custom roles included).
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import access
from ghprov_testbeds.sandbox.graphql_context import Context, Forbidden
from ghprov_testbeds.sandbox.state import GitHubState, Identity, Repository

PUSH_ACCESS = "Must have push access to view repository collaborators."
# DefaultRepositoryPermissionField has no TRIAGE or MAINTAIN: they fold as in REST's legacy `permission`.
LEGACY = {"read": "READ", "triage": "READ", "write": "WRITE", "maintain": "WRITE", "admin": "ADMIN"}


def _legacy(state: GitHubState, role: str) -> str:
    custom = state.custom_role_by_name(role) if role not in LEGACY else None
    return LEGACY.get(custom.base_role if custom else role, "NONE")


def _source(state: GitHubState, granted_by: Any, role: str) -> dict[str, Any]:
    return {
        "__typename": "PermissionSource",
        "organization": state.organization,
        "permission": _legacy(state, role),
        "roleName": role,
        "source": granted_by,
    }


def permission_sources(state: GitHubState, login: str, repo: Repository) -> list[dict[str, Any]]:
    """Every grant that gives ``login`` a role on ``repo`` (organisation, teams, the repository itself)."""
    sources: list[dict[str, Any]] = []
    membership = state.memberships.get(login)
    if membership is not None and membership.state == "active":
        if membership.role == "admin":
            sources.append(_source(state, state.organization, "admin"))
        else:
            base = str(state.organization.settings.get("default_repository_permission", "read"))
            if access.BASE_ROLE.get(base, "none") != "none":
                sources.append(_source(state, state.organization, access.BASE_ROLE[base]))
        granting: dict[int, str] = {}
        for team in sorted(state.teams.values(), key=lambda t: t.id):
            if login not in team.members:
                continue
            for candidate in [team, *access.ancestors(state, team)]:
                role = candidate.repos.get(repo.name)
                if role is not None and candidate.id not in granting:
                    granting[candidate.id] = role
        sources += [_source(state, state.teams[ident], role) for ident, role in granting.items()]
    direct = state.audit.collaborators.get(repo.name.lower(), {}).get(login)
    if direct is not None:
        sources.append(_source(state, repo, direct))
    return sources


def collaborators(
    ctx: Context,
    repo: Repository,
    user_node: Any,
    *,
    affiliation: str = "ALL",
    login: str | None = None,
    query: str | None = None,
) -> tuple[list[Any], Any]:
    """The users of the connection (ordered by login) and the edge builder for `connection(edge=…)`."""
    state = ctx.state
    if not access.can(state, ctx.identity, repo, "write"):
        raise Forbidden(PUSH_ACCESS)
    logins = sorted(access.collaborators(state, repo, affiliation.lower()), key=str.lower)
    if login is not None:
        logins = [found for found in logins if found.lower() == login.lower()]
    if query:
        logins = [found for found in logins if query.lower() in found.lower()]
    nodes = [user_node(ctx, state.users[found]) for found in logins]

    def edge(node: Any) -> dict[str, Any]:
        role = access.repository_role(state, Identity("user", node.login), repo)
        custom = state.custom_role_by_name(role) if role and role not in access.ROLE_RANK else None
        return {
            "permission": (custom.base_role if custom else role or "read").upper(),
            "permissionSources": permission_sources(state, node.login, repo),
        }

    return nodes, edge
