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


def plan_repository_security(ctx: DiffContext) -> None:
    """One UPDATE per repository whose declared security features differ from GitHub's."""
    plan_repository_policy(ctx, Kind.REPOSITORY_SECURITY, "security", security_loosens)


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
