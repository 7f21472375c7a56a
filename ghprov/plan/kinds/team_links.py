"""Team memberships (people and bots) and team repository grants."""

from __future__ import annotations

from ghprov.model import Team, is_builtin_role
from ghprov.plan.changes import Action, Change, FieldChange, Kind
from ghprov.plan.context import DiffContext


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
    deps: tuple[str, ...],
) -> Change:
    fields = (FieldChange("role", current, desired),)
    return Change(kind, action, key, fields, desired, current, deps)


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
        wanted = desired_team_roles(team, team_bots)
        current_team = ctx.live_team(name)
        live_roles = current_team.member_roles() if current_team is not None else {}
        if current_team is not None:
            ctx.touch(f"teams/{ctx.live_team_name(name)}/members")
        for login in sorted(wanted):
            role = wanted[login]
            deps = (f"{Kind.TEAM.value}:{name}", f"{Kind.ORGANIZATION_MEMBERSHIP.value}:{login}")
            if login in live_roles:
                if live_roles[login] != role:
                    ctx.add(
                        _link(
                            Kind.TEAM_MEMBERSHIP, Action.UPDATE, (name, login), role, live_roles[login], deps
                        )
                    )
            elif login in ctx.live.pending_invitations and login not in org_members:
                ctx.find(
                    "invitation-pending",
                    f"{Kind.TEAM_MEMBERSHIP.value}:{name}/{login}",
                    f"{login} joins {name} after accepting the pending organisation invitation",
                )
            else:
                ctx.add(_link(Kind.TEAM_MEMBERSHIP, Action.CREATE, (name, login), role, None, deps))
        if team.manages_membership and ctx.desired.prune.team_members and current_team is not None:
            for login in sorted(set(live_roles) - set(wanted)):
                ctx.add(
                    _link(Kind.TEAM_MEMBERSHIP, Action.DELETE, (name, login), None, live_roles[login], ())
                )


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
            deps = [f"{Kind.TEAM.value}:{name}", f"{Kind.REPOSITORY.value}:{repo}"]
            if not is_builtin_role(role):
                deps.append(f"{Kind.CUSTOM_ROLE.value}:{role}")
            current = live_grants.get(repo)
            if current is None:
                ctx.add(_link(Kind.TEAM_REPOSITORY, Action.CREATE, (name, repo), role, None, tuple(deps)))
            elif current != role:
                ctx.add(_link(Kind.TEAM_REPOSITORY, Action.UPDATE, (name, repo), role, current, tuple(deps)))
        if ctx.desired.prune.team_repositories and current_team is not None:
            for repo in sorted(set(live_grants) - set(team.repositories)):
                ctx.add(_link(Kind.TEAM_REPOSITORY, Action.DELETE, (name, repo), None, live_grants[repo], ()))
