"""Classic branch protection: compared as whole values per declared branch or pattern of a repository."""

from __future__ import annotations

from collections.abc import Iterable

from ghprov.model import Actors, BranchProtection
from ghprov.model.protection import is_branch_pattern
from ghprov.plan.changes import Action, Change, Kind, address
from ghprov.plan.context import DiffContext, field_changes, non_default_fields
from ghprov.plan.kinds.edits import entry, put
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames
from ghprov.plan.loosening import protection_loosens

ALL_FIELDS = tuple(BranchProtection.model_fields)


def plan_branch_protections(ctx: DiffContext) -> None:
    """Create or replace declared protections; remove undeclared ones only with prune.branch_protection."""
    for repo in sorted(ctx.desired.repositories):
        spec = ctx.desired.repositories[repo]
        current_repo = ctx.live_repository(repo)
        base = f"repositories/{ctx.live_repository_name(repo)}/branch_protection"
        live = current_repo.branch_protection if current_repo is not None else {}
        for branch in sorted(spec.branch_protection):
            wanted = spec.branch_protection[branch]
            key = (repo, branch)
            if current_repo is not None:
                ctx.touch(f"{base}/{branch}", whole=True)
            current = live.get(branch)
            if current is None:
                fields = field_changes(None, wanted, non_default_fields(wanted))
                ctx.add(Change(Kind.BRANCH_PROTECTION, Action.CREATE, key, fields, wanted, None))
            elif current != wanted:
                fields = field_changes(current, wanted, ALL_FIELDS)
                loosens = protection_loosens(current, wanted)
                ctx.add(
                    Change(Kind.BRANCH_PROTECTION, Action.UPDATE, key, fields, wanted, current, (), loosens)
                )
        if not ctx.desired.prune.branch_protection or current_repo is None:
            continue
        ctx.touch(base)
        for branch in sorted(set(live) - set(spec.branch_protection)):
            current = live[branch]
            fields = field_changes(current, None, non_default_fields(current))
            ctx.add(
                Change(Kind.BRANCH_PROTECTION, Action.DELETE, (repo, branch), fields, None, current, (), True)
            )


def _references(change: Change, team_names: TeamNames) -> Iterable[str]:
    repo, branch = change.key
    found = [address(Kind.REPOSITORY, repo)]
    if not is_branch_pattern(branch):
        # A pattern protects whatever matches it, now or later: no branch has to exist (or be created).
        found.append(address(Kind.BRANCH, repo, branch))
    protection = change.desired
    if isinstance(protection, BranchProtection):
        lists: list[Actors] = [
            protection.bypass_pull_request_allowances,
            protection.bypass_force_push_allowances,
        ]
        lists += [actors for actors in (protection.dismissal_restrictions, protection.restrictions) if actors]
        found += [address(Kind.TEAM, team_names(team)) for actors in lists for team in actors.teams]
        found += [address(Kind.ORGANIZATION_MEMBERSHIP, user) for actors in lists for user in actors.users]
    return found


BRANCH_PROTECTION = KindSpec(
    Kind.BRANCH_PROTECTION,
    label="branch protection",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.MODEL,
    model=BranchProtection,
    differ=plan_branch_protections,
    repository_key=0,
    prune_switch="branch_protection",
    references=_references,
    project=lambda organization, change: put(
        entry(organization, "repositories", change.key[0], "branch_protection"), change, change.key[1]
    ),
)
