"""Direct repository collaborators per declared repository, by login: invited, re-roled, and removed
(with ``prune.collaborators``) when the repository's config no longer lists them.

A pending repository invitation counts as granted, as organisation invitations do: the plan does not
invite again, it notes that the invitation waits. Its role is changed on the invitation itself, and
pruning cancels it; those two are changes of their own kind (``repository_invitation``), because
GitHub addresses an invitation by its id, not by the user. GitHub shows an invitation to a custom
role with the custom role's base role, so that base role matches the custom role while it waits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model import LiveOrganization, Organization
from ghprov.model.access import role_ranks
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext
from ghprov.plan.kinds.edits import entry, put
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames
from ghprov.plan.kinds.team_links import role_references


def is_invitation(live: LiveOrganization, repository: str, login: str) -> bool:
    """True when the live grant of ``login`` on ``repository`` is a pending invitation."""
    return address(Kind.REPOSITORY_INVITATION, repository, login) in live.ids.resources


def _base_role(ctx: DiffContext, role: str) -> str | None:
    """The base role of a custom role (None for a built-in one)."""
    custom = ctx.desired.custom_roles.get(role) or ctx.live.state.custom_roles.get(role)
    return custom.base_role if custom is not None else None


def _check_base_permission(ctx: DiffContext, repo: str, login: str, role: str) -> None:
    """Warn where GitHub will refuse the grant: a member's direct role below the base permission."""
    settings = next(
        (
            found
            for found in (ctx.desired.settings, ctx.live.state.settings)
            if found is not None and "default_repository_permission" in found.model_fields_set
        ),
        None,
    )
    base = settings.default_repository_permission if settings is not None else None
    # Members now, invited, or made members by this plan.
    people = [ctx.live.state.members, ctx.desired.members]
    is_member = login in ctx.live.pending_invitations or any(
        group is not None and login in group.roles() for group in people
    )
    ranks = role_ranks(ctx.desired) | role_ranks(ctx.live.state)
    if base and base != "none" and is_member and ranks.get(role, 0) < ranks[base]:
        ctx.find(
            "collaborator-below-base-permission",
            address(Kind.REPOSITORY_COLLABORATOR, repo, login),
            f"{login} is a member and every member has {base} on {repo}: GitHub refuses a direct role "
            f"below that ({role}); grant {base} or more, or leave {login} out",
        )


def _grant(
    kind: Kind, action: Action, key: tuple[str, str], desired: str | None, current: str | None
) -> Change:
    return Change(kind, action, key, (FieldChange("role", current, desired),), desired, current)


def plan_collaborators(ctx: DiffContext) -> None:
    """Per repository whose config has ``collaborators``: invite, re-role and (with prune) remove."""
    prune = ctx.desired.prune.collaborators
    for repo in sorted(ctx.desired.repositories):
        spec = ctx.desired.repositories[repo]
        if "collaborators" not in spec.model_fields_set and not prune:
            continue
        live_name = ctx.live_repository_name(repo)
        current_repo = ctx.live_repository(repo)
        live = current_repo.collaborators if current_repo is not None else {}
        # Whole: a refused read of the repository, or an unknown login under it, refuses the plan.
        ctx.touch(f"repositories/{live_name}/collaborators", whole=True)
        for login in sorted(spec.collaborators):
            role, current = spec.collaborators[login], live.get(login)
            invited = current is not None and is_invitation(ctx.live, live_name, login)
            if invited and current == _base_role(ctx, role):
                current = role  # an invitation to a custom role shows its base role
            if current != role:
                _check_base_permission(ctx, repo, login, role)
            if current is None:
                ctx.add(_grant(Kind.REPOSITORY_COLLABORATOR, Action.CREATE, (repo, login), role, None))
            elif current != role:
                kind = Kind.REPOSITORY_INVITATION if invited else Kind.REPOSITORY_COLLABORATOR
                ctx.add(_grant(kind, Action.UPDATE, (repo, login), role, current))
            elif invited:
                ctx.find(
                    "invitation-pending",
                    address(Kind.REPOSITORY_COLLABORATOR, repo, login),
                    f"{login} has not accepted the invitation to {repo} yet",
                )
        if not prune or current_repo is None:
            continue
        for login in sorted(set(live) - set(spec.collaborators)):
            invited = is_invitation(ctx.live, live_name, login)
            kind = Kind.REPOSITORY_INVITATION if invited else Kind.REPOSITORY_COLLABORATOR
            ctx.add(_grant(kind, Action.DELETE, (repo, login), None, live[login]))


def _references(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[0]), *role_references(change.desired)]


def count_grants(organization: Organization) -> int:
    """Direct grants, invitations included: what the removal circuit breaker weighs removals against."""
    return sum(len(repository.collaborators) for repository in organization.repositories.values())


def _invitation_digests(live: LiveOrganization) -> Iterable[tuple[str, Any]]:
    # Accepting an invitation changes how a removal is written: a saved plan must notice it.
    prefix = f"{Kind.REPOSITORY_INVITATION.value}:"
    for name, ident in live.ids.resources.items():
        if name.startswith(prefix):
            yield name, ident


def _project(organization: dict[str, Any], change: Change) -> None:
    # An invitation is a grant already (it counts as accepted), so both kinds edit the same map.
    repo, login = change.key
    put(entry(organization, "repositories", repo, "collaborators"), change, login)


REPOSITORY_COLLABORATOR = KindSpec(
    Kind.REPOSITORY_COLLABORATOR,
    label="collaborator",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.ROLE,
    differ=plan_collaborators,
    repository_key=0,
    prune_switch="collaborators",
    references=_references,
    live_count=count_grants,
    project=_project,
)
REPOSITORY_INVITATION = KindSpec(
    Kind.REPOSITORY_INVITATION,
    label="invitation of",
    scope=Scope.REPOSITORY,
    payload=PayloadShape.ROLE,
    repository_key=0,
    prune_switch="collaborators",
    references=_references,
    live_count=count_grants,
    live_digests=_invitation_digests,
    project=_project,
)
