"""Which protection and ruleset changes weaken a guard (they run after the tightening ones)."""

from __future__ import annotations

from typing import Any

import pytest

from ghprov.model import BranchProtection, Ruleset
from ghprov.plan.loosening import protection_loosens, ruleset_loosens

BASE: dict[str, Any] = {
    "required_approving_review_count": 2,
    "dismiss_stale_reviews": True,
    "required_status_checks": {"strict": True, "contexts": ["build", "test"]},
    "restrictions": {"users": ["alice"]},
    "dismissal_restrictions": {"teams": ["leads"]},
}


@pytest.mark.parametrize(
    ("change", "loosens"),
    [
        ({"required_approving_review_count": 1}, True),
        ({"required_approving_review_count": 3}, False),
        ({"dismiss_stale_reviews": False}, True),
        ({"enforce_admins": True}, False),
        ({"allow_force_pushes": True}, True),
        ({"allow_deletions": True}, True),
        ({"bypass_pull_request_allowances": {"users": ["flux-bot"]}}, True),
        ({"required_status_checks": None}, True),
        ({"required_status_checks": {"strict": False, "contexts": ["build", "test"]}}, True),
        ({"required_status_checks": {"strict": True, "contexts": ["build"]}}, True),
        ({"required_status_checks": {"strict": True, "contexts": ["build", "test", "lint"]}}, False),
        ({"restrictions": None}, True),
        ({"restrictions": {"users": ["alice", "bob"]}}, True),
        ({"restrictions": {"users": []}}, False),
        ({"dismissal_restrictions": {"teams": ["leads", "all"]}}, True),
    ],
)
def test_protection_loosening(change: dict[str, Any], loosens: bool) -> None:
    before = BranchProtection(**BASE)
    assert protection_loosens(before, BranchProtection(**{**BASE, **change})) is loosens


def test_protection_requiring_no_pull_requests_any_more_loosens() -> None:
    assert protection_loosens(BranchProtection(required_approving_review_count=0), BranchProtection())
    assert protection_loosens(BranchProtection(), None)
    assert not protection_loosens(None, BranchProtection())


RULES: dict[str, Any] = {
    "enforcement": "active",
    "conditions": {"ref_name": {"include": ["refs/heads/main"], "exclude": []}},
    "rules": [
        {"pull_request": {"required_approving_review_count": 2}},
        {"required_status_checks": {"required_status_checks": [{"context": "build"}]}},
        {"non_fast_forward": {}},
    ],
    "bypass_actors": [{"team": "flux-bots", "mode": "pull_request"}],
}


@pytest.mark.parametrize(
    ("change", "loosens"),
    [
        ({"enforcement": "evaluate"}, True),
        ({"rules": RULES["rules"][:2]}, True),
        ({"rules": [{"pull_request": {"required_approving_review_count": 1}}, *RULES["rules"][1:]]}, True),
        ({"rules": [{"pull_request": {"required_approving_review_count": 3}}, *RULES["rules"][1:]]}, False),
        (
            {
                "rules": [
                    {
                        "pull_request": {
                            "required_approving_review_count": 2,
                            "allowed_merge_methods": ["squash"],
                        }
                    },
                    *RULES["rules"][1:],
                ]
            },
            False,
        ),
        (
            {
                "rules": [
                    RULES["rules"][0],
                    {
                        "required_status_checks": {
                            "required_status_checks": [],
                            "do_not_enforce_on_create": True,
                        }
                    },
                    RULES["rules"][2],
                ]
            },
            True,
        ),
        ({"rules": [*RULES["rules"], {"required_signatures": {}}]}, False),
        ({"bypass_actors": [{"team": "flux-bots", "mode": "always"}]}, True),
        ({"bypass_actors": [*RULES["bypass_actors"], {"organization_admin": True}]}, True),
        ({"bypass_actors": []}, False),
        ({"conditions": {"ref_name": {"include": [], "exclude": []}}}, True),
        ({"conditions": {"ref_name": {"include": ["refs/heads/main"], "exclude": ["refs/heads/x"]}}}, True),
        (
            {"conditions": {"ref_name": {"include": ["refs/heads/main", "~DEFAULT_BRANCH"], "exclude": []}}},
            False,
        ),
    ],
)
def test_ruleset_loosening(change: dict[str, Any], loosens: bool) -> None:
    assert ruleset_loosens(Ruleset(**RULES), Ruleset(**{**RULES, **change})) is loosens


def test_ruleset_deletion_loosens_and_creation_does_not() -> None:
    assert ruleset_loosens(Ruleset(**RULES), None)
    assert not ruleset_loosens(None, Ruleset(**RULES))
