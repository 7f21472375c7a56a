"""Team memberships (people and bots) and team repository grants."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.model import Organization, Team, is_builtin_role, normalise_role
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext
from ghprov.plan.kinds.edits import entry, put
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames


def bots_by_team(ctx: DiffContext) -> dict[str, set[str]]:
    """team name → bot logins that the config puts in it."""
    teams: dict[str, set[str]] = {}
    for bot, spec in ctx.desired.bots.items():
        for team in spec.teams:
            teams.setdefault(ctx.desired_team_name(team), set()).add(bot)
    return teams


def desired_team_roles(team: Team, bots: set[str]) -> dict[str, str]:
    """login → team role: the declared members plus bots (member unless declared maintainer)."""
    roles = team.member_roles() if team.manages_membership else {}
    for bot in bots:
        roles.setdefault(bot, "member")
    return roles


def _link(
    kind: Kind,
    action: Action,
    key: tuple[str, str],
    desired: str | None,
    current: str | None,
) -> Change:
    fields = (FieldChange("role", current, desired),)
    return Change(kind, action, key, fields, desired, current)


def plan_team_memberships(ctx: DiffContext) -> None:
    """Add, re-role or (with prune.team_members, for teams whose membership is managed) remove."""
    bots = bots_by_team(ctx)
    live_org = ctx.live.state.members
    org_members = set(live_org.roles()) if live_org is not None else set()
    for name in sorted(ctx.desired.teams):
        team = ctx.desired.teams[name]
        team_bots = bots.get(name, set())
        if not team.manages_membership and not team_bots:
            continue
        current_team = ctx.live_team(name)
        if team.synced or (current_team is not None and current_team.synced):
            # GitHub keeps a synced team's members equal to its IdP groups' and undoes other changes.
            ctx.find(
                "team-synced",
                address(Kind.TEAM, name),
                f"{name}'s members come from its IdP groups, so ghprov does not change them; "
                "change the groups' members in the IdP (or remove the team's idp_groups)",
                severity="info",
            )
            continue
        wanted = desired_team_roles(team, team_bots)
        live_roles = current_team.member_roles() if current_team is not None else {}
        if current_team is not None:
            ctx.touch(f"teams/{ctx.live_team_name(name)}/members")
        for login in sorted(wanted):
            role = wanted[login]
            if login in live_roles:
                if live_roles[login] != role:
                    ctx.add(
                        _link(Kind.TEAM_MEMBERSHIP, Action.UPDATE, (name, login), role, live_roles[login])
                    )
            elif login in ctx.live.pending_invitations and login not in org_members:
                ctx.find(
                    "invitation-pending",
                    address(Kind.TEAM_MEMBERSHIP, name, login),
                    f"{login} joins {name} after accepting the pending organisation invitation",
                )
            else:
                ctx.add(_link(Kind.TEAM_MEMBERSHIP, Action.CREATE, (name, login), role, None))
        if team.manages_membership and ctx.desired.prune.team_members and current_team is not None:
            for login in sorted(set(live_roles) - set(wanted)):
                ctx.add(_link(Kind.TEAM_MEMBERSHIP, Action.DELETE, (name, login), None, live_roles[login]))


def plan_team_repositories(ctx: DiffContext) -> None:
    """Grant or change roles on repositories; remove unlisted grants only with prune.team_repositories."""
    for name in sorted(ctx.desired.teams):
        team = ctx.desired.teams[name]
        if "repositories" not in team.model_fields_set:
            continue
        current_team = ctx.live_team(name)
        live_grants: dict[str, str] = {}
        if current_team is not None:
            ctx.touch(f"teams/{ctx.live_team_name(name)}/repositories")
            live_grants = {
                ctx.repository_name_after_renames(repo): role
                for repo, role in current_team.repositories.items()
            }
        for repo in sorted(team.repositories):
            role = team.repositories[repo]
            current = live_grants.get(repo)
            if current is None:
                ctx.add(_link(Kind.TEAM_REPOSITORY, Action.CREATE, (name, repo), role, None))
            elif current != role:
                ctx.add(_link(Kind.TEAM_REPOSITORY, Action.UPDATE, (name, repo), role, current))
        if ctx.desired.prune.team_repositories and current_team is not None:
            for repo in sorted(set(live_grants) - set(team.repositories)):
                ctx.add(_link(Kind.TEAM_REPOSITORY, Action.DELETE, (name, repo), None, live_grants[repo]))


def role_references(role: object) -> list[str]:
    """The custom role a role name refers to (built-in roles need nothing created)."""
    if isinstance(role, str) and role and not is_builtin_role(str(normalise_role(role))):
        return [address(Kind.CUSTOM_ROLE, role)]
    return []


def _membership_references(change: Change, team_names: TeamNames) -> Iterable[str]:
    team, login = change.key
    return [address(Kind.TEAM, team), address(Kind.ORGANIZATION_MEMBERSHIP, login)]


def _grant_references(change: Change, team_names: TeamNames) -> Iterable[str]:
    team, repo = change.key
    return [address(Kind.TEAM, team), address(Kind.REPOSITORY, repo), *role_references(change.desired)]


def _count_memberships(organization: Organization) -> int:
    return sum(len(team.member_roles()) for team in organization.teams.values())


def _count_grants(organization: Organization) -> int:
    return sum(len(team.repositories) for team in organization.teams.values())


def _project_membership(organization: dict[str, Any], change: Change) -> None:
    team, login = change.key
    lists = entry(organization, "teams", team)
    for role in ("maintainers", "members"):
        lists[role] = [other for other in lists.get(role, []) if other != login]
    if change.action is not Action.DELETE:
        lists["maintainers" if change.desired == "maintainer" else "members"].append(login)


def _project_grant(organization: dict[str, Any], change: Change) -> None:
    team, repo = change.key
    put(entry(organization, "teams", team, "repositories"), change, repo)


TEAM_MEMBERSHIP = KindSpec(
    Kind.TEAM_MEMBERSHIP,
    label="member",
    scope=Scope.TEAM,
    payload=PayloadShape.ROLE,
    differ=plan_team_memberships,
    prune_switch="team_members",
    references=_membership_references,
    live_count=_count_memberships,
    project=_project_membership,
)
TEAM_REPOSITORY = KindSpec(
    Kind.TEAM_REPOSITORY,
    label="access to",
    scope=Scope.TEAM,
    payload=PayloadShape.ROLE,
    differ=plan_team_repositories,
    repository_key=1,
    prune_switch="team_repositories",
    references=_grant_references,
    live_count=_count_grants,
    project=_project_grant,
)
