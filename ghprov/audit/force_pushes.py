"""Who may still force-push (rewrite history) on a branch whose force pushes are blocked.

A force push is blocked by a classic protection with ``allow_force_pushes: false`` and by every active
ruleset holding a ``non_fast_forward`` rule. GitHub layers them, so an actor rewrites history only when it
gets past every block: the classic protection's ``bypass_force_push_allowances`` (GitHub applies the
block to administrators whatever ``enforce_admins`` says), and each such ruleset's ``bypass_actors`` in
mode ``always`` or ``exempt`` (``pull_request`` bypasses rules on pull requests only, and a force push is
not one). A team's bypass is also its members' (and bots the config puts in it), so an actor allowed by
a team in one source and by name in another is found.
"""

from __future__ import annotations

from dataclasses import dataclass

from ghprov.audit.branches import BranchRules
from ghprov.audit.findings import Evidence
from ghprov.audit.locate import Locator
from ghprov.model import Organization, team_slug
from ghprov.model.bypasses import actor_principals, ruleset_principal

CLASSIC_ALLOWANCES = "bypass_force_push_allowances"


@dataclass(frozen=True)
class Block:
    """One source that blocks force pushes, and who gets past it (principal → how)."""

    source: str  # classic_protection | ruleset:<name> | org_ruleset:<name>
    bypassers: dict[str, str]
    evidence: Evidence  # where the block is set
    bypass_evidence: Evidence  # where its bypass list is


@dataclass(frozen=True)
class ForcePushes:
    """The blocks on one branch and who gets past all of them."""

    blocks: list[Block]
    # principal → the path past each block, e.g. "classic_protection bypass_force_push_allowances".
    bypassers: dict[str, list[str]]
    # The bypass lists that let them past (the blocks themselves when nobody gets past).
    evidence: list[Evidence]

    @property
    def blocked(self) -> bool:
        return bool(self.blocks)


def _members(organization: Organization, reference: str) -> list[str]:
    for name, team in organization.teams.items():
        if reference in (name, team_slug(name)) or team_slug(reference) == team_slug(name):
            people = [*team.maintainers, *team.members]
            return people + [
                b for b, spec in organization.bots.items() if name in spec.teams and b not in people
            ]
    return []


def _expanded(organization: Organization, principals: dict[str, str]) -> dict[str, str]:
    """Principals plus the members of every team among them, each with how it gets past."""
    found = dict(principals)
    for principal, how in principals.items():
        if principal.startswith("team:"):
            team = principal.removeprefix("team:")
            for login in _members(organization, team):
                found.setdefault(f"user:{login}", f"{how} (via team {team})")
    return found


def force_pushes(organization: Organization, rules: BranchRules, locator: Locator) -> ForcePushes:
    """The force-push blocks on ``rules``' branch and who may still force-push past all of them."""
    blocks: list[Block] = []
    classic = rules.classic
    if classic is not None and not classic.allow_force_pushes:
        how = f"classic_protection {CLASSIC_ALLOWANCES}"
        allowed = {principal: how for principal in actor_principals(classic.bypass_force_push_allowances)}
        blocks.append(
            Block(
                "classic_protection",
                _expanded(organization, allowed),
                locator.protection(rules.repo, rules.branch, "allow_force_pushes"),
                locator.protection(rules.repo, rules.branch, CLASSIC_ALLOWANCES),
            )
        )
    for applied, _ in rules.rules("non_fast_forward"):
        allowed = {}
        for actor in applied.ruleset.bypass_actors:
            if actor.mode != "pull_request":
                allowed[ruleset_principal(actor)] = (
                    f"{applied.source} bypass_actors ({actor.mode}) non_fast_forward"
                )
        blocks.append(
            Block(
                applied.source,
                _expanded(organization, allowed),
                locator.ruleset(applied.repository, applied.name, "/rules[type=non_fast_forward]"),
                locator.ruleset(applied.repository, applied.name, "/bypass_actors"),
            )
        )
    if not blocks:
        return ForcePushes([], {}, [])
    past_all = set(blocks[0].bypassers).intersection(*(set(block.bypassers) for block in blocks[1:]))
    bypassers = {
        principal: [block.bypassers[principal] for block in blocks] for principal in sorted(past_all)
    }
    evidence = (
        [block.bypass_evidence for block in blocks] if past_all else [block.evidence for block in blocks]
    )
    return ForcePushes(blocks, bypassers, evidence)
