"""End to end: plans applied to the sandbox emulator through the real client; the emulator's state checked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from github import Auth

from ghprov.apply import ApplyOptions, ApplyReport, Status, execute
from ghprov.github.client import GitHubClient
from ghprov.model import (
    BranchProtection,
    LiveOrganization,
    Members,
    Organization,
    ResourceIds,
    Ruleset,
    TeamRef,
)
from ghprov.plan import Action, Change, Kind, Plan, compute_plan
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.state import GitHubState
from ghprov_testbeds.sandbox.state import Team as SandboxTeam

pytestmark = pytest.mark.e2e

DESIRED: dict[str, Any] = {
    "organization": "acme",
    "members": {"owners": ["octo-owner"], "members": ["carol", "octo-flux-bot", "octo-member"]},
    "teams": {
        "platform-team": {
            "description": "Platform engineers",
            "privacy": "closed",
            "maintainers": ["octo-owner"],
            "repositories": {"d1-fleet": "admin"},
        },
        "frontend-team": {
            "parent": "platform-team",
            "members": ["octo-member"],
            "repositories": {"d1-fleet": "write"},
        },
        "flux-bots": {
            "privacy": "closed",
            "members": ["octo-flux-bot"],
            "repositories": {"d1-fleet": "read"},
        },
    },
    "repositories": {
        "d1-fleet": {
            "description": "Fleet repository",
            "visibility": "private",
            "default_branch": "main",
            "branches": ["main", "production"],
            "topics": ["flux"],
            "allow_update_branch": True,
            "branch_protection": {
                "main": {
                    "required_approving_review_count": 2,
                    "required_signatures": True,
                    "enforce_admins": True,
                    "required_status_checks": {"strict": True, "contexts": ["manifests"]},
                    "bypass_pull_request_allowances": {"users": ["octo-flux-bot"], "teams": ["flux-bots"]},
                }
            },
            "rulesets": {
                "production": {
                    "conditions": {"ref_name": {"include": ["refs/heads/production"]}},
                    "bypass_actors": [
                        {"team": "flux-bots"},
                        {"role": "admin"},
                        {"organization_admin": True},
                        {"app": "ghprov-app"},
                    ],
                    "rules": [
                        {"non_fast_forward": {}},
                        {"pull_request": {"required_approving_review_count": 1}},
                    ],
                }
            },
        }
    },
    "rulesets": {
        "org-default": {
            "conditions": {
                "ref_name": {"include": ["~DEFAULT_BRANCH"]},
                "repository_name": {"include": ["~ALL"]},
            },
            "rules": [{"deletion": {}}],
            "bypass_actors": [{"organization_admin": True}],
        }
    },
}


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start(org="acme") as running:
        running.state.add_user("carol")
        yield running
        assert running.internal_errors == []


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[GitHubClient]:
    with GitHubClient(
        Auth.Token(sandbox.tokens["owner"]), api_url=sandbox.url, write_interval_seconds=0
    ) as made:
        yield made


def starting_live(ids: ResourceIds | None = None) -> LiveOrganization:
    members = Members(owners=["octo-owner"], members=["octo-member", "octo-flux-bot"])
    state = Organization(organization="acme", members=members)
    return LiveOrganization(state=state, ids=ids or ResourceIds(), viewer="octo-owner")


def fast() -> ApplyOptions:
    return ApplyOptions(write_interval=0.0, consistency_backoff=0.05)


def team_named(state: GitHubState, name: str) -> SandboxTeam:
    found = state.team_by_name(name)
    assert found is not None, name
    return found


def assert_all_done(report: ApplyReport) -> None:
    assert [(r.address, r.message) for r in report.results if r.status is not Status.DONE] == []


def test_d1_plan_applied_to_an_empty_org(sandbox: Sandbox, client: GitHubClient) -> None:
    desired = Organization.model_validate(DESIRED)
    plan = compute_plan(desired, starting_live())
    report = execute(plan, starting_live(), client, fast())
    assert_all_done(report)
    # Exactly the writes the writers produced (the default-branch writes were not needed).
    writes = sandbox.writes()
    assert report.writes == len(writes) == report.planned_writes - report.elided_writes
    assert all(entry.status < 400 for entry in writes)

    state = sandbox.state
    platform, frontend, bots = (team_named(state, n) for n in ("platform-team", "frontend-team", "flux-bots"))
    assert frontend.parent_id == platform.id
    # The applying owner created every team but stays only where the config lists them.
    assert platform.members == {"octo-owner": "maintainer"}
    assert frontend.members == {"octo-member": "member"}
    assert bots.members == {"octo-flux-bot": "member"}
    assert (platform.repos, frontend.repos, bots.repos) == (
        {"d1-fleet": "admin"},
        {"d1-fleet": "write"},
        {"d1-fleet": "read"},
    )

    fleet = state.repository("d1-fleet")
    assert fleet is not None
    assert set(fleet.branches) == {"main", "production"}
    assert fleet.topics == ["flux"] and fleet.allow_update_branch is True
    protection = fleet.protections["main"]
    assert protection.required_signatures is True
    (ruleset,) = fleet.rulesets.values()
    actors = sorted((actor["actor_type"], actor["actor_id"]) for actor in ruleset.bypass_actors)
    app_id = state.apps["ghprov-app"].id
    assert actors == sorted(
        [("Integration", app_id), ("OrganizationAdmin", None), ("RepositoryRole", 5), ("Team", bots.id)]
    )
    (org_ruleset,) = state.org_rulesets.values()
    assert org_ruleset.name == "org-default"
    assert [entry.login for entry in state.invitations.values()] == ["carol"]
    # Only the app id and the default branch tip had to be read; everything else was known or learned.
    assert report.lookups == ["GET /repos/acme/d1-fleet/git/ref/heads/main", "GET /apps/ghprov-app"]


def _ids_after_first_apply(state: GitHubState) -> ResourceIds:
    teams = {team.name: TeamRef(team.id, team.slug) for team in state.teams.values()}
    fleet = state.repository("d1-fleet")
    assert fleet is not None
    rulesets = {("d1-fleet", r.name): r.id for r in fleet.rulesets.values()}
    return ResourceIds(
        teams=teams,
        repository_rulesets=rulesets,
        organization_rulesets={r.name: r.id for r in state.org_rulesets.values()},
        users={login: user.id for login, user in state.users.items()},
        apps={slug: app.id for slug, app in state.apps.items()},
    )


def test_updates_renames_and_deletions_reach_the_sandbox(sandbox: Sandbox, client: GitHubClient) -> None:
    desired = Organization.model_validate(DESIRED)
    assert_all_done(execute(compute_plan(desired, starting_live()), starting_live(), client, fast()))
    live = starting_live(_ids_after_first_apply(sandbox.state))
    protection = desired.repositories["d1-fleet"].branch_protection["main"]
    ruleset = desired.repositories["d1-fleet"].rulesets["production"]
    teams_only = tuple(actor for actor in ruleset.bypass_actors if actor.team)
    fewer_actors = ruleset.model_copy(update={"bypass_actors": teams_only})
    plan = Plan(
        "acme",
        [
            Change(
                Kind.TEAM,
                Action.RENAME,
                ("Flux Automation",),
                fields=(_rename("flux-bots", "Flux Automation"),),
            ),
            Change(
                Kind.ORGANIZATION_MEMBERSHIP,
                Action.UPDATE,
                ("octo-member",),
                desired="admin",
                current="member",
            ),
            Change(
                Kind.TEAM_MEMBERSHIP,
                Action.UPDATE,
                ("frontend-team", "octo-member"),
                desired="maintainer",
                current="member",
            ),
            Change(
                Kind.REPOSITORY,
                Action.UPDATE,
                ("d1-fleet",),
                desired={"has_wiki": False, "topics": ("d1", "flux")},
            ),
            Change(
                Kind.TEAM_REPOSITORY,
                Action.UPDATE,
                ("Flux Automation", "d1-fleet"),
                desired="write",
                current="read",
            ),
            Change(Kind.TEAM_REPOSITORY, Action.DELETE, ("frontend-team", "d1-fleet"), current="write"),
            Change(
                Kind.BRANCH_PROTECTION,
                Action.UPDATE,
                ("d1-fleet", "main"),
                desired=protection.model_copy(update={"required_signatures": False}),
                current=protection,
            ),
            Change(
                Kind.REPOSITORY_RULESET,
                Action.UPDATE,
                ("d1-fleet", "production"),
                desired=fewer_actors,
                current=ruleset,
            ),
            Change(Kind.ORGANIZATION_RULESET, Action.DELETE, ("org-default",), current=Ruleset()),
            Change(
                Kind.TEAM_MEMBERSHIP, Action.DELETE, ("platform-team", "octo-owner"), current="maintainer"
            ),
            Change(Kind.REPOSITORY, Action.UPDATE, ("d1-fleet",), desired={"archived": True}),
        ],
    )
    sandbox.clear_log()
    report = execute(plan, live, client, fast())
    assert_all_done(report)
    assert report.lookups == []
    assert [(entry.method, entry.path) for entry in sandbox.writes()] == [
        ("PATCH", "/orgs/acme/teams/flux-bots"),
        ("PUT", "/orgs/acme/memberships/octo-member"),
        ("PUT", "/orgs/acme/teams/frontend-team/memberships/octo-member"),
        ("PATCH", "/repos/acme/d1-fleet"),
        ("PUT", "/repos/acme/d1-fleet/topics"),
        ("PUT", "/orgs/acme/teams/flux-automation/repos/acme/d1-fleet"),
        ("DELETE", "/orgs/acme/teams/frontend-team/repos/acme/d1-fleet"),
        ("DELETE", "/repos/acme/d1-fleet/branches/main/protection/required_signatures"),
        ("PUT", f"/repos/acme/d1-fleet/rulesets/{live.ids.repository_rulesets[('d1-fleet', 'production')]}"),
        ("DELETE", f"/orgs/acme/rulesets/{live.ids.organization_rulesets['org-default']}"),
        ("DELETE", "/orgs/acme/teams/platform-team/memberships/octo-owner"),
        ("PATCH", "/repos/acme/d1-fleet"),
    ]
    state = sandbox.state
    renamed = team_named(state, "Flux Automation")
    assert renamed.slug == "flux-automation" and renamed.repos == {"d1-fleet": "write"}
    assert state.memberships["octo-member"].role == "admin"
    assert team_named(state, "frontend-team").members == {"octo-member": "maintainer"}
    assert team_named(state, "frontend-team").repos == {}
    fleet = state.repository("d1-fleet")
    assert fleet is not None
    assert fleet.archived and not fleet.has_wiki and fleet.topics == ["d1", "flux"]
    assert fleet.protections["main"].required_signatures is False
    (ruleset_now,) = fleet.rulesets.values()
    assert [actor["actor_type"] for actor in ruleset_now.bypass_actors] == ["Team"]
    assert state.org_rulesets == {}


def _rename(old: str, new: str) -> Any:
    from ghprov.plan import FieldChange

    return FieldChange("name", old, new)


def test_partial_failure_on_the_sandbox_skips_dependents(sandbox: Sandbox, client: GitHubClient) -> None:
    # Someone else already made a team by that name: GitHub refuses the create.
    sandbox.state.add_team(
        SandboxTeam(
            id=sandbox.state.new_id(), node_id="T_x", name="flux-bots", slug="flux-bots", privacy="closed"
        )
    )
    desired = Organization.model_validate(DESIRED)
    plan = compute_plan(desired, starting_live())
    report = execute(plan, starting_live(), client, fast())
    by_address = {result.address: result for result in report.results}
    failed = by_address["team:flux-bots"]
    assert failed.status is Status.FAILED and failed.message.startswith(
        "GitHub returned 422 for POST /orgs/acme/teams"
    )
    for dependent in (
        "team_membership:flux-bots/octo-flux-bot",
        "team_repository:flux-bots/d1-fleet",
        "branch_protection:d1-fleet/main",
        "repository_ruleset:d1-fleet/production",
    ):
        assert by_address[dependent].status is Status.SKIPPED
        assert by_address[dependent].message == "depends on team:flux-bots, which failed"
    assert by_address["team:platform-team"].status is Status.DONE
    assert by_address["organization_ruleset:org-default"].status is Status.DONE
    assert report.exit_code == 1


def test_protection_payload_is_complete_on_the_wire(sandbox: Sandbox, client: GitHubClient) -> None:
    desired = Organization.model_validate(DESIRED)
    execute(compute_plan(desired, starting_live()), starting_live(), client, fast())
    (put,) = [e for e in sandbox.writes() if e.method == "PUT" and e.path.endswith("/protection")]
    assert isinstance(put.body, dict)
    assert {
        "required_status_checks",
        "enforce_admins",
        "required_pull_request_reviews",
        "restrictions",
    } <= set(put.body)
    assert "checks" not in put.body["required_status_checks"]
    assert BranchProtection().allow_force_pushes is put.body["allow_force_pushes"]


def _state_summary(state: GitHubState) -> dict[str, Any]:
    fleet = state.repository("d1-fleet")
    assert fleet is not None
    return {
        "teams": sorted((t.name, t.privacy, dict(t.members), dict(t.repos)) for t in state.teams.values()),
        "branches": sorted(fleet.branches),
        "protections": sorted(fleet.protections),
        "rulesets": sorted(r.name for r in fleet.rulesets.values()),
        "org_rulesets": sorted(r.name for r in state.org_rulesets.values()),
        "invitations": sorted(str(i.login) for i in state.invitations.values()),
    }


def test_paced_apply_never_trips_the_sandboxs_secondary_limit() -> None:
    with Sandbox.start(org="acme") as sandbox:
        sandbox.settings.writes_per_window = 2
        sandbox.settings.write_window_s = 1.0
        token = Auth.Token(sandbox.tokens["owner"])
        with GitHubClient(token, api_url=sandbox.url, write_interval_seconds=0) as client:
            plan = Plan(
                "acme",
                [
                    Change(Kind.ORGANIZATION_MEMBERSHIP, Action.UPDATE, (login,), desired="member")
                    for login in "abcde"
                ],
            )
            for login in "abcde":
                sandbox.state.add_user(login)
            report = execute(plan, starting_live(), client, ApplyOptions(write_interval=0.55))
        assert_all_done(report)
        assert [entry.status for entry in sandbox.writes()] == [200] * 5
        assert report.retries == 0


def test_injected_server_errors_still_converge_to_the_same_state() -> None:
    desired = Organization.model_validate(DESIRED)
    summaries = []
    server_errors = 0
    for seed in (None, 1, 2, 3, 4, 5, 6, 7):
        faults = None if seed is None else f"5xx=0.1,seed={seed}"
        with Sandbox.start(org="acme", faults=faults) as sandbox:
            sandbox.state.add_user("carol")
            token = Auth.Token(sandbox.tokens["owner"])
            with GitHubClient(
                token, api_url=sandbox.url, write_interval_seconds=0, sleep=lambda _: None
            ) as client:
                report = execute(compute_plan(desired, starting_live()), starting_live(), client, fast())
                # Injected 502s are retried by the client, below the executor (and not logged by the sandbox).
                server_errors += client.stats.retries
            assert sandbox.internal_errors == []
            assert_all_done(report)
            summaries.append(_state_summary(sandbox.state))
    assert server_errors > 0
    assert all(summary == summaries[0] for summary in summaries)


def _read(client: GitHubClient, desired: Organization) -> LiveOrganization:
    from ghprov.github.read import read_organization

    return read_organization(client, "acme", desired, progress=False)


def test_apply_then_read_again_leaves_nothing_to_do(sandbox: Sandbox, client: GitHubClient) -> None:
    desired = Organization.model_validate(DESIRED)
    live = _read(client, desired)
    plan = compute_plan(desired, live)
    report = execute(plan, live, client, fast())
    assert_all_done(report)
    assert report.writes == len(sandbox.writes())
    # The reader supplied every id; only the new repository's default-branch tip had to be read.
    assert report.lookups == ["GET /repos/acme/d1-fleet/git/ref/heads/main"]
    again = compute_plan(desired, _read(client, desired))
    assert [change.address for change in again.changes] == []


def test_drift_of_every_kind_is_repaired(sandbox: Sandbox, client: GitHubClient) -> None:
    desired = Organization.model_validate(DESIRED)
    live = _read(client, desired)
    assert_all_done(execute(compute_plan(desired, live), live, client, fast()))
    state = sandbox.state
    with state.lock:
        bots = team_named(state, "flux-bots")
        bots.privacy = "secret"
        bots.repos["d1-fleet"] = "admin"
        team_named(state, "frontend-team").members.clear()
        team_named(state, "frontend-team").parent_id = None
        fleet = state.repository("d1-fleet")
        assert fleet is not None
        fleet.topics = []
        fleet.description = "changed by hand"
        fleet.protections["main"].required_signatures = False
        fleet.protections["main"].settings["enforce_admins"] = False
        (ruleset,) = fleet.rulesets.values()
        ruleset.bypass_actors = []
        state.org_rulesets.clear()
    drifted = _read(client, desired)
    plan = compute_plan(desired, drifted)
    assert [(change.address, change.action.value) for change in plan.changes] == [
        ("team:flux-bots", "update"),
        ("team:frontend-team", "update"),
        ("team_membership:frontend-team/octo-member", "create"),
        ("repository:d1-fleet", "update"),
        ("team_repository:flux-bots/d1-fleet", "update"),
        ("branch_protection:d1-fleet/main", "update"),
        ("organization_ruleset:org-default", "create"),
        ("repository_ruleset:d1-fleet/production", "update"),
    ]
    sandbox.clear_log()
    report = execute(plan, drifted, client, fast())
    assert_all_done(report)
    protection_writes = [(e.method, e.path) for e in sandbox.writes() if "/protection" in e.path]
    assert protection_writes == [
        ("PUT", "/repos/acme/d1-fleet/branches/main/protection"),
        ("POST", "/repos/acme/d1-fleet/branches/main/protection/required_signatures"),
    ]
    again = compute_plan(desired, _read(client, desired))
    assert [change.address for change in again.changes] == []


def test_a_saved_plan_is_refused_once_the_org_has_moved(sandbox: Sandbox, client: GitHubClient) -> None:
    from ghprov.apply import check_saved_plan
    from ghprov.errors import UnsafePlan

    desired = Organization.model_validate(DESIRED)
    saved = compute_plan(desired, _read(client, desired))
    check_saved_plan(saved, _read(client, desired))
    sandbox.state.memberships["octo-member"].role = "admin"
    with pytest.raises(UnsafePlan) as raised:
        check_saved_plan(saved, _read(client, desired))
    assert raised.value.message == (
        "acme changed since the saved plan was computed: "
        "1 resource differs (organization_membership:octo-member)"
    )
