"""The bot bypass rail: a bot keeps every bypass the config gives it, directly or through a team.

Flux's bot pushes to protected branches through these bypasses; losing one breaks delivery. What a bot
can hold, each kept on its own (losing the force-push bypass is a loss even when the review bypass stays):
- ``review bypass``: a classic protection's ``bypass_pull_request_allowances``;
- ``force-push bypass``: a classic protection's ``bypass_force_push_allowances``;
- ``push allowance``: a classic protection's ``restrictions`` (who may push at all);
- ``pull-request bypass`` / ``direct-push bypass`` of a ruleset: every ``bypass_actors`` mode bypasses on
  pull requests, only ``always`` and ``exempt`` on direct pushes (and so past ``non_fast_forward``);
  narrowing the bot's mode to ``pull_request`` takes the direct push away.
A protection that stops blocking what a grant got around (pull requests no longer required, force pushes
allowed to everyone, restrictions lifted) keeps the grant: the bot still may, as everyone may; whether
that loosening is wanted is the loosening flag's question, not this rail's. Bots are user accounts, so
App allowances are not theirs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ghprov.model import Actors, BranchProtection, Organization, Ruleset, team_slug
from ghprov.plan.changes import Action, Change, Kind, Plan, address
from ghprov.plan.violations import SafetyViolation

REVIEW_BYPASS = "review bypass"
FORCE_PUSH_BYPASS = "force-push bypass"
PUSH_ALLOWANCE = "push allowance"


@dataclass(frozen=True, order=True)
class Grant:
    """One thing a protection or ruleset lets the bot do: what, through which reference and setting."""

    what: str  # review bypass | force-push bypass | push allowance | pull-request bypass | direct-push bypass
    reference: str  # user:<bot> | team:<name>
    setting: str  # bypass_force_push_allowances, restrictions, bypass_actors (always) …

    def describe(self) -> str:
        return f"{self.what} ({self.reference} in {self.setting})"


def _team_matches(reference: str, team: str) -> bool:
    return reference == team or team_slug(reference) == team_slug(team)


def _bot_teams(desired: Organization, bot: str) -> set[str]:
    """Teams the config puts the bot in (through ``bots:`` or as a declared member)."""
    teams = set(desired.bots[bot].teams)
    teams |= {name for name, team in desired.teams.items() if bot in team.member_roles()}
    return teams


def _references(actors: Actors, bot: str, teams: set[str]) -> set[str]:
    found = {f"user:{bot}"} if bot in actors.users else set()
    return found | {f"team:{t}" for t in actors.teams if any(_team_matches(t, mine) for mine in teams)}


def _protection_grants(protection: BranchProtection, bot: str, teams: set[str]) -> set[Grant]:
    lists: list[tuple[str, str, Actors | None]] = [
        (REVIEW_BYPASS, "bypass_pull_request_allowances", protection.bypass_pull_request_allowances),
        (FORCE_PUSH_BYPASS, "bypass_force_push_allowances", protection.bypass_force_push_allowances),
        (PUSH_ALLOWANCE, "restrictions", protection.restrictions),
    ]
    return {
        Grant(what, reference, setting)
        for what, setting, actors in lists
        if actors is not None
        for reference in _references(actors, bot, teams)
    }


def _ruleset_grants(ruleset: Ruleset, bot: str, teams: set[str]) -> set[Grant]:
    found: set[Grant] = set()
    for actor in ruleset.bypass_actors:
        if actor.user == bot:
            reference = f"user:{bot}"
        elif actor.team and any(_team_matches(actor.team, mine) for mine in teams):
            reference = f"team:{actor.team}"
        else:
            continue
        setting = f"bypass_actors ({actor.mode})"
        found.add(Grant("pull-request bypass", reference, setting))
        if actor.mode != "pull_request":
            found.add(Grant("direct-push bypass", reference, setting))
    return found


def _grants(value: object, bot: str, teams: set[str]) -> set[Grant]:
    """What a protection or ruleset lets ``bot`` do."""
    if isinstance(value, BranchProtection):
        return _protection_grants(value, bot, teams)
    if isinstance(value, Ruleset):
        return _ruleset_grants(value, bot, teams)
    return set()


def _lost(configured: set[Grant], change: Change, bot: str, teams: set[str]) -> list[Grant]:
    """What the config gives the bot that the change's result no longer does (the setting may differ)."""
    if change.action is Action.DELETE:
        return sorted(configured)
    kept = {(grant.what, grant.reference) for grant in _grants(change.desired, bot, teams)}
    unblocked = _unblocked(change.desired)
    return sorted(
        grant
        for grant in configured
        if (grant.what, grant.reference) not in kept and grant.what not in unblocked
    )


def _unblocked(value: object) -> set[str]:
    """What a protection no longer blocks for anyone, so needs no bypass: the bot still may."""
    if not isinstance(value, BranchProtection):
        return set()
    found = set()
    if not value.requires_pull_request:
        found.add(REVIEW_BYPASS)
    if value.allow_force_pushes:
        found.add(FORCE_PUSH_BYPASS)
    if value.restrictions is None:
        found.add(PUSH_ALLOWANCE)
    return found


def _configured(desired: Organization, bot: str, teams: set[str]) -> dict[str, set[Grant]]:
    """Address → what the config's protections and rulesets let ``bot`` do there."""
    found: dict[str, set[Grant]] = {}
    values: list[tuple[str, object]] = []
    for repo, spec in desired.repositories.items():
        values += [(address(Kind.BRANCH_PROTECTION, repo, b), p) for b, p in spec.branch_protection.items()]
        values += [(address(Kind.REPOSITORY_RULESET, repo, n), r) for n, r in spec.rulesets.items()]
    values += [(address(Kind.ORGANIZATION_RULESET, n), r) for n, r in desired.rulesets.items()]
    for where, value in values:
        grants = _grants(value, bot, teams)
        if grants:
            found[where] = grants
    return found


def bot_bypass_violations(plan: Plan, desired: Organization) -> list[SafetyViolation]:
    """Changes that remove a bypass the config gives a bot, or remove the bot from where it gets one."""
    violations: list[SafetyViolation] = []
    by_address: dict[str, Change] = {change.address: change for change in plan.changes}
    for bot in sorted(desired.bots):
        teams = _bot_teams(desired, bot)
        configured = _configured(desired, bot, teams)
        for where, grants in sorted(configured.items()):
            change = by_address.get(where)
            if change is None:
                continue
            lost = _lost(grants, change, bot, teams)
            if lost:
                message = f"the plan takes away what the config gives bot {bot}: " + "; ".join(
                    grant.describe() for grant in lost
                )
                violations.append(SafetyViolation("bot-bypass", where, message, None))
        bypass_teams = {
            grant.reference.split(":", 1)[1]
            for grants in configured.values()
            for grant in grants
            if grant.reference.startswith("team:")
        }
        for change in plan.changes:
            if change.action is not Action.DELETE:
                continue
            if change.kind is Kind.ORGANIZATION_MEMBERSHIP and change.key == (bot,) and configured:
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
