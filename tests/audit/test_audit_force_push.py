"""Who may rewrite history: REPO-02 and REPO-14 see classic and ruleset force-push bypass, naming the path."""

from __future__ import annotations

import datetime
import json
from typing import Any

from ghprov.audit import AuditProfile, make_context, run_checks
from ghprov.audit.export import render_csv, render_markdown, render_sarif
from ghprov.audit.findings import Finding, Status
from ghprov.audit.inputs import AuditInput
from ghprov.audit.locate import LiveLocator
from ghprov.audit.report import AuthInfo, build_report, build_snapshot, new_run_id
from ghprov.model import Organization, ResourceIds

BLOCKED: dict[str, Any] = {"required_approving_review_count": 2, "enforce_admins": True}
TEAMS = {"flux-bots": {"members": ["acme-flux-bot"]}, "platform-team": {"members": ["carol"]}}


def _org(repositories: dict[str, Any]) -> Organization:
    return Organization.model_validate(
        {
            "organization": "acme",
            "members": {"owners": ["alice", "bob"], "members": ["carol", "acme-flux-bot"]},
            "bots": {"acme-flux-bot": {"teams": ["flux-bots"]}},
            "teams": TEAMS,
            "repositories": repositories,
        }
    )


def _input(organization: Organization) -> AuditInput:
    return AuditInput(
        mode="live",
        organization=organization,
        locator=LiveLocator("acme", ResourceIds()),
        bots=("acme-flux-bot",),
    )


def _findings(organization: Organization, *checks: str, profile: AuditProfile | None = None) -> list[Finding]:
    ctx = make_context(_input(organization), profile or AuditProfile(), datetime.date(2026, 11, 26))
    return run_checks(ctx, only=set(checks))


def _one(found: list[Finding], check: str, repo: str, branch: str = "main") -> Finding:
    return next(
        f for f in found if f.check_id == check and f.resource.name == repo and f.resource.branch == branch
    )


def test_a_person_with_a_classic_force_push_bypass_fails_both_checks_with_the_path_named() -> None:
    protection = {**BLOCKED, "bypass_force_push_allowances": {"users": ["carol"]}}
    organization = _org({"d1-fleet": {"default_branch": "main", "branch_protection": {"main": protection}}})
    found = _findings(organization, "REPO-02", "REPO-14")
    history = _one(found, "REPO-02", "d1-fleet")
    assert history.status is Status.FAILED
    assert history.actual == {
        "satisfied_by": ["classic_protection"],
        "force_push_bypass": {"user:carol": "classic_protection bypass_force_push_allowances"},
    }
    assert history.message == (
        "force pushes are blocked, but may still be made by user:carol (classic_protection "
        "bypass_force_push_allowances) (nobody may rewrite a D1 repository's history)"
    )
    # REST has no force-push allowances: the evidence names the GraphQL field.
    assert history.evidence[0].location == (
        'POST /graphql repository(owner: "acme", name: "d1-fleet") branchProtectionRules'
    )
    assert history.evidence[0].pointer == "/nodes[pattern=main]/bypassForcePushAllowances"
    bypass = _one(found, "REPO-14", "d1-fleet")
    assert bypass.status is Status.FAILED
    assert "user:carol in classic_protection bypass_force_push_allowances" in bypass.message


def test_the_bots_force_push_bypass_fails_on_a_d1_repository_even_on_its_push_branch() -> None:
    ruleset = {
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"]}},
        "rules": [{"non_fast_forward": {}}, {"pull_request": {"required_approving_review_count": 1}}],
        "bypass_actors": [{"team": "flux-bots", "mode": "always"}],
    }
    organization = _org({"d1-infra": {"default_branch": "main", "rulesets": {"infra-main": ruleset}}})
    history = _one(_findings(organization, "REPO-02"), "REPO-02", "d1-infra")
    assert history.status is Status.FAILED
    assert history.actual["force_push_bypass"] == {
        "team:flux-bots": "ruleset:infra-main bypass_actors (always) non_fast_forward",
        "user:acme-flux-bot": (
            "ruleset:infra-main bypass_actors (always) non_fast_forward (via team flux-bots)"
        ),
    }
    assert history.evidence[0].pointer == "/bypass_actors"


def test_outside_d1_the_bot_may_force_push_where_it_pushes_and_it_is_named() -> None:
    protection = {**BLOCKED, "bypass_force_push_allowances": {"users": ["acme-flux-bot"]}}
    organization = _org({"tools": {"default_branch": "main", "branch_protection": {"main": protection}}})
    profile = AuditProfile(bot_branches={"tools": ("main",)})
    history = _one(_findings(organization, "REPO-02", profile=profile), "REPO-02", "tools")
    assert history.status is Status.PASSED
    assert history.message == (
        "accepted: the declared bot may force-push (user:acme-flux-bot: classic_protection "
        "bypass_force_push_allowances)"
    )


def test_an_actor_must_get_past_every_block_and_pull_request_mode_gets_past_none() -> None:
    protection = {**BLOCKED, "bypass_force_push_allowances": {"teams": ["flux-bots"]}}
    ruleset = {
        "conditions": {"ref_name": {"include": ["refs/heads/main"]}},
        "rules": [{"non_fast_forward": {}}],
        "bypass_actors": [{"role": "admin", "mode": "always"}, {"team": "flux-bots", "mode": "pull_request"}],
    }
    organization = _org(
        {
            "d1-fleet": {
                "default_branch": "main",
                "branch_protection": {"main": protection},
                "rulesets": {"g": ruleset},
            }
        }
    )
    history = _one(_findings(organization, "REPO-02"), "REPO-02", "d1-fleet")
    assert history.status is Status.PASSED
    assert history.actual == {"satisfied_by": ["classic_protection", "ruleset:g"], "force_push_bypass": {}}
    assert [e.pointer for e in history.evidence] == [
        "/allow_force_pushes/enabled",
        "/rules[type=non_fast_forward]",
    ]


def test_force_pushes_allowed_or_unprotected_still_fail() -> None:
    organization = _org(
        {
            "d1-fleet": {
                "default_branch": "main",
                "branch_protection": {"main": {**BLOCKED, "allow_force_pushes": True}},
            },
            "d1-infra": {"default_branch": "main"},
        }
    )
    found = _findings(organization, "REPO-02")
    assert (_one(found, "REPO-02", "d1-fleet").status, _one(found, "REPO-02", "d1-fleet").actual) == (
        Status.FAILED,
        "not required",
    )
    assert _one(found, "REPO-02", "d1-infra").actual == "unprotected"


def test_every_export_names_the_force_push_path_and_the_snapshot_lists_bypasses() -> None:
    protection = {**BLOCKED, "bypass_force_push_allowances": {"users": ["carol"], "teams": ["flux-bots"]}}
    organization = _org({"d1-fleet": {"default_branch": "main", "branch_protection": {"main": protection}}})
    audit_input = _input(organization)
    ctx = make_context(audit_input, AuditProfile(), datetime.date(2026, 11, 26))
    findings = run_checks(ctx, only={"REPO-02"})
    report = build_report(
        audit_input,
        AuditProfile(),
        findings,
        run_id=new_run_id(),
        generated_at="2026-11-26T00:00:00Z",
        auth=AuthInfo(kind="token", viewer="alice"),
    )
    path = "classic_protection bypass_force_push_allowances"
    assert path in render_csv(report)
    assert path in render_markdown(report)
    sarif = json.loads(render_sarif(report))
    assert any(path in result["message"]["text"] for result in sarif["runs"][0]["results"])
    snapshot = build_snapshot(audit_input, ctx.matrix, "run", "2026-11-26T00:00:00Z", None)
    force = [row for row in snapshot.bypasses if row["scope"] == "force-push"]
    assert force == [
        {
            "principal": "team:flux-bots",
            "resource": "d1-fleet@main",
            "scope": "force-push",
            "path": "bypass_force_push_allowances",
            "force_push": True,
        },
        {
            "principal": "user:acme-flux-bot",
            "resource": "d1-fleet@main",
            "scope": "force-push",
            "path": "bypass_force_push_allowances",
            "force_push": True,
            "team": "flux-bots",
        },
        {
            "principal": "user:carol",
            "resource": "d1-fleet@main",
            "scope": "force-push",
            "path": "bypass_force_push_allowances",
            "force_push": True,
        },
    ]


def test_admin_bypass_names_custom_roles_that_bypass_branch_protection_too() -> None:
    organization = _org(
        {"d1-fleet": {"default_branch": "main", "branch_protection": {"main": {"enforce_admins": False}}}}
    )
    roles = {"flux-automation": {"base_role": "write", "permissions": ["bypass_branch_protection"]}}
    organization = organization.model_copy(
        update={
            "custom_roles": Organization.model_validate(
                {"organization": "acme", "custom_roles": roles}
            ).custom_roles
        }
    )
    admins = _one(_findings(organization, "REPO-04"), "REPO-04", "d1-fleet")
    assert admins.status is Status.FAILED
    assert admins.message == (
        "classic protection does not apply to administrators "
        "(nor to custom role flux-automation: bypass_branch_protection)"
    )
