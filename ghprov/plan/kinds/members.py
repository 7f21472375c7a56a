"""Organisation memberships (owners, members and bots): role changes in place, invitations respected."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model import LiveOrganization, Organization
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext
from ghprov.plan.kinds.edits import entry
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope


def desired_org_roles(ctx: DiffContext) -> dict[str, str]:
    """login → ``admin``/``member`` for declared people and bots (a bot is a member unless an owner)."""
    members = ctx.desired.members
    roles = members.roles() if members is not None else {}
    for bot in ctx.desired.bots:
        roles.setdefault(bot, "member")
    return roles


def _membership(action: Action, login: str, desired: str | None, current: str | None) -> Change:
    return Change(
        kind=Kind.ORGANIZATION_MEMBERSHIP,
        action=action,
        key=(login,),
        fields=(FieldChange("role", current, desired),),
        desired=desired,
        current=current,
    )


def plan_members(ctx: DiffContext) -> None:
    """Invite, re-role or (with prune.members) remove organisation members."""
    wanted = desired_org_roles(ctx)
    live_members = ctx.live.state.members
    live_roles = live_members.roles() if live_members is not None else {}
    pending = ctx.live.pending_invitations
    for login in sorted(wanted):
        role = wanted[login]
        ctx.touch(f"members/{login}")
        if login in live_roles:
            if live_roles[login] != role:
                ctx.add(_membership(Action.UPDATE, login, role, live_roles[login]))
        elif login in pending:
            note = "" if pending[login] == role else f" (invited as {pending[login]}, the config says {role})"
            ctx.find(
                "invitation-pending",
                address(Kind.ORGANIZATION_MEMBERSHIP, login),
                f"{login} has not accepted the invitation yet{note}",
            )
        else:
            ctx.add(_membership(Action.CREATE, login, role, None))
    if ctx.desired.members is None or not ctx.desired.prune.members:
        return
    ctx.touch("members")
    for login in sorted(set(live_roles) - set(wanted)):
        ctx.add(_membership(Action.DELETE, login, None, live_roles[login]))
    for login in sorted(set(pending) - set(wanted)):
        ctx.find(
            "invitation-unlisted",
            address(Kind.ORGANIZATION_MEMBERSHIP, login),
            f"{login} has a pending invitation but is not in the config; cancel it in GitHub if unwanted",
        )


def _live_digests(live: LiveOrganization) -> Iterable[tuple[str, Any]]:
    # A pending invitation is part of a membership's live state: accepting it changes the plan.
    members = live.state.members
    roles = members.roles() if members is not None else {}
    for login in set(roles) | set(live.pending_invitations):
        membership = {"role": roles.get(login), "invited": live.pending_invitations.get(login)}
        yield address(Kind.ORGANIZATION_MEMBERSHIP, login), membership


def _live_count(organization: Organization) -> int:
    return len(organization.members.roles()) if organization.members is not None else 0


def _project(organization: dict[str, Any], change: Change) -> None:
    members = entry(organization, "members")
    (login,) = change.key
    for role in ("owners", "members"):
        members[role] = [other for other in members.get(role, []) if other != login]
    if change.action is not Action.DELETE:
        members["owners" if change.desired == "admin" else "members"].append(login)


ORGANIZATION_MEMBERSHIP = KindSpec(
    Kind.ORGANIZATION_MEMBERSHIP,
    label="member",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.ROLE,
    differ=plan_members,
    prune_switch="members",
    live_count=_live_count,
    live_digests=_live_digests,
    project=_project,
)
