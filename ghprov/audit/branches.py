"""What protects one branch: its classic protection plus every active ruleset whose conditions match it.

GitHub layers them (the most restrictive wins), so a check passes when either source satisfies it
and names the source that did (``classic_protection``, ``ruleset:<name>``, ``org_ruleset:<name>``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ghprov.model import BranchProtection, Organization, Repository, Ruleset, RulesetRule
from ghprov.model.custom_properties import PropertyValues
from ghprov.model.protection import is_branch_pattern
from ghprov.model.ruleset_targets import branch_targeted, fnmatch_pathname, repository_targeted

DEFAULT_BRANCH = "main"


@dataclass(frozen=True)
class AppliedRuleset:
    name: str
    repository: str | None  # None for an organisation ruleset
    ruleset: Ruleset

    @property
    def source(self) -> str:
        return f"org_ruleset:{self.name}" if self.repository is None else f"ruleset:{self.name}"


@dataclass
class BranchRules:
    """Everything that applies to ``repo``/``branch``."""

    repo: str
    branch: str
    classic: BranchProtection | None
    rulesets: list[AppliedRuleset] = field(default_factory=list)

    @property
    def protected(self) -> bool:
        return self.classic is not None or bool(self.rulesets)

    def rules(self, rule_type: str) -> Iterator[tuple[AppliedRuleset, RulesetRule]]:
        """Every rule of ``rule_type`` in the applicable rulesets."""
        for applied in self.rulesets:
            for rule in applied.ruleset.rules:
                if rule.type == rule_type:
                    yield applied, rule

    def rule_values(self, rule_type: str, parameter: str) -> list[tuple[AppliedRuleset, Any]]:
        """(ruleset, value) of one parameter over every rule of ``rule_type``."""
        return [(applied, (rule.parameters or {}).get(parameter)) for applied, rule in self.rules(rule_type)]


def default_branch(repository: Repository) -> str:
    return repository.default_branch or DEFAULT_BRANCH


def ruleset_applies(
    ruleset: Ruleset,
    repo: str,
    branch: str,
    default: str,
    *,
    org_level: bool,
    repo_id: int | None = None,
    properties: PropertyValues | None = None,
) -> bool:
    """Does an active branch ruleset cover this branch (and, at org level, this repository)?

    ``properties`` are the repository's custom property values, for rulesets that select repositories
    by property; without them such a ruleset is not counted (a check never leans on what it cannot see).
    """
    if ruleset.enforcement != "active" or ruleset.target != "branch":
        return False
    if org_level and not repository_targeted(ruleset.conditions, repo, repo_id, properties):
        return False
    return branch_targeted(ruleset.conditions, branch, default)


def classic_pattern(patterns: Iterable[str], branch: str) -> str | None:
    """The name of the classic rule GitHub applies to ``branch`` among ``patterns``: the one naming
    it, else one whose pattern matches.

    GitHub ranks matching patterns by creation date (older first), which the model does not keep; the
    patterns are tried in name order instead, so with overlapping patterns the choice may differ.
    """
    names = set(patterns)
    if branch in names or is_branch_pattern(branch):
        return branch if branch in names else None
    matching = sorted(name for name in names if is_branch_pattern(name) and fnmatch_pathname(name, branch))
    return matching[0] if matching else None


def classic_protection(repository: Repository, branch: str) -> BranchProtection | None:
    """The classic rule GitHub applies to ``branch`` (see ``classic_pattern``)."""
    pattern = classic_pattern(repository.branch_protection, branch)
    return repository.branch_protection[pattern] if pattern is not None else None


def branch_rules(
    organization: Organization, repo: str, branch: str, repo_id: int | None = None
) -> BranchRules:
    """The classic protection and rulesets that apply to ``repo``/``branch``."""
    repository = organization.repositories[repo]
    default = default_branch(repository)
    found = BranchRules(repo, branch, classic_protection(repository, branch))
    for name, ruleset in sorted(repository.rulesets.items()):
        if ruleset_applies(ruleset, repo, branch, default, org_level=False):
            found.rulesets.append(AppliedRuleset(name, repo, ruleset))
    for name, ruleset in sorted(organization.rulesets.items()):
        applies = ruleset_applies(
            ruleset, repo, branch, default, org_level=True, repo_id=repo_id, properties=repository.properties
        )
        if applies:
            found.rulesets.append(AppliedRuleset(name, None, ruleset))
    return found
