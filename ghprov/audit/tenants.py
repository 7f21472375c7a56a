"""Tenant tokens as the rotation file declares them, and how a PAT grant compares with that declaration.

The audit layer does not read the rotation file itself (``ghprov.services`` does and hands over
``TenantToken`` values). A fine-grained PAT's permissions hold for every repository it reaches, so a
grant is compared with the *least* access declared among those repositories: ``contents: write`` on a
token that also reaches a repository declared ``read`` is wider than declared. A bot serving several
tenants may hold one token for each; its grants are compared with the union of those tenants'
repositories (the highest access declared per repository) and the strictest expiry thresholds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

ROLE_RANK = {"none": 0, "read": 1, "pull": 1, "triage": 2, "write": 3, "push": 3, "maintain": 4, "admin": 5}
RANK_ROLE = {1: "read", 2: "triage", 3: "write", 4: "maintain", 5: "admin"}
# The least repository role whose holder may be given each fine-grained repository permission at
# "write" (GitHub's permission reference); "read" of anything needs read. Unlisted permissions at
# write need "write"; any administration needs admin.
WRITE_NEEDS: dict[str, str] = {
    "issues": "triage",
    "pull_requests": "triage",
    "discussions": "triage",
    "administration": "admin",
    "secrets": "admin",
    "variables": "admin",
    "environments": "admin",
    "repository_hooks": "admin",
    "pages": "admin",
    "repository_advisories": "admin",
}
ADMIN_PERMISSIONS = frozenset({"administration", "organization_administration"})


@dataclass(frozen=True)
class TenantToken:
    """One tenant of the rotation file: its bot, the access it declares, its expiry thresholds."""

    tenant: str
    bot: str
    repositories: Mapping[str, str]
    warn_days: int = 14
    error_days: int = 3
    # pat | deploy_key | github_app; only PAT tenants have a bot whose grants ORG-17 compares.
    auth: str = "pat"
    # deploy_key: the age at which the scheduled rotation replaces the key.
    rotate_after_days: float = 30.0
    # github_app: the installation whose reach ORG-25 compares with ``repositories``.
    installation_id: int | None = None


@dataclass(frozen=True)
class BotDeclaration:
    """What a bot's tokens may hold: the union of its tenants' declarations."""

    bot: str
    tenants: tuple[str, ...]
    repositories: dict[str, str]
    warn_days: int
    error_days: int


@dataclass(frozen=True)
class ScopeProblem:
    """One way a grant is wider than declared, with the JSON pointer in the grant that shows it."""

    message: str
    pointer: str


@dataclass
class GrantScope:
    """A grant's reach: repository names (None: all repositories) and permissions by group."""

    repositories: list[str] | None
    permissions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def by_bot(tenants: Iterable[TenantToken]) -> dict[str, BotDeclaration]:
    """Lower-cased bot login → its merged declaration."""
    grouped: dict[str, list[TenantToken]] = {}
    for tenant in tenants:
        grouped.setdefault(tenant.bot.lower(), []).append(tenant)
    merged: dict[str, BotDeclaration] = {}
    for key, entries in grouped.items():
        repositories: dict[str, str] = {}
        for entry in entries:
            for repo, access in entry.repositories.items():
                current = repositories.get(repo)
                if current is None or ROLE_RANK[access] > ROLE_RANK[current]:
                    repositories[repo] = RANK_ROLE[ROLE_RANK[access]]
        merged[key] = BotDeclaration(
            bot=entries[0].bot,
            tenants=tuple(sorted(entry.tenant for entry in entries)),
            repositories=repositories,
            warn_days=max(entry.warn_days for entry in entries),
            error_days=max(entry.error_days for entry in entries),
        )
    return merged


def _needs(permission: str, level: str) -> str:
    if permission in ADMIN_PERMISSIONS:
        return "admin"
    if level != "write":
        return "read"
    return WRITE_NEEDS.get(permission, "write")


def scope_problems(
    scope: GrantScope, declared: BotDeclaration, owner_rank: Callable[[str], int] | None = None
) -> list[ScopeProblem]:
    """Every way ``scope`` reaches beyond ``declared`` (empty: no wider than declared).

    A fine-grained PAT never exceeds its owner's own access ("can only access resources the owner
    can access"), and one PAT has one permission set for all its repositories. So ``contents: write``
    on a token that also reaches a repository declared ``read`` is wider than declared only where
    the owner could write: ``owner_rank(repo)`` (the owner's effective role rank there) tells.
    """
    problems: list[ScopeProblem] = []
    if scope.repositories is None:
        problems.append(
            ScopeProblem("reaches all repositories, not only the declared ones", "/repository_selection")
        )
        reached = list(declared.repositories)
    else:
        extra = sorted(set(scope.repositories) - set(declared.repositories))
        if extra:
            problems.append(ScopeProblem(f"reaches undeclared repositories: {', '.join(extra)}", "/name"))
        reached = [repo for repo in scope.repositories if repo in declared.repositories]
    for permission, level in sorted(scope.permissions.get("repository", {}).items()):
        needed = ROLE_RANK[_needs(permission, level)]
        wider = sorted(
            repo
            for repo in reached
            if ROLE_RANK[declared.repositories[repo]] < needed
            and (owner_rank is None or owner_rank(repo) >= needed)
        )
        if wider:
            where = ", ".join(f"{repo} (declared {declared.repositories[repo]})" for repo in wider)
            problems.append(
                ScopeProblem(
                    f"{permission}: {level} needs {RANK_ROLE[needed]}, which the owner has on {where}",
                    f"/permissions/repository/{permission}",
                )
            )
    for group in ("organization", "other"):
        for permission, level in sorted(scope.permissions.get(group, {}).items()):
            problems.append(
                ScopeProblem(
                    f"{group} permission {permission}: {level} is not declared",
                    f"/permissions/{group}/{permission}",
                )
            )
    return problems
