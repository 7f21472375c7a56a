"""Security features of each repository that declares ``security:`` (see ``policy_objects``).

Turning a feature off is loosening: it runs after the plan's tightening changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model.security_features import RepositorySecurity
from ghprov.plan.changes import Change, Kind, address
from ghprov.plan.context import DiffContext
from ghprov.plan.kinds.policy_objects import plan_repository_policy
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames


def security_loosens(name: str, before: Any, after: Any) -> bool:
    return before is True and after is False


def _new_repository(ctx: DiffContext, repo: str) -> RepositorySecurity | None:
    """What a repository this plan creates certainly has: private vulnerability reporting off when it is
    not public (GitHub offers the feature to public repositories only, and answers 422 to enabling or
    disabling it anywhere else). The other features may come from a code security configuration that
    is a default for new repositories, so they are written as declared."""
    if ctx.desired.repositories[repo].visibility in ("private", "internal"):
        return RepositorySecurity(private_vulnerability_reporting=False)
    return None


def plan_repository_security(ctx: DiffContext) -> None:
    """One UPDATE per repository whose declared security features differ from GitHub's."""
    plan_repository_policy(ctx, Kind.REPOSITORY_SECURITY, "security", security_loosens, _new_repository)


def _repository(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0])]


REPOSITORY_SECURITY = KindSpec(
    Kind.REPOSITORY_SECURITY,
    label="security features",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=RepositorySecurity,
    differ=plan_repository_security,
    repository_key=0,
    references=_repository,
)
