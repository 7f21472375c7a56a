"""Which changes a change needs: creations of what it names, computed once by the plan (apply reads them)."""

from __future__ import annotations

from ghprov.model import Actors, BranchProtection, BypassActor, CustomRole, Ruleset, Team
from ghprov.plan.changes import Action, Change, FieldChange, Kind
from ghprov.plan.ordering import resolve_dependencies


def prerequisites(changes: list[Change]) -> list[tuple[str, ...]]:
    return [change.depends_on for change in resolve_dependencies(changes)]


def test_creations_of_named_resources_are_prerequisites() -> None:
    changes = [
        Change(Kind.CUSTOM_ROLE, Action.CREATE, ("flux-automation",), desired=CustomRole(base_role="write")),
        Change(Kind.TEAM, Action.CREATE, ("bots",), desired=Team()),
        Change(Kind.TEAM, Action.UPDATE, ("ops",), desired=Team(description="x"), current=Team()),
        Change(Kind.BRANCH, Action.CREATE, ("fleet", "production"), desired="main"),
        Change(Kind.TEAM_MEMBERSHIP, Action.CREATE, ("ops", "alice"), desired="member"),
        Change(Kind.TEAM_REPOSITORY, Action.CREATE, ("bots", "fleet"), desired="flux-automation"),
        Change(
            Kind.BRANCH_PROTECTION,
            Action.CREATE,
            ("fleet", "production"),
            desired=BranchProtection(
                required_approving_review_count=1, bypass_pull_request_allowances=Actors(teams=["bots"])
            ),
        ),
        Change(
            Kind.ORGANIZATION_RULESET,
            Action.CREATE,
            ("main",),
            desired=Ruleset(bypass_actors=[BypassActor(role="flux-automation"), BypassActor(team="ops")]),
        ),
        Change(Kind.TEAM_MEMBERSHIP, Action.DELETE, ("bots", "eve"), current="member"),
    ]
    assert prerequisites(changes) == [
        (),
        (),
        (),
        (),
        # A failed description update of "ops" must not hold its memberships back.
        (),
        ("custom_role:flux-automation", "team:bots"),
        ("branch:fleet/production", "team:bots"),
        ("custom_role:flux-automation",),
        # Deletions need nothing to exist.
        (),
    ]


def test_rename_then_update_of_the_same_resource_and_unarchiving() -> None:
    changes = [
        Change(Kind.REPOSITORY, Action.RENAME, ("fleet",), fields=(FieldChange("name", "old", "fleet"),)),
        Change(Kind.REPOSITORY, Action.UPDATE, ("fleet",), desired={"description": "x"}),
        Change(Kind.REPOSITORY, Action.UPDATE, ("apps",), desired={"archived": False}),
        Change(Kind.BRANCH, Action.CREATE, ("apps", "production"), desired="main"),
        Change(
            Kind.BRANCH, Action.CREATE, ("fleet", "production"), desired="main", depends_on=("team:nowhere",)
        ),
    ]
    assert prerequisites(changes) == [
        (),
        ("repository:fleet",),
        (),
        ("repository:apps",),
        ("repository:fleet",),
    ]
