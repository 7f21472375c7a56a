"""App installations in the plan: add and prune repositories of selected installations only."""

from __future__ import annotations

from plan_helpers import addresses, plan_for

INSTALLED = {"repositories": {"d1-fleet": {}, "d1-apps": {}}}


def test_selected_lists_gain_declared_repositories_and_lose_others_only_with_prune() -> None:
    current = {**INSTALLED, "app_installations": {"flux-app": {"repositories": ["d1-apps"]}}}
    desired = {**INSTALLED, "app_installations": {"flux-app": {"repositories": ["d1-fleet"]}}}
    assert addresses(plan_for(desired, current)) == ["+ app_installation_repository:flux-app/d1-fleet"]
    pruned = plan_for({**desired, "prune": {"app_installations": True}}, current)
    assert addresses(pruned) == [
        "+ app_installation_repository:flux-app/d1-fleet",
        "- app_installation_repository:flux-app/d1-apps",
    ]


def test_switching_between_all_and_selected_is_a_finding_not_a_change() -> None:
    current = {**INSTALLED, "app_installations": {"flux-app": {"repositories": "all"}}}
    desired = {**INSTALLED, "app_installations": {"flux-app": {"repositories": ["d1-fleet"]}}}
    plan = plan_for(desired, current)
    assert plan.changes == []
    assert [finding.code for finding in plan.findings] == ["installation-mode"]
