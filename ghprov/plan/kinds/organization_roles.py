"""Organisation role assignments: which teams and users hold each declared organisation role.

A change's key is ``(role, principal)`` with the principal ``team:<slug>`` or ``user:<login>``; teams
are compared by slug, because that is what GitHub's role endpoints return and accept. Only roles the
config declares are managed; their unlisted holders are removed with ``prune.organization_roles``.
A user who is not a member yet (invited, by this plan or before) is assigned by the first plan after
they accept the invitation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.errors import GhprovError
from ghprov.model import Organization, OrganizationRoleAssignees, team_slug
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext
from ghprov.plan.kinds.edits import entry
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames


def role_address(role: str) -> str:
    """Where the reader records a role's id (``ids.resources``): the role exists on GitHub.

    The same text as the plan address of a custom role's definition (``Kind.ORGANIZATION_ROLE``), so
    the id a creation answers is found under it too.
    """
    return address(Kind.ORGANIZATION_ROLE, role)


def _slug(ctx: DiffContext, reference: str) -> str:
    name = ctx.desired_team_name(reference)
    live = ctx.live.ids.teams.get(ctx.live_team_name(name))
    return live.slug if live is not None else team_slug(name)


def _principals(ctx: DiffContext, assignees: OrganizationRoleAssignees) -> set[str]:
    teams = {f"team:{_slug(ctx, team)}" for team in assignees.teams}
    return teams | {f"user:{user}" for user in assignees.users}


def plan_organization_roles(ctx: DiffContext) -> None:
    """Assign declared holders; with prune.organization_roles, unassign the rest of a declared role."""
    for role in sorted(ctx.desired.organization_roles):
        ctx.touch(f"organization_roles/{role}", whole=True)
        exists = role_address(role) in ctx.live.ids.resources or role in ctx.live.state.organization_roles
        # A role the config defines is created (before its assignments) if it does not exist yet.
        if not exists and role not in ctx.desired.custom_organization_roles:
            known = sorted(
                key.split(":", 1)[1] for key in ctx.live.ids.resources if key.startswith("organization_role:")
            )
            raise GhprovError(
                f"organisation role {role!r} does not exist in {ctx.desired.organization}",
                f"use one of: {', '.join(known)}, or define it under custom_organization_roles"
                if known
                else "check that the organisation has organisation roles",
            )
        wanted = _principals(ctx, ctx.desired.organization_roles[role])
        current_holders = ctx.live.state.organization_roles.get(role, OrganizationRoleAssignees())
        live = set(current_holders.principals())
        for principal in sorted(wanted - live):
            if _waits_for_membership(ctx, role, principal):
                continue
            ctx.add(
                Change(
                    Kind.ORGANIZATION_ROLE_ASSIGNMENT,
                    Action.CREATE,
                    (role, principal),
                    (FieldChange("role", None, role),),
                    role,
                )
            )
        if ctx.desired.prune.organization_roles:
            for principal in sorted(live - wanted):
                fields = (FieldChange("role", role, None),)
                ctx.add(
                    Change(
                        Kind.ORGANIZATION_ROLE_ASSIGNMENT,
                        Action.DELETE,
                        (role, principal),
                        fields,
                        None,
                        role,
                    )
                )


def _waits_for_membership(ctx: DiffContext, role: str, principal: str) -> bool:
    """Whether a user's assignment must wait until they are a member: GitHub assigns organisation
    roles to members only (422 "not a member of the organization" otherwise), and an invited user is
    not one until they accept. Such an assignment is a finding, not a write, and the first plan after
    they accept assigns it; as with team memberships of invitees."""
    kind, login = principal.split(":", 1)
    live_members = ctx.live.state.members
    if kind != "user" or live_members is None or login in live_members.roles():
        return False
    where = address(Kind.ORGANIZATION_ROLE_ASSIGNMENT, role, principal)
    desired_members = ctx.desired.members
    if login in ctx.live.pending_invitations:
        why = "the pending organisation invitation"
    elif desired_members is not None and login in desired_members.roles():
        why = "the organisation invitation this plan sends"
    else:
        ctx.find(
            "not-a-member",
            where,
            f"{login} is not a member of {ctx.desired.organization}, and GitHub assigns organisation "
            f"roles to members only: declare {login} under members (or remove them from {role})",
        )
        return True
    ctx.find("invitation-pending", where, f"{login} is assigned {role} after accepting {why}")
    return True


def _references(change: Change, team_names: TeamNames) -> Iterable[str]:
    role, principal = change.key
    kind, name = principal.split(":", 1)
    holder = (
        address(Kind.TEAM, team_names(name))
        if kind == "team"
        else address(Kind.ORGANIZATION_MEMBERSHIP, name)
    )
    # The role itself, when this plan creates it (a custom organisation role defined in the config).
    return [address(Kind.ORGANIZATION_ROLE, role), holder]


def _live_count(organization: Organization) -> int:
    return sum(len(assignees.principals()) for assignees in organization.organization_roles.values())


def _project(organization: dict[str, Any], change: Change) -> None:
    role, principal = change.key
    kind, name = principal.split(":", 1)
    holders = entry(organization, "organization_roles", role)
    listed = [other for other in holders.get(f"{kind}s", []) if other != name]
    if change.action is not Action.DELETE:
        listed.append(name)
    holders[f"{kind}s"] = sorted(listed)


ORGANIZATION_ROLE_ASSIGNMENT = KindSpec(
    Kind.ORGANIZATION_ROLE_ASSIGNMENT,
    label="organization role",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.ROLE,
    differ=plan_organization_roles,
    prune_switch="organization_roles",
    references=_references,
    live_count=_live_count,
    project=_project,
)
