"""Actions settings: the organisation's ``actions:`` section and each repository's ``actions:``.

Only the fields the config declares are compared (see ``policy_objects``). A change that lets more
run, or gives workflows more power, is marked as loosening so it runs after the tightening ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model.actions_settings import OrganizationActions, RepositoryActions, SelectedActions
from ghprov.plan.changes import Change, Kind, address
from ghprov.plan.context import DiffContext
from ghprov.plan.kinds.policy_objects import plan_repository_policy, policy_change, ranked_wider
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames

# Each tuple runs from the strictest value to the loosest.
_WIDER = {
    "enabled": ranked_wider((False, True)),
    "allowed_actions": ranked_wider(("local_only", "selected", "all")),
    "default_workflow_permissions": ranked_wider(("read", "write")),
    "can_approve_pull_request_reviews": ranked_wider((False, True)),
    "fork_pr_contributor_approval": ranked_wider(
        ("all_external_contributors", "first_time_contributors", "first_time_contributors_new_to_github")
    ),
    "access_level": ranked_wider(("none", "user", "organization")),
    "enabled_repositories": ranked_wider(("none", "selected", "all")),
    "self_hosted_runners": ranked_wider(("none", "selected", "all")),
}


def _selected_actions_wider(before: SelectedActions | None, after: SelectedActions) -> bool:
    if before is None:
        return False
    return (
        (after.github_owned_allowed and not before.github_owned_allowed)
        or (after.verified_allowed and not before.verified_allowed)
        or bool(set(after.patterns_allowed) - set(before.patterns_allowed))
    )


def actions_loosens(name: str, before: Any, after: Any) -> bool:
    """Whether setting ``name`` from ``before`` to ``after`` lets more run or gives workflows more."""
    if name == "selected_actions":
        return _selected_actions_wider(before, after)
    if name == "selected_repositories":
        # No list before: the policy was not "selected", and the policy's own change says which way.
        return before is not None and bool(set(after or ()) - set(before))
    wider = _WIDER.get(name)
    return wider is not None and wider(before, after)


def plan_repository_actions(ctx: DiffContext) -> None:
    """One UPDATE per repository whose declared Actions settings differ from GitHub's."""
    plan_repository_policy(ctx, Kind.REPOSITORY_ACTIONS, "actions", actions_loosens)


def plan_organization_actions(ctx: DiffContext) -> None:
    """One UPDATE when the declared organisation Actions policy differs from GitHub's."""
    wanted = ctx.desired.actions
    if wanted is None:
        return
    ctx.touch("actions", whole=True)
    org = ctx.desired.organization
    change = policy_change(Kind.ORGANIZATION_ACTIONS, (org,), wanted, ctx.live.state.actions, actions_loosens)
    if change is not None:
        ctx.add(change)


def _repository(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0])]


def _selected_repositories(change: Change, team_names: TeamNames) -> Iterable[str]:
    # Selecting a repository needs it to exist: its id goes into the request.
    desired = change.desired
    selected = desired.selected_repositories if isinstance(desired, OrganizationActions) else None
    return [address(Kind.REPOSITORY, name) for name in selected or ()]


REPOSITORY_ACTIONS = KindSpec(
    Kind.REPOSITORY_ACTIONS,
    label="Actions settings",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=RepositoryActions,
    differ=plan_repository_actions,
    repository_key=0,
    references=_repository,
    follows=(Kind.ORGANIZATION_ACTIONS,),
)
ORGANIZATION_ACTIONS = KindSpec(
    Kind.ORGANIZATION_ACTIONS,
    label="Actions settings",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=OrganizationActions,
    differ=plan_organization_actions,
    references=_selected_repositories,
)
