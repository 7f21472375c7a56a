"""Who may get around a protected branch's rules, and through which path: the access matrix's bypass half.

GitHub's bypass paths, as the organisation model holds them:
- ``review``: a classic protection's ``bypass_pull_request_allowances`` (users, teams, Apps) may push
  without the required pull request and its approvals;
- ``force-push``: a classic protection's ``bypass_force_push_allowances`` (GraphQL
  ``bypassForcePushAllowances``) may force-push, and so rewrite history, while force pushes are blocked;
- ``protection``: with ``enforce_admins: false`` the repository's admins (``role:admin``) and the holders of a
  custom role with the ``bypass_branch_protection`` permission bypass the protection's rules; GitHub
  applies force-push and deletion blocks to administrators regardless, so this is not a force-push bypass;
- ``ruleset``: a ruleset's ``bypass_actors`` (Team, Integration, RepositoryRole, OrganizationAdmin,
  EnterpriseOwner, DeployKey, User) bypass every rule of the ruleset in their mode: ``pull_request`` on
  pull requests only, ``always`` and ``exempt`` on direct pushes too, which makes them force-push bypasses
  when the ruleset holds a ``non_fast_forward`` rule.
A team's bypass reaches the team's direct members and maintainers (and bots the config puts in it), as
``user:<login>`` rows naming the team, so adding someone to a bypass team shows. Role principals
(``role:admin``) are not expanded: who holds the role is the role half of the matrix.

``restrictions`` (who may push at all) is not a bypass: it narrows who may push rather than exempting anyone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ghprov.model.organization import Organization
from ghprov.model.protection import Actors, BranchProtection
from ghprov.model.rulesets import BypassActor, Ruleset
from ghprov.model.teams import team_slug

REVIEW = "review"
FORCE_PUSH = "force-push"
PROTECTION = "protection"
RULESET = "ruleset"
# How an organisation ruleset is named as a bypass's resource ("organization ruleset <name>").
ORGANIZATION_RULESET = "organization ruleset "

# How much a ruleset bypass mode allows, for comparing two modes (higher bypasses more).
MODE_STRENGTH: dict[str, int] = {"pull_request": 1, "always": 2, "exempt": 3}
# The custom repository role permission that lets its holders bypass classic protections like admins.
BYPASS_PERMISSION = "bypass_branch_protection"


@dataclass(frozen=True)
class Bypass:
    """One principal's bypass of one protection or ruleset."""

    principal: str  # user:<login> | team:<name> | app:<slug> | role:<name> | organization:admins | …
    resource: str  # "<repo>@<branch>" | "<repo> ruleset <name>" | "organization ruleset <name>"
    scope: str  # review | force-push | protection | ruleset
    path: (
        str  # the setting that grants it: bypass_force_push_allowances, enforce_admins: false, bypass_actors
    )
    mode: str | None = None  # ruleset bypass mode
    team: str | None = None  # for a user: the team whose bypass this is
    rules: tuple[str, ...] = ()  # ruleset: the rule types it bypasses

    @property
    def force_push(self) -> bool:
        """True when this bypass lets its holder force-push (rewrite history) past a block."""
        if self.scope == FORCE_PUSH:
            return True
        return self.scope == RULESET and self.mode != "pull_request" and "non_fast_forward" in self.rules

    def value(self) -> str:
        """What the principal holds, as the plan's access diff names it: ``force-push bypass``."""
        return f"ruleset bypass ({self.mode})" if self.scope == RULESET else f"{self.scope} bypass"

    def strength(self) -> int:
        return MODE_STRENGTH.get(self.mode or "", 0) if self.scope == RULESET else 1

    def describe_path(self) -> str:
        """``bypass_force_push_allowances``, ``team flux-bots in bypass_actors; rules non_fast_forward …``."""
        text = f"team {self.team} in {self.path}" if self.team else self.path
        if self.scope == RULESET and self.rules:
            named = [f"{rule} (force pushes)" if rule == "non_fast_forward" else rule for rule in self.rules]
            text += f"; rules {', '.join(named)}"
        return text

    def as_record(self) -> dict[str, object]:
        """A plain row for the audit snapshot."""
        record: dict[str, object] = {
            "principal": self.principal,
            "resource": self.resource,
            "scope": self.scope,
            "path": self.path,
            "force_push": self.force_push,
        }
        for key, value in (("mode", self.mode), ("team", self.team)):
            if value is not None:
                record[key] = value
        if self.rules:
            record["rules"] = list(self.rules)
        return record


def actor_principals(actors: Actors) -> list[str]:
    return [
        *(f"user:{login}" for login in actors.users),
        *(f"team:{team}" for team in actors.teams),
        *(f"app:{app}" for app in actors.apps),
    ]


def ruleset_principal(actor: BypassActor) -> str:
    """``team:flux-bots``, ``app:flux``, ``role:admin``, ``organization:admins``, ``enterprise:owners``,
    ``deploy_keys``."""
    if actor.organization_admin:
        return "organization:admins"
    if actor.enterprise_owner:
        return "enterprise:owners"
    if actor.deploy_keys:
        return "deploy_keys"
    return f"{actor.kind}:{actor.name}"


class _Teams:
    """Who is in a team, by the name or slug a protection uses."""

    def __init__(self, organization: Organization) -> None:
        self.by_slug = {team_slug(name): name for name in organization.teams}
        self.people: dict[str, list[str]] = {}
        for name, team in organization.teams.items():
            people = [*team.maintainers, *team.members]
            # Bots join their teams through ``bots:`` rather than the team's member list.
            people += [
                bot for bot, spec in organization.bots.items() if name in spec.teams and bot not in people
            ]
            self.people[name] = people

    def members(self, reference: str) -> list[str]:
        name = reference if reference in self.people else self.by_slug.get(team_slug(reference), "")
        return self.people.get(name, [])


def _with_members(found: Bypass, teams: _Teams) -> Iterable[Bypass]:
    yield found
    if found.principal.startswith("team:"):
        team = found.principal.removeprefix("team:")
        for login in teams.members(team):
            yield Bypass(
                f"user:{login}", found.resource, found.scope, found.path, found.mode, team, found.rules
            )


def _protection(protection: BranchProtection, resource: str, bypass_roles: list[str]) -> Iterable[Bypass]:
    if protection.requires_pull_request:
        for principal in actor_principals(protection.bypass_pull_request_allowances):
            yield Bypass(principal, resource, REVIEW, "bypass_pull_request_allowances")
    if not protection.allow_force_pushes:
        for principal in actor_principals(protection.bypass_force_push_allowances):
            yield Bypass(principal, resource, FORCE_PUSH, "bypass_force_push_allowances")
    if not protection.enforce_admins:
        for role in bypass_roles:
            yield Bypass(f"role:{role}", resource, PROTECTION, "enforce_admins: false")


def _ruleset(ruleset: Ruleset, resource: str) -> Iterable[Bypass]:
    rules = tuple(sorted({rule.type for rule in ruleset.rules}))
    for actor in ruleset.bypass_actors:
        yield Bypass(ruleset_principal(actor), resource, RULESET, "bypass_actors", actor.mode, None, rules)


def bypasses(organization: Organization) -> list[Bypass]:
    """Every bypass the organisation's protections and rulesets grant, team bypasses also per member."""
    teams = _Teams(organization)
    custom = (
        name for name, role in organization.custom_roles.items() if BYPASS_PERMISSION in role.permissions
    )
    bypass_roles = ["admin", *sorted(custom)]
    found: list[Bypass] = []
    for repo, repository in sorted(organization.repositories.items()):
        for branch, protection in sorted(repository.branch_protection.items()):
            for granted in _protection(protection, f"{repo}@{branch}", bypass_roles):
                found.extend(_with_members(granted, teams))
        for name, ruleset in sorted(repository.rulesets.items()):
            for granted in _ruleset(ruleset, f"{repo} ruleset {name}"):
                found.extend(_with_members(granted, teams))
    for name, ruleset in sorted(organization.rulesets.items()):
        for granted in _ruleset(ruleset, f"{ORGANIZATION_RULESET}{name}"):
            found.extend(_with_members(granted, teams))
    return sorted(found, key=lambda b: (b.resource, b.scope, b.principal, b.path, b.team or ""))
