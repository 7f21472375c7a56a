"""Plan rules for classic protection beyond one branch: patterns need no branch; new settings loosen."""

from __future__ import annotations

from typing import Any

import pytest

from ghprov.model import Actors, BranchProtection
from ghprov.plan.changes import Action, Change, Kind
from ghprov.plan.loosening import protection_loosens
from ghprov.plan.ordering import resolve_dependencies

BASE: dict[str, Any] = {
    "required_status_checks": {
        "strict": True,
        "contexts": ["lint"],
        "checks": [{"context": "build", "app": "ci-app"}],
    },
    "bypass_force_push_allowances": {"teams": ["release-managers"]},
    "required_deployments": ["staging"],
    "lock_branch": True,
}


def _protection(key: str, **fields: Any) -> Change:
    desired = BranchProtection(
        required_approving_review_count=1,
        bypass_force_push_allowances=Actors(teams=("bots",)),
        **fields,
    )
    return Change(Kind.BRANCH_PROTECTION, Action.CREATE, ("fleet", key), desired=desired)


def test_a_pattern_waits_for_its_repository_and_teams_but_no_branch() -> None:
    changes = [
        Change(Kind.REPOSITORY, Action.CREATE, ("fleet",), desired=None),
        Change(Kind.BRANCH, Action.CREATE, ("fleet", "production"), desired="main"),
        Change(Kind.BRANCH, Action.CREATE, ("fleet", "release/*"), desired="main"),
        Change(Kind.TEAM, Action.CREATE, ("bots",), desired=None),
        _protection("production"),
        _protection("release/*"),
    ]
    needs = {change.key: change.depends_on for change in resolve_dependencies(changes)}
    assert needs[("fleet", "production")] == ("branch:fleet/production", "repository:fleet", "team:bots")
    # Even a (nonsensical) branch change under the pattern's name is not waited for: a pattern is no branch.
    assert needs[("fleet", "release/*")] == ("repository:fleet", "team:bots")


@pytest.mark.parametrize(
    ("change", "loosens"),
    [
        ({"bypass_force_push_allowances": {"teams": ["release-managers"], "users": ["mia"]}}, True),
        ({"bypass_force_push_allowances": {}}, False),
        ({"required_deployments": []}, True),
        ({"required_deployments": ["staging", "production"]}, False),
        ({"allow_fork_syncing": True}, True),
        ({"lock_branch": False}, True),
        # A pinned check that any source may now report, or another App, accepts more.
        ({"required_status_checks": {"strict": True, "contexts": ["lint", "build"]}}, True),
        (
            {
                "required_status_checks": {
                    "strict": True,
                    "contexts": ["lint"],
                    "checks": [{"context": "build", "app": "other-app"}],
                }
            },
            True,
        ),
        # Pinning a check that any source could report is stricter.
        (
            {
                "required_status_checks": {
                    "strict": True,
                    "checks": [{"context": "build", "app": "ci-app"}, {"context": "lint", "app": "ci-app"}],
                }
            },
            False,
        ),
        (
            {"required_status_checks": {"strict": True, "checks": [{"context": "build", "app": "ci-app"}]}},
            True,
        ),
    ],
)
def test_what_loosens_a_protection(change: dict[str, Any], loosens: bool) -> None:
    before = BranchProtection.model_validate(BASE)
    after = BranchProtection.model_validate({**BASE, **change})
    assert protection_loosens(before, after) is loosens
