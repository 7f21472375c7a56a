"""Repositories: settings per managed field, renames, branches, archive handling; never deleted."""

from __future__ import annotations

from plan_helpers import addresses, change, codes, plan_for

from ghprov.model import Repository
from ghprov.plan import Action, FieldChange


def test_repository_created_with_its_extra_branches() -> None:
    plan = plan_for(
        {"repositories": {"infra": {"visibility": "private", "branches": ["main", "production"]}}}
    )
    assert addresses(plan) == ["+ repository:infra", "+ branch:infra/production"]
    created = change(plan, "repository:infra")
    assert isinstance(created.desired, Repository)
    assert created.fields == (FieldChange("visibility", None, "private"),)
    branch = change(plan, "branch:infra/production")
    assert branch.desired == "main"
    assert branch.depends_on == ("repository:infra",)


def test_branch_created_from_live_default_branch_when_missing() -> None:
    plan = plan_for(
        {"repositories": {"infra": {"branches": ["trunk", "production", "staging"]}}},
        {"repositories": {"infra": {"default_branch": "trunk", "branches": ["trunk", "staging"]}}},
    )
    assert addresses(plan) == ["+ branch:infra/production"]
    assert change(plan, "branch:infra/production").desired == "trunk"
    assert change(plan, "branch:infra/production").depends_on == ()


def test_repository_update_only_managed_fields_that_differ() -> None:
    plan = plan_for(
        {
            "repositories": {
                "fleet": {"description": "Fleet", "topics": ["flux", "d1"], "allow_rebase_merge": False}
            }
        },
        {
            "repositories": {
                "fleet": {"description": "Old", "topics": ["d1", "flux"], "allow_rebase_merge": False}
            }
        },
    )
    update = change(plan, "repository:fleet")
    assert update.desired == {"description": "Fleet"}
    assert update.current == {"description": "Old"}


def test_repository_none_vs_unset() -> None:
    current = {"repositories": {"fleet": {"homepage": "https://x.example"}}}
    assert plan_for({"repositories": {"fleet": {}}}, current).changes == []
    cleared = plan_for({"repositories": {"fleet": {"homepage": None}}}, current)
    assert change(cleared, "repository:fleet").desired == {"homepage": None}


def test_empty_topics_match_missing_topics() -> None:
    assert (
        plan_for({"repositories": {"fleet": {"topics": []}}}, {"repositories": {"fleet": {}}}).changes == []
    )


def test_repositories_are_never_deleted_even_when_unlisted() -> None:
    prune_all = {name: True for name in ("members", "teams", "team_members", "team_repositories")}
    plan = plan_for({"repositories": {}, "prune": prune_all}, {"repositories": {"legacy": {}}})
    assert plan.changes == []


def test_repository_rename_then_updates_against_the_renamed_repository() -> None:
    plan = plan_for(
        {
            "repositories": {
                "fleet": {"previously": ["fleet-old"], "description": "New", "branches": ["prod"]}
            }
        },
        {
            "repositories": {
                "fleet-old": {"description": "Old", "default_branch": "main", "branches": ["main"]}
            }
        },
    )
    assert addresses(plan) == ["~ repository:fleet", "~ repository:fleet", "+ branch:fleet/prod"]
    rename, update, branch = plan.changes
    assert rename.action is Action.RENAME
    assert rename.fields == (FieldChange("name", "fleet-old", "fleet"),)
    assert update.desired == {"description": "New"}
    assert branch.depends_on == ("repository:fleet",)


def test_archived_repository_changes_become_one_finding() -> None:
    plan = plan_for(
        {
            "repositories": {"old": {"description": "New", "branch_protection": {"main": {}}}},
            "teams": {"platform": {"repositories": {"old": "read"}}},
        },
        {"repositories": {"old": {"archived": True, "description": "Old"}}, "teams": {"platform": {}}},
    )
    assert plan.changes == []
    assert codes(plan) == [("archived-repository", "repository:old")]
    message = plan.findings[0].message
    assert "skipped 3" in message and "branch_protection:old/main" in message and "archived: false" in message


def test_archived_repository_without_drift_has_no_finding() -> None:
    same = {"repositories": {"old": {"archived": True, "description": "Old"}}}
    plan = plan_for(same, same)
    assert plan.changes == [] and plan.findings == []


def test_unarchive_goes_first_and_other_changes_depend_on_it() -> None:
    plan = plan_for(
        {
            "repositories": {
                "old": {"archived": False, "description": "New", "branch_protection": {"main": {}}}
            },
            "teams": {"platform": {"repositories": {"old": "read"}}},
        },
        {"repositories": {"old": {"archived": True, "description": "Old"}}, "teams": {"platform": {}}},
    )
    assert addresses(plan) == [
        "~ repository:old",
        "+ team_repository:platform/old",
        "+ branch_protection:old/main",
    ]
    unarchive = plan.changes[0]
    assert unarchive.unarchives and unarchive.desired == {"description": "New", "archived": False}
    assert all(c.depends_on == ("repository:old",) for c in plan.changes[1:])


def test_archiving_goes_last_after_everything_on_the_repository() -> None:
    plan = plan_for(
        {
            "repositories": {"old": {"archived": True, "branch_protection": {"main": {}}}},
            "rulesets": {"org": {}},
            "prune": {"team_members": True},
            "teams": {"t": {"members": []}},
        },
        {"repositories": {"old": {}}, "teams": {"t": {"members": ["bob"]}}, "members": {"owners": ["bob"]}},
    )
    assert addresses(plan)[-1] == "~ repository:old"
    archive = plan.changes[-1]
    assert archive.archives
    assert archive.depends_on == ("branch_protection:old/main",)


def test_declared_archived_repository_is_created_unarchived_with_a_finding() -> None:
    plan = plan_for({"repositories": {"new": {"archived": True, "description": "D"}}})
    created = change(plan, "repository:new")
    assert "archived" not in created.desired.model_fields_set
    assert created.fields == (FieldChange("description", None, "D"),)
    assert codes(plan) == [("create-archived", "repository:new")]
