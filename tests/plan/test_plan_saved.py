"""Saved plans round-trip exactly; the live checksum and per-resource digests detect a changed org."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plan_helpers import live, plan_for

from ghprov.plan import (
    SavedPlanError,
    changed_resources,
    live_checksum,
    load_plan,
    resource_digests,
    save_plan,
)

DESIRED = {
    "settings": {"default_repository_permission": "none", "blog": None},
    "members": {"owners": ["alice"], "members": ["bob"]},
    "custom_roles": {"flux": {"base_role": "write", "permissions": ["bypass_branch_protection"]}},
    "teams": {
        "platform": {
            "previously": ["infra"],
            "description": "P",
            "members": ["bob"],
            "repositories": {"fleet": "admin"},
        },
        "child": {"parent": "platform"},
    },
    "repositories": {
        "fleet": {
            "topics": ["d1"],
            "branches": ["prod"],
            "archived": False,
            "branch_protection": {
                "prod": {"required_approving_review_count": 1, "restrictions": {"teams": ["platform"]}}
            },
            "rulesets": {
                "r": {
                    "rules": [{"pull_request": {}}],
                    "bypass_actors": [{"team": "platform", "mode": "pull_request"}],
                }
            },
        }
    },
    "rulesets": {"org": {"conditions": {"repository_name": {"include": ["~ALL"]}}}},
    "prune": {"branch_protection": True, "team_members": True},
}
CURRENT = {
    "settings": {"default_repository_permission": "read", "blog": "x"},
    "members": {"owners": ["alice"]},
    "teams": {"infra": {"description": "Old", "members": ["carol"]}},
    "repositories": {"fleet": {"archived": True, "topics": [], "branch_protection": {"main": {}}}},
}


def test_saved_plan_round_trips_to_an_equal_plan(tmp_path: Path) -> None:
    plan = plan_for(DESIRED, CURRENT, pending={"dave": "member"})
    assert {c.kind.value for c in plan.changes} >= {"custom_role", "team", "repository", "branch_protection"}
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    loaded = load_plan(path)
    assert loaded == plan
    assert loaded.resource_digests == plan.resource_digests
    repository_update = next(
        c for c in loaded.changes if c.address == "repository:fleet" and c.action.value == "update"
    )
    assert repository_update.desired["topics"] == ("d1",)


def test_checksum_is_stable_and_sensitive_to_every_part() -> None:
    base = live(**CURRENT)
    assert live_checksum(base) == live_checksum(live(**CURRENT))
    assert live_checksum(base).startswith("sha256:") and len(live_checksum(base)) == 71
    variants = [
        live(**{**CURRENT, "members": {"owners": ["alice", "bob"]}}),
        live(**{**CURRENT, "teams": {"infra": {"description": "Changed"}}}),
        live(**CURRENT, pending={"dave": "member"}),
        live(**{**CURRENT, "settings": {"default_repository_permission": "write"}}),
    ]
    assert len({live_checksum(base), *(live_checksum(v) for v in variants)}) == 5


def test_changed_resources_names_what_differs() -> None:
    saved = resource_digests(live(**CURRENT))
    assert changed_resources(saved, live(**CURRENT)) == []
    drifted = live(
        **{
            **CURRENT,
            "teams": {"infra": {"description": "Changed"}, "new": {}},
            "members": {"owners": ["alice"]},
        },
        pending={"dave": "member"},
    )
    assert changed_resources(saved, drifted) == ["organization_membership:dave", "team:infra", "team:new"]
    removed = live(**{**CURRENT, "repositories": {}})
    assert changed_resources(saved, removed) == ["repository:fleet"]


def test_load_refuses_files_that_are_not_plans(tmp_path: Path) -> None:
    with pytest.raises(SavedPlanError, match="cannot read saved plan"):
        load_plan(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(SavedPlanError, match="is not JSON"):
        load_plan(broken)
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "terraform"}))
    with pytest.raises(SavedPlanError, match="not a ghprov plan"):
        load_plan(other)
    future = tmp_path / "future.json"
    future.write_text(json.dumps({"format": "ghprov-plan", "version": 99}))
    with pytest.raises(SavedPlanError, match="version 99 is not supported"):
        load_plan(future)
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps({"format": "ghprov-plan", "version": 1, "organization": "acme"}))
    with pytest.raises(SavedPlanError, match="damaged"):
        load_plan(damaged)
