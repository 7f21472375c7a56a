"""End to end on the sandbox: a rich organisation imported, loaded back and planned → no changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from github import Auth

from ghprov.config import load_config
from ghprov.github.client import GitHubClient
from ghprov.github.read import read_organization
from ghprov.github.read import reader as reader_module
from ghprov.importer import ImportOptions, build_config, write_config
from ghprov.model import (
    Actors,
    BranchProtection,
    BypassActor,
    CustomRole,
    Members,
    Organization,
    OrganizationSettings,
    Repository,
    Ruleset,
    StatusChecks,
    Team,
)
from ghprov.model.protection import StatusCheck
from ghprov.plan import compute_plan
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.rest_members import invite
from ghprov_testbeds.sandbox.seeds import seed_from_model

pytestmark = pytest.mark.e2e

ALL_ACTORS = (
    BypassActor(team="Flux Bots", mode="pull_request"),
    BypassActor(app="flux-app"),
    BypassActor(role="write"),
    BypassActor(role="flux-automation", mode="exempt"),
    BypassActor(user="acme-flux-bot", mode="exempt"),
    BypassActor(organization_admin=True),
    BypassActor(enterprise_owner=True),
    BypassActor(deploy_keys=True),
)
# A classic rule for a pattern, with every setting only GraphQL writes (and pinned checks, a lock).
RELEASE_RULE = BranchProtection(
    required_approving_review_count=1,
    required_status_checks=StatusChecks(
        strict=True, contexts=("lint",), checks=(StatusCheck(context="build", app="flux-app"),)
    ),
    bypass_force_push_allowances=Actors(teams=("Flux Bots",), users=("alice",)),
    required_deployments=("staging",),
    lock_branch=True,
    allow_fork_syncing=True,
)
COMMON = {"visibility": "private", "delete_branch_on_merge": True, "allow_rebase_merge": False}

RICH = Organization(
    organization="acme",
    settings=OrganizationSettings(
        default_repository_permission="none",
        members_can_create_repositories=False,
        description="Fleet of clusters",
    ),
    members=Members(owners=("alice", "octo-owner"), members=("acme-flux-bot", "bob", "carol", "octo-member")),
    custom_roles={
        "flux-automation": CustomRole(
            description="Pushes image updates", base_role="write", permissions=("bypass_branch_protection",)
        )
    },
    teams={
        "Platform Team": Team(
            description="Platform engineers",
            privacy="closed",
            maintainers=("alice",),
            members=("bob",),
            repositories={"d1-fleet": "admin", "d1-infra": "maintain"},
        ),
        "Apps": Team(privacy="closed", parent="Platform Team", repositories={"d1-apps": "maintain"}),
        "Frontend": Team(
            privacy="closed", parent="Apps", members=("carol",), repositories={"d1-apps": "write"}
        ),
        "Flux Bots": Team(
            privacy="closed",
            members=("acme-flux-bot",),
            repositories={"d1-infra": "flux-automation", "d1-apps": "flux-automation", "d1-fleet": "read"},
        ),
    },
    repositories={
        "d1-fleet": Repository(
            **COMMON,
            description="Fleet repository",
            topics=("flux", "gitops"),
            branch_protection={
                "main": BranchProtection(
                    required_approving_review_count=2,
                    require_code_owner_reviews=True,
                    required_status_checks=StatusChecks(strict=True, contexts=("manifests",)),
                    enforce_admins=True,
                    required_signatures=True,
                )
            },
        ),
        "d1-infra": Repository(
            **COMMON,
            branches=("main", "production"),
            branch_protection={
                "main": BranchProtection(
                    required_approving_review_count=1,
                    bypass_pull_request_allowances=Actors(
                        users=("acme-flux-bot",), teams=("Flux Bots",), apps=("flux-app",)
                    ),
                ),
                "production": BranchProtection(
                    required_approving_review_count=2,
                    dismissal_restrictions=Actors(teams=("Platform Team",)),
                    restrictions=Actors(users=("alice",), teams=("Platform Team",)),
                ),
            },
            rulesets={
                "infra-production": Ruleset(
                    conditions={"ref_name": {"include": ["refs/heads/production"]}},
                    rules=(
                        {"pull_request": {"required_approving_review_count": 2}},
                        {"required_signatures": {}},
                    ),
                    bypass_actors=ALL_ACTORS,
                )
            },
        ),
        "d1-apps": Repository(
            **COMMON,
            has_wiki=False,
            branches=("main", "production", "feature-x"),
            branch_protection={"release/*": RELEASE_RULE},
        ),
        "legacy": Repository(visibility="public", archived=True, description="Old tooling"),
    },
    rulesets={
        "org-default-branch": Ruleset(
            conditions={
                "ref_name": {"include": ["~DEFAULT_BRANCH"]},
                "repository_name": {"include": ["~ALL"], "exclude": ["legacy"]},
            },
            rules=({"deletion": {}}, {"non_fast_forward": {}}),
            bypass_actors=ALL_ACTORS,
        )
    },
)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start(org="acme", plan="enterprise") as running:
        seed_from_model(running.state, RICH)
        state = running.state
        invite(state, "dave", "member", "alice", auto_accept=False)
        invite(state, "erin", "admin", "alice", auto_accept=False)
        yield running
        assert running.internal_errors == []


def _client(sandbox: Sandbox) -> GitHubClient:
    return GitHubClient(
        Auth.Token(sandbox.tokens["owner"]), api_url=sandbox.url, read_only=True, interactive=False
    )


def test_import_then_plan_reports_no_changes(sandbox: Sandbox, tmp_path: Path) -> None:
    options = ImportOptions(bots=("acme-flux-bot",))
    with _client(sandbox) as client:
        imported = build_config(read_organization(client, "acme", None, progress=False), options)
        again = build_config(read_organization(client, "acme", None, progress=False), options)
        write_config(imported.files, tmp_path)
        loaded = load_config(tmp_path)
        live = read_organization(client, "acme", loaded.organization, progress=False)
    plan = compute_plan(loaded.organization, live)

    assert plan.changes == []
    assert again.files == imported.files  # deterministic: same organisation, same bytes
    assert sorted(imported.files) == ["org.yaml", "repositories.yaml", "teams.yaml"]
    desired = loaded.organization
    assert desired.bots["acme-flux-bot"].teams == ("Flux Bots",)
    assert desired.teams["Frontend"].parent == "Apps"
    assert desired.teams["Flux Bots"].repositories["d1-infra"] == "flux-automation"
    assert desired.repositories["d1-infra"].rulesets == RICH.repositories["d1-infra"].rulesets
    assert desired.rulesets == RICH.rulesets
    assert desired.repositories["legacy"].archived is True
    # Pending invitees are listed with the role they were invited with.
    assert desired.members is not None
    assert ("erin" in desired.members.owners, "dave" in desired.members.members) == (True, True)
    assert {finding.code for finding in plan.findings} >= {"invitation-pending"}
    # The pattern rule and the enterprise-owner bypass are imported as they are, not warned about.
    assert desired.repositories["d1-apps"].branch_protection == {"release/*": RELEASE_RULE}
    assert {warning.path for warning in imported.warnings} == {"members/dave", "members/erin"}
    repositories_yaml = imported.files["repositories.yaml"]
    assert "      release/*:\n        allow_fork_syncing: true\n" in repositories_yaml
    assert "        required_deployments: [staging]\n" in repositories_yaml
    assert "          - {enterprise_owner: true}\n" in repositories_yaml
    # Only the branches configuration names are imported, not feature branches.
    assert desired.repositories["d1-apps"].branches == ()
    assert desired.repositories["d1-infra"].branches == ("production",)
    assert "          - {role: flux-automation, mode: exempt}\n" in repositories_yaml
    # Shared settings moved into defaults; the archived public repository states its differences.
    assert (
        "defaults:\n  repository:\n    allow_rebase_merge: false\n    delete_branch_on_merge: true\n"
        "    visibility: private\n"
    ) in repositories_yaml
    assert "  legacy:\n    allow_rebase_merge: true\n    archived: true\n" in repositories_yaml
    # Nothing secret: no token value reaches the files.
    text = "".join(imported.files.values())
    assert all(token not in text for token in sandbox.tokens.values())
    assert sandbox.writes() == []


def test_settings_equal_to_github_defaults_are_left_out(sandbox: Sandbox) -> None:
    with _client(sandbox) as client:
        imported = build_config(read_organization(client, "acme", None, progress=False), ImportOptions())
    org_yaml = imported.files["org.yaml"]
    assert "settings:\n  default_repository_permission: none\n  description: Fleet of clusters\n" in org_yaml
    assert "members_can_create_teams" not in org_yaml  # true, GitHub's default
    assert "has_issues" not in imported.files["repositories.yaml"]
    # Without --bot the bot stays a plain member, and the comment says how to declare it.
    assert "`ghprov import --bot LOGIN`" in org_yaml


APP_BYPASSED = Organization(
    organization="acme",
    members=Members(owners=("octo-owner",), members=("octo-member",)),
    repositories={"d1-fleet": Repository(visibility="private")},
    rulesets={
        "org-main": Ruleset(
            conditions={
                "ref_name": {"include": ["~DEFAULT_BRANCH"]},
                "repository_name": {"include": ["~ALL"]},
            },
            rules=({"deletion": {}},),
            bypass_actors=(BypassActor(app="release-bot"), BypassActor(organization_admin=True)),
        )
    },
)


def test_app_bypassing_only_an_organisation_ruleset_is_named(tmp_path: Path) -> None:
    """REST names the App by id only; the organisation's installation list gives its slug."""
    with Sandbox.start(org="acme", plan="team") as sandbox:
        seed_from_model(sandbox.state, APP_BYPASSED)
        with _client(sandbox) as client:
            imported = build_config(read_organization(client, "acme", None, progress=False), ImportOptions())
            write_config(imported.files, tmp_path)
            loaded = load_config(tmp_path)
            live = read_organization(client, "acme", loaded.organization, progress=False)
        installation_reads = [entry.path for entry in sandbox.log if entry.path.endswith("/installations")]
        assert sandbox.internal_errors == []

    assert [warning for warning in imported.warnings if "rulesets" in warning.path] == []
    assert loaded.organization.rulesets == APP_BYPASSED.rulesets
    assert compute_plan(loaded.organization, live).changes == []
    # Naming the App costs the import one request; the plan's read learns the id from the configuration
    # (GET /apps/{slug}). The App-installations kind reads the list once per read (import and plan).
    assert installation_reads == ["/orgs/acme/installations"] * 3


def test_installations_are_not_read_when_every_app_is_named(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The core read's App naming only: the App-installations kind reads the list by design.
    monkeypatch.setattr(reader_module, "scheduled_reads", lambda scope, every_kind: [])
    with _client(sandbox) as client:
        read_organization(client, "acme", None, progress=False)
    # RICH's App also bypasses a repository ruleset, whose GraphQL form gives the slug.
    assert [entry.path for entry in sandbox.log if entry.path.endswith("/installations")] == []
