"""Tenant tokens as the rotation file declares them, and how a PAT grant compares with that declaration.

The audit layer does not read the rotation file itself (``ghprov.services`` does and hands over
``TenantToken`` values). A fine-grained PAT's permissions hold for every repository it reaches, so a
grant is compared with the *least* access declared among those repositories: ``contents: write`` on a
token that also reaches a repository declared ``read`` is wider than declared. A bot serving several
tenants may hold one token for each; its grants are compared with the union of those tenants'
repositories (the highest access declared per repository) and the strictest expiry thresholds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


def scope_problems(scope: GrantScope, declared: BotDeclaration) -> list[ScopeProblem]:
    """Every way ``scope`` reaches beyond ``declared`` (empty: no wider than declared)."""
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
    least = min((ROLE_RANK[declared.repositories[repo]] for repo in reached), default=ROLE_RANK["admin"])
    for permission, level in sorted(scope.permissions.get("repository", {}).items()):
        needed = _needs(permission, level)
        if ROLE_RANK[needed] > least:
            weakest = sorted(
                repo for repo in reached if ROLE_RANK[declared.repositories[repo]] < ROLE_RANK[needed]
            )
            problems.append(
                ScopeProblem(
                    f"{permission}: {level} needs {needed}, but {', '.join(weakest)} "
                    f"{'is' if len(weakest) == 1 else 'are'} declared {RANK_ROLE[least]}",
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
