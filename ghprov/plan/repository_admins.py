"""The repository-admin lockout rail: a plan must not leave a repository that has an admin without one.

A person administers a repository as an organisation owner, as a member (direct or through a child
team) of a team granted ``admin``, or as a collaborator granted ``admin`` on the repository itself
(a pending invitation counts, as it does everywhere in the plan). The rail compares the access
matrix the audit builds (``model.access``) on the live organisation and on the organisation as the
plan leaves it (``plan.projection``), so it holds for saved plans too. Only a config change lifts it.
"""

from __future__ import annotations

from ghprov.model import LiveOrganization, Organization
from ghprov.model.access import build_matrix
from ghprov.plan.changes import Kind, Plan, address
from ghprov.plan.projection import project, renames_only
from ghprov.plan.violations import SafetyViolation

# Kinds whose changes can take a person's admin access away.
ACCESS_KINDS = frozenset(
    {
        Kind.ORGANIZATION_MEMBERSHIP,
        Kind.TEAM,
        Kind.TEAM_MEMBERSHIP,
        Kind.TEAM_REPOSITORY,
        Kind.REPOSITORY_COLLABORATOR,
        Kind.REPOSITORY_INVITATION,
    }
)


def repository_admins(organization: Organization) -> dict[str, set[str]]:
    """repository → the people who administer it, and through what (``alice (team platform)``)."""
    direct = {name: dict(repository.collaborators) for name, repository in organization.repositories.items()}
    matrix = build_matrix(organization, direct, bots=organization.bots)
    admins: dict[str, set[str]] = {name: set() for name in organization.repositories}
    for (principal, repo), row in matrix.rows.items():
        if not principal.startswith("user:"):
            continue
        for path in row.paths:
            if path.role == "admin" and repo in admins:
                admins[repo].add(f"{principal.removeprefix('user:')} ({path.describe()})")
    return admins


def admin_lockouts(plan: Plan, live: LiveOrganization) -> list[SafetyViolation]:
    """One violation per repository that has an admin now and would have none after the plan."""
    if not any(change.kind in ACCESS_KINDS for change in plan.changes):
        return []
    before = repository_admins(project(live, plan.changes, only=renames_only))
    after = repository_admins(project(live, plan.changes))
    violations = []
    for repo in sorted(before):
        if before[repo] and not after.get(repo):
            had = ", ".join(sorted(before[repo]))
            message = (
                f"the plan leaves {repo} with no admin (no owner, admin team member or admin collaborator); "
                f"it has {had}"
            )
            violations.append(
                SafetyViolation("last-repository-admin", address(Kind.REPOSITORY, repo), message, None)
            )
    return violations
