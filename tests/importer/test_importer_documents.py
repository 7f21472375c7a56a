"""The importer without GitHub: hand-made live states → files, checked by loading them back."""

from __future__ import annotations

from pathlib import Path

import pytest

from ghprov.config import load_config
from ghprov.errors import GhprovError
from ghprov.importer import ImportOptions, build_config, parse_kinds, write_config
from ghprov.importer.options import KINDS
from ghprov.model import (
    Actors,
    BranchProtection,
    BypassActor,
    CustomRole,
    LiveOrganization,
    Members,
    Organization,
    Repository,
    Ruleset,
    Team,
    Unknown,
)
from ghprov.plan import compute_plan

LIVE = Organization(
    organization="acme",
    members=Members(owners=("alice",), members=("bob", "flux-bot")),
    custom_roles={"pusher": CustomRole(base_role="write")},
    teams={
        "platform": Team(
            privacy="closed", maintainers=("alice",), repositories={"fleet": "admin", "other": "read"}
        ),
        "bots": Team(privacy="closed", members=("flux-bot",), repositories={"fleet": "pusher"}),
    },
    repositories={
        "fleet": Repository(
            visibility="private",
            default_branch="main",
            branches=("main", "production", "feature-1"),
            delete_branch_on_merge=True,
            branch_protection={
                "main": BranchProtection(
                    required_approving_review_count=1,
                    bypass_pull_request_allowances=Actors(teams=("bots",)),
                ),
                "production": BranchProtection(enforce_admins=True),
            },
            rulesets={
                "tags": Ruleset(
                    target="tag",
                    conditions={"ref_name": {"include": ["refs/tags/*"]}},
                    rules=({"deletion": {}},),
                    bypass_actors=(BypassActor(role="pusher"),),
                )
            },
        ),
        "other": Repository(visibility="private", delete_branch_on_merge=True, has_issues=False),
        "public-site": Repository(visibility="public", delete_branch_on_merge=False),
    },
)


def live_state(**changes: object) -> LiveOrganization:
    return LiveOrganization(state=LIVE.model_copy(update=changes))


def load(files: dict[str, str], directory: Path) -> Organization:
    write_config(files, directory)
    return load_config(directory).organization


def test_a_full_import_loads_and_plans_no_changes(tmp_path: Path) -> None:
    live = live_state()
    imported = build_config(live, ImportOptions(bots=("flux-bot",)))
    desired = load(imported.files, tmp_path)
    assert compute_plan(desired, live).changes == []
    assert desired.bots["flux-bot"].teams == ("bots",)
    assert desired.members == Members(owners=("alice",), members=("bob",))
    # A majority shares delete_branch_on_merge and private visibility; the odd one out says its own.
    text = imported.files["repositories.yaml"]
    assert "defaults:\n  repository: {delete_branch_on_merge: true, visibility: private}\n" in text
    assert "  public-site: {delete_branch_on_merge: false, visibility: public}\n" in text
    assert "  other: {has_issues: false}\n" in text
    # Only the protected branch besides the default one; feature branches are not configuration.
    assert desired.repositories["fleet"].branches == ("production",)


def test_only_some_kinds_declares_what_they_name(tmp_path: Path) -> None:
    imported = build_config(live_state(), ImportOptions(kinds=frozenset({"teams"})))
    desired = load(imported.files, tmp_path)
    assert set(imported.files) == {"org.yaml", "teams.yaml", "repositories.yaml"}
    assert desired.repositories["fleet"].model_fields_set == set()  # declared, nothing managed
    assert set(desired.custom_roles) == {"pusher"}  # a grant names it
    assert desired.members is None and desired.settings is None
    assert "Declared only because imported entries name them" in imported.files["repositories.yaml"]

    only_repositories = build_config(live_state(), ImportOptions(kinds=frozenset({"repositories"})))
    desired = load(only_repositories.files, tmp_path / "repos")
    assert set(desired.teams) == {"bots"}  # named by a protection's bypass allowance
    assert desired.teams["bots"].model_fields_set == set()


def test_repository_globs_select_repositories_and_the_grants_on_them(tmp_path: Path) -> None:
    imported = build_config(live_state(), ImportOptions(repositories=("fl*",)))
    desired = load(imported.files, tmp_path)
    assert set(desired.repositories) == {"fleet"}
    assert desired.teams["platform"].repositories == {"fleet": "admin"}


def test_unknowns_become_warnings_and_are_never_shared(tmp_path: Path) -> None:
    reason = "merge settings are only shown to tokens with write access to the repository"
    other = LIVE.repositories["other"].model_dump(exclude_unset=True)
    del other["delete_branch_on_merge"]
    live = live_state(repositories={**LIVE.repositories, "other": Repository.model_validate(other)})
    live.unknowns.append(Unknown("repositories/other/delete_branch_on_merge", reason))
    live.unknowns.append(Unknown("rulesets", "organisation rulesets are not visible to this token"))
    imported = build_config(live, ImportOptions())
    assert [str(warning) for warning in imported.warnings] == [
        f"repositories/other/delete_branch_on_merge: not imported: {reason}",
        "rulesets: not imported: organisation rulesets are not visible to this token",
    ]
    text = imported.files["repositories.yaml"]
    assert "delete_branch_on_merge: true" in text.split("repositories:")[1]  # stated per repository
    assert f"  # warning: delete_branch_on_merge: not imported: {reason}\n  other:" in text
    desired = load(imported.files, tmp_path)
    assert "delete_branch_on_merge" not in desired.repositories["other"].model_fields_set


def test_a_large_organisation_is_split_by_initial(tmp_path: Path) -> None:
    repositories = {
        f"{letter}-{index:03}": Repository(visibility="private") for letter in "ab" for index in range(60)
    }
    imported = build_config(live_state(repositories=repositories, teams={}), ImportOptions())
    assert sorted(imported.files) == [
        "org.yaml",
        "repositories-a.yaml",
        "repositories-b.yaml",
        "repositories.yaml",
    ]
    assert len(load(imported.files, tmp_path).repositories) == 120


def test_a_bot_that_is_not_a_member_is_a_warning() -> None:
    imported = build_config(live_state(), ImportOptions(bots=("ghost",)))
    assert [str(warning) for warning in imported.warnings] == [
        "bots/ghost: not a member of the organisation: not declared as a bot"
    ]


def test_only_rejects_unknown_kinds() -> None:
    assert parse_kinds(None) == frozenset(KINDS)
    assert parse_kinds(["teams,members", "rulesets"]) == {"teams", "members", "rulesets"}
    with pytest.raises(GhprovError, match=r"unknown kind for --only: team$") as raised:
        parse_kinds(["team"])
    assert raised.value.hint.startswith("choose from settings, members")


def test_writing_refuses_to_mix_with_an_existing_configuration(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("organization: acme\n", encoding="utf-8")
    with pytest.raises(GhprovError, match="already holds configuration files") as raised:
        write_config({"org.yaml": "organization: acme\n"}, tmp_path)
    assert "--force" in raised.value.hint
    assert write_config({"org.yaml": "organization: acme\n"}, tmp_path, force=True) == [
        tmp_path / "mine.yaml"
    ]
    assert (tmp_path / "org.yaml").read_text(encoding="utf-8") == "organization: acme\n"
