"""A branch protected only by a classic pattern rule (``release/*``) is protected in the audit's eyes."""

from __future__ import annotations

from ghprov.audit.branches import branch_rules, classic_protection
from ghprov.model import BranchProtection, Organization, Repository

RELEASE = BranchProtection(required_approving_review_count=2)
EXACT = BranchProtection(required_approving_review_count=1)
REPOSITORY = Repository(
    branches=("main", "release/1", "release/1/hotfix", "release/2"),
    branch_protection={"release/*": RELEASE, "release/2": EXACT, "re*": BranchProtection()},
)


def test_the_rule_naming_a_branch_wins_then_a_matching_pattern() -> None:
    assert classic_protection(REPOSITORY, "release/2") == EXACT
    assert classic_protection(REPOSITORY, "release/1") == RELEASE  # "re*" stops at the "/"
    # GitHub's fnmatch: * does not cross "/", so neither pattern reaches a nested branch, nor main.
    assert classic_protection(REPOSITORY, "release/1/hotfix") is None
    assert classic_protection(REPOSITORY, "main") is None


def test_branch_rules_see_the_pattern() -> None:
    organization = Organization(organization="acme", repositories={"fleet": REPOSITORY})
    rules = branch_rules(organization, "fleet", "release/1")
    assert rules.protected and rules.classic == RELEASE
