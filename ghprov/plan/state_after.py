"""Who will be where once a plan is applied: the live teams, grants and roles with the plan's changes on top.

The safety rails reason about this projected state rather than the config, so they also hold for a
saved plan. Invitations count as accepted: the projection is what the plan intends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ghprov.model import LiveOrganization, Organization
from ghprov.plan.changes import Action, Change, Kind, Plan


@dataclass
class ProjectedAccess:
    org_roles: dict[str, str] = field(default_factory=dict)
    team_members: dict[str, dict[str, str]] = field(default_factory=dict)
    team_grants: dict[str, dict[str, str]] = field(default_factory=dict)
    team_parents: dict[str, str | None] = field(default_factory=dict)


def _renames(plan: Plan, kind: Kind) -> dict[str, str]:
    """old name → new name for the plan's renames of ``kind``."""
    return {
        c.fields[0].before: c.key[0] for c in plan.changes if c.kind is kind and c.action is Action.RENAME
    }


def _apply_link(table: dict[str, dict[str, str]], change: Change) -> None:
    owner, item = change.key
    if change.action is Action.DELETE:
        table.get(owner, {}).pop(item, None)
    else:
        table.setdefault(owner, {})[item] = str(change.desired)


def project_access(plan: Plan, live: LiveOrganization, desired: Organization) -> ProjectedAccess:
    """Org roles, team members, grants and parents as they will be after ``plan``."""
    state = live.state
    team_names, repo_names = _renames(plan, Kind.TEAM), _renames(plan, Kind.REPOSITORY)
    projected = ProjectedAccess(org_roles=state.members.roles() if state.members is not None else {})
    for live_name, team in state.teams.items():
        name = team_names.get(live_name, live_name)
        projected.team_members[name] = team.member_roles()
        projected.team_grants[name] = {repo_names.get(r, r): role for r, role in team.repositories.items()}
        projected.team_parents[name] = team_names.get(team.parent, team.parent) if team.parent else None
    for change in plan.changes:
        if change.kind is Kind.ORGANIZATION_MEMBERSHIP:
            if change.action is Action.DELETE:
                projected.org_roles.pop(change.key[0], None)
            else:
                projected.org_roles[change.key[0]] = str(change.desired)
        elif change.kind is Kind.TEAM_MEMBERSHIP:
            _apply_link(projected.team_members, change)
        elif change.kind is Kind.TEAM_REPOSITORY:
            _apply_link(projected.team_grants, change)
        elif change.kind is Kind.TEAM and change.action is Action.DELETE:
            for table in (projected.team_members, projected.team_grants, projected.team_parents):
                table.pop(change.key[0], None)
        elif change.kind is Kind.TEAM and change.action in (Action.CREATE, Action.UPDATE):
            spec = desired.teams.get(change.key[0])
            if spec is not None and (change.action is Action.CREATE or "parent" in spec.model_fields_set):
                projected.team_parents[change.key[0]] = spec.parent
    return projected


def members_with_inheritance(projected: ProjectedAccess, team: str) -> set[str]:
    """Direct members of ``team`` and of every team beneath it (child teams inherit a parent's grants)."""
    members: set[str] = set()
    pending, seen = [team], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        members |= set(projected.team_members.get(current, {}))
        pending += [child for child, parent in projected.team_parents.items() if parent == current]
    return members
