"""The bot bypass rail: a bot keeps every bypass the config gives it, directly or through a team.

Flux's bot pushes to protected branches through these bypasses; losing one breaks delivery.
"""

from __future__ import annotations

from ghprov.model import BranchProtection, Organization, Ruleset, team_slug
from ghprov.plan.changes import Action, Change, Kind, Plan, address
from ghprov.plan.violations import SafetyViolation


def _team_matches(reference: str, team: str) -> bool:
    return reference == team or team_slug(reference) == team_slug(team)


def _bot_teams(desired: Organization, bot: str) -> set[str]:
    """Teams the config puts the bot in (through ``bots:`` or as a declared member)."""
    teams = set(desired.bots[bot].teams)
    teams |= {name for name, team in desired.teams.items() if bot in team.member_roles()}
    return teams


def _grants(value: object, bot: str, teams: set[str]) -> set[str]:
    """The references in a protection or ruleset that let ``bot`` bypass: ``user:x`` / ``team:y``."""
    references: set[str] = set()
    if isinstance(value, BranchProtection):
        allowances = value.bypass_pull_request_allowances
        if bot in allowances.users:
            references.add(f"user:{bot}")
        references |= {f"team:{t}" for t in allowances.teams for mine in teams if _team_matches(t, mine)}
    elif isinstance(value, Ruleset):
        for actor in value.bypass_actors:
            if actor.user == bot:
                references.add(f"user:{bot}")
            elif actor.team and any(_team_matches(actor.team, mine) for mine in teams):
                references.add(f"team:{actor.team}")
    return references


def _configured_bypasses(desired: Organization, bot: str, teams: set[str]) -> dict[str, set[str]]:
    """Address → bypass references the config gives ``bot``."""
    found: dict[str, set[str]] = {}
    values: list[tuple[str, object]] = []
    for repo, spec in desired.repositories.items():
        values += [(address(Kind.BRANCH_PROTECTION, repo, b), p) for b, p in spec.branch_protection.items()]
        values += [(address(Kind.REPOSITORY_RULESET, repo, n), r) for n, r in spec.rulesets.items()]
    values += [(address(Kind.ORGANIZATION_RULESET, n), r) for n, r in desired.rulesets.items()]
    for where, value in values:
        references = _grants(value, bot, teams)
        if references:
            found[where] = references
    return found


def bot_bypass_violations(plan: Plan, desired: Organization) -> list[SafetyViolation]:
    """Changes that remove a bypass the config gives a bot, or remove the bot from where it gets one."""
    violations: list[SafetyViolation] = []
    by_address: dict[str, Change] = {change.address: change for change in plan.changes}
    for bot in sorted(desired.bots):
        teams = _bot_teams(desired, bot)
        bypasses = _configured_bypasses(desired, bot, teams)
        for where, references in sorted(bypasses.items()):
            change = by_address.get(where)
            if change is None:
                continue
            kept = _grants(change.desired, bot, teams) if change.action is not Action.DELETE else set()
            lost = sorted(references - kept)
            if lost:
                message = f"the plan takes away the bypass the config gives bot {bot} ({', '.join(lost)})"
                violations.append(SafetyViolation("bot-bypass", where, message, None))
        bypass_teams = {
            ref.split(":", 1)[1] for refs in bypasses.values() for ref in refs if ref.startswith("team:")
        }
        for change in plan.changes:
            if change.action is not Action.DELETE:
                continue
            if change.kind is Kind.ORGANIZATION_MEMBERSHIP and change.key == (bot,) and bypasses:
                message = (
                    f"removing bot {bot} from the organisation takes away the bypass the config gives it"
                )
                violations.append(SafetyViolation("bot-bypass", change.address, message, None))
            if (
                change.kind is Kind.TEAM_MEMBERSHIP
                and change.key[1] == bot
                and any(_team_matches(team, change.key[0]) for team in bypass_teams)
            ):
                message = f"removing bot {bot} from {change.key[0]} takes away the bypass that team gives it"
                violations.append(SafetyViolation("bot-bypass", change.address, message, None))
    return violations
