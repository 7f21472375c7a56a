"""Repository collaborators in the plan engine: invite, re-role, invitations, prune, rails, refusals."""

from __future__ import annotations

import pytest
from plan_helpers import addresses, change, codes, live, org, plan_for
from pydantic import ValidationError

from ghprov.errors import PlanRefused
from ghprov.model import LiveOrganization, Repository
from ghprov.plan import Action, SafetyOptions, check_plan_safety, compute_plan
from ghprov.plan.changes import Kind
from ghprov.plan.kinds.registry import spec_of
from ghprov.plan.repository_admins import repository_admins

INVITED = "repository_invitation:d1-fleet/ext-bob"


def repo(**collaborators: str) -> dict[str, object]:
    return {"repositories": {"d1-fleet": {"collaborators": collaborators}}}


def with_invitation(
    current: dict[str, object], *invited: str, owners: tuple[str, ...] = ()
) -> LiveOrganization:
    state = live(**current, members={"owners": list(owners)})
    for login in invited:
        state.ids.resources[f"repository_invitation:d1-fleet/{login}"] = 7000 + len(login)
    return state


def test_roles_are_normalised_and_logins_checked() -> None:
    assert Repository(collaborators={"alice": "push", "ext-bob": "Flux-Automation"}).collaborators == {
        "alice": "write",
        "ext-bob": "Flux-Automation",
    }
    with pytest.raises(ValidationError, match="not a GitHub user name"):
        Repository(collaborators={"-bad-": "read"})


def test_declared_collaborators_are_granted_and_re_roled_and_undeclared_ones_stay() -> None:
    plan = plan_for(repo(alice="write", carol="admin"), repo(alice="read", dave="write"))
    assert addresses(plan) == [
        "~ repository_collaborator:d1-fleet/alice",
        "+ repository_collaborator:d1-fleet/carol",
    ]
    granted = change(plan, "repository_collaborator:d1-fleet/carol")
    assert (granted.desired, granted.current, granted.repository) == ("admin", None, "d1-fleet")
    assert [
        (f.field, f.before, f.after) for f in change(plan, "repository_collaborator:d1-fleet/alice").fields
    ] == [("role", "read", "write")]


def test_a_pending_invitation_counts_as_granted() -> None:
    plan = compute_plan(
        org(**repo(**{"ext-bob": "read"})), with_invitation(repo(**{"ext-bob": "read"}), "ext-bob")
    )
    assert plan.changes == []
    assert codes(plan) == [("invitation-pending", "repository_collaborator:d1-fleet/ext-bob")]
    assert "ext-bob has not accepted the invitation to d1-fleet yet" in plan.findings[0].message


def test_an_invitation_is_re_roled_and_cancelled_as_an_invitation() -> None:
    current = with_invitation(repo(**{"ext-bob": "read"}), "ext-bob")
    plan = compute_plan(org(**repo(**{"ext-bob": "maintain"})), current)
    assert addresses(plan) == [f"~ {INVITED}"]
    assert change(plan, INVITED).desired == "maintain"
    pruned = compute_plan(org(**repo(), prune={"collaborators": True}), current)
    assert addresses(pruned) == [f"- {INVITED}"]


def test_prune_removes_undeclared_collaborators_behind_the_rails() -> None:
    desired = {**repo(alice="admin"), "prune": {"collaborators": True}}
    current = repo(alice="admin", dave="write")
    plan = plan_for(desired, current)
    assert addresses(plan) == ["- repository_collaborator:d1-fleet/dave"]
    violations = check_plan_safety(plan, live(**current), org(**desired), SafetyOptions())
    # One of two grants removed: the deletion rail and the removal circuit breaker both trip.
    assert {"delete-not-allowed", "removal-ratio"} <= {violation.rule for violation in violations}
    allowed = check_plan_safety(
        plan, live(**current), org(**desired), SafetyOptions(allow_delete=True, force=True)
    )
    assert allowed == []


def test_removing_the_last_admin_of_a_repository_is_a_lockout() -> None:
    desired = {**repo(), "prune": {"collaborators": True}}
    current = repo(alice="admin")
    plan = plan_for(desired, current)
    options = SafetyOptions(allow_delete=True, force=True)
    violations = check_plan_safety(plan, live(**current), org(**desired), options)
    assert [(v.rule, v.address, v.override) for v in violations] == [
        ("last-repository-admin", "repository:d1-fleet", None)
    ]
    assert "it has alice (direct)" in violations[0].message
    # An owner is an admin of every repository: removing the collaborator leaves one.
    with_owner = with_invitation(current, owners=("octo-owner",))
    assert check_plan_safety(plan, with_owner, org(**desired), options) == []


def test_admins_come_from_owners_admin_teams_and_admin_collaborators() -> None:
    state = org(
        members={"owners": ["olga"], "members": ["tom", "kid"]},
        teams={
            "admins": {"members": ["tom"], "repositories": {"d1-fleet": "admin"}},
            "kids": {"parent": "admins", "members": ["kid"]},
        },
        repositories={
            "d1-fleet": {"collaborators": {"ext-bob": "admin", "ext-amy": "write"}},
            "d1-infra": {},
        },
    )
    assert repository_admins(state) == {
        "d1-fleet": {
            "olga (owner)",
            "tom (team admins)",
            "kid (parent team admins (via kids))",
            "ext-bob (direct)",
        },
        "d1-infra": {"olga (owner)"},
    }


def test_a_refused_read_or_an_unknown_login_refuses_the_plan_with_the_name() -> None:
    with pytest.raises(PlanRefused, match="ghost"):
        plan_for(
            repo(ghost="read"),
            repo(),
            unknowns={"repositories/d1-fleet/collaborators/ghost": "GitHub has no user 'ghost'"},
        )
    with pytest.raises(PlanRefused, match="push access"):
        plan_for(
            repo(alice="read"), repo(), unknowns={"repositories/d1-fleet/collaborators": "needs push access"}
        )


def test_custom_roles_are_created_first_and_the_repository_too() -> None:
    plan = plan_for(
        {
            **repo(**{"ext-bob": "flux-automation"}),
            "custom_roles": {"flux-automation": {"base_role": "write"}},
        }
    )
    granted = change(plan, "repository_collaborator:d1-fleet/ext-bob")
    assert {"repository:d1-fleet", "custom_role:flux-automation"} <= set(granted.depends_on)
    assert (
        spec_of(Kind.REPOSITORY_COLLABORATOR).prune_switch == spec_of(Kind.REPOSITORY_INVITATION).prune_switch
    )
    assert granted.action is Action.CREATE


def test_an_accepted_invitation_changes_the_saved_plans_digest() -> None:
    pending = compute_plan(org(**repo()), with_invitation(repo(**{"ext-bob": "read"}), "ext-bob"))
    accepted = compute_plan(org(**repo()), with_invitation(repo(**{"ext-bob": "read"})))
    assert INVITED in pending.resource_digests and INVITED not in accepted.resource_digests


def test_the_access_diff_shows_a_new_collaborator() -> None:
    plan = plan_for(repo(alice="write"))
    assert [c.describe() for c in plan.access if c.principal == "user:alice"] == [
        "alice gains write on d1-fleet (via direct)"
    ]


def test_an_invitation_to_a_custom_role_shows_its_base_role_and_matches() -> None:
    roles = {"custom_roles": {"flux-automation": {"base_role": "maintain"}}}
    current = with_invitation({**repo(**{"ext-bob": "maintain"}), **roles}, "ext-bob")
    plan = compute_plan(org(**repo(**{"ext-bob": "flux-automation"}), **roles), current)
    assert plan.changes == []
    assert codes(plan) == [("invitation-pending", "repository_collaborator:d1-fleet/ext-bob")]


def test_a_member_below_the_base_permission_is_warned_about() -> None:
    people = {
        "members": {"owners": ["olga"], "members": ["alice"]},
        "settings": {"default_repository_permission": "write"},
    }
    plan = plan_for({**repo(alice="read", **{"ext-bob": "read"}), **people}, people)
    assert codes(plan) == [("collaborator-below-base-permission", "repository_collaborator:d1-fleet/alice")]
    assert "GitHub refuses a direct role below that (read)" in plan.findings[0].message
    assert codes(plan_for({**repo(alice="maintain"), **people}, people)) == []
