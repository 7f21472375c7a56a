"""ORG-10 (SAML through GraphQL), REPO-09 (review setting and CODEOWNERS file), ORG-17 (tenant tokens)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from audit_support import (
    SSO_URL,
    TENANTS,
    bot_token,
    compliant_document,
    export,
    write_config,
    write_rotation_file,
)
from typer.testing import CliRunner

from ghprov.audit.findings import Finding, Severity, Status
from ghprov.audit.tenants import BotDeclaration, GrantScope, TenantToken, by_bot, scope_problems
from ghprov.cli.main import _register_commands, app
from ghprov.github.graphql import is_read_only_document
from ghprov.github.read.codeowners import queries as codeowners_queries
from ghprov.github.read.saml import queries as saml_queries
from ghprov.services.auditing import AuditOptions, lint_config
from ghprov_testbeds.contract.graphql_schema import node_count, validate_query
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.state import Repository, node_id

QUERIES = {**saml_queries(), **codeowners_queries()}
CODEOWNERS_PATHS = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]


def _findings(sandbox: Sandbox, token: str, out: Path, check: str, **options: object) -> list[Finding]:
    result = export(sandbox, token, out, **options)
    return [f for f in result.report.findings if f.check_id == check]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_queries_are_valid_against_githubs_schema(name: str) -> None:
    assert validate_query(QUERIES[name]) == []
    assert node_count(QUERIES[name], {"org": "acme"}) <= 100
    assert is_read_only_document(QUERIES[name])


# ORG-10 ----------------------------------------------------------------------------------------------
def test_saml_configured_passes_for_an_owner(compliant: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, _ = compliant
    [saml] = _findings(sandbox, "owner", tmp_path, "ORG-10")
    assert saml.status is Status.PASSED
    assert saml.actual == {"saml_identity_provider": {"sso_url": SSO_URL, "issuer": None}}
    assert saml.evidence[0].location == 'POST /graphql organization(login: "acme")'


def test_saml_missing_fails(compliant: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, _ = compliant
    sandbox.state.organization.saml_identity_provider = None
    [saml] = _findings(sandbox, "app", tmp_path, "ORG-10")
    assert saml.status is Status.FAILED
    assert saml.message == "no SAML identity provider is configured"
    assert saml.evidence[0].pointer == "/data/organization/samlIdentityProvider"


def test_saml_is_skipped_for_members_and_off_enterprise_cloud(
    compliant: tuple[Sandbox, Path], tmp_path: Path
) -> None:
    sandbox, _ = compliant
    [member] = _findings(sandbox, "member", tmp_path / "member", "ORG-10")
    assert member.status is Status.SKIPPED
    assert member.skip_reason.startswith("Missing permission: the SAML identity provider is shown to")
    sandbox.state.organization.plan = "team"
    mark = len(sandbox.log)
    [team] = _findings(sandbox, "owner", tmp_path / "team", "ORG-10")
    assert team.skip_reason == "Unmet prerequisite: SAML SSO needs GitHub Enterprise Cloud"
    # Off Enterprise Cloud the provider is not even asked for.
    assert not any(e.body and "AuditSaml" in str(e.body) for e in sandbox.log[mark:])


# REPO-09 ---------------------------------------------------------------------------------------------
def test_codeowners_in_any_of_githubs_locations_passes_without_deep(
    compliant: tuple[Sandbox, Path], tmp_path: Path
) -> None:
    sandbox, _ = compliant
    mark = len(sandbox.log)
    found = _findings(sandbox, "owner", tmp_path, "REPO-09")
    assert found and all(f.status is Status.PASSED for f in found)
    paths = {f.resource.name: f.actual["codeowners"] for f in found}
    assert paths == {"d1-fleet": ".github/CODEOWNERS", "d1-infra": "CODEOWNERS", "d1-apps": "docs/CODEOWNERS"}
    fleet = next(f for f in found if f.resource.name == "d1-fleet")
    assert fleet.evidence[-1].location == "GET /repos/acme/d1-fleet/contents/.github/CODEOWNERS"
    # One GraphQL request for the three repositories, no REST contents request.
    requests = sandbox.log[mark:]
    assert sum(1 for e in requests if e.body and "AuditCodeowners" in str(e.body)) == 1
    assert not any("/contents/" in e.path for e in requests)


def test_review_required_without_codeowners_file_fails_with_the_searched_paths(
    compliant: tuple[Sandbox, Path], tmp_path: Path
) -> None:
    sandbox, _ = compliant
    sandbox.state.audit.files.pop("d1-fleet")
    # A file too large for GitHub to load counts as none.
    sandbox.state.audit.files["d1-infra"]["CODEOWNERS"] = "#" * (3 * 1024 * 1024)
    found = _findings(sandbox, "owner", tmp_path, "REPO-09")
    failed = [f for f in found if f.status is Status.FAILED]
    assert {f.resource.name for f in failed} == {"d1-fleet", "d1-infra"}
    fleet = next(f for f in failed if f.resource.name == "d1-fleet")
    assert fleet.message == "no CODEOWNERS file in .github/, the root or docs/ of the default branch"
    assert fleet.actual["codeowners"] is None and fleet.actual["satisfied_by"] == ["classic_protection"]
    assert [e.location for e in fleet.evidence[-3:]] == [
        f"GET /repos/acme/d1-fleet/contents/{path}" for path in CODEOWNERS_PATHS
    ]


def test_review_not_required_fails_even_with_a_file(compliant: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, _ = compliant
    protection = sandbox.state.repository("d1-fleet").protections["main"]  # type: ignore[union-attr]
    protection.settings["required_pull_request_reviews"]["require_code_owner_reviews"] = False
    found = _findings(sandbox, "owner", tmp_path, "REPO-09")
    fleet = next(f for f in found if f.resource.name == "d1-fleet")
    assert fleet.status is Status.FAILED
    assert fleet.actual == {"protection": "not required", "codeowners": ".github/CODEOWNERS"}
    assert fleet.evidence[0].pointer == "/required_pull_request_reviews/require_code_owner_reviews"


def test_lint_reports_the_file_half_as_skipped_in_the_evidence(tmp_path: Path) -> None:
    config = write_config(compliant_document(), tmp_path / "config")
    result = lint_config(config, AuditOptions())
    found = [f for f in result.report.findings if f.check_id == "REPO-09"]
    assert found and all(f.status is Status.PASSED for f in found)
    for each in found:
        assert each.actual["codeowners"] == "SKIPPED"
        assert each.evidence[-1].source == "skipped"
        assert each.evidence[-1].pointer == "Not expressible in the config: repository files are not declared"


# ORG-17 ----------------------------------------------------------------------------------------------
def test_tenant_tokens_within_their_declaration_pass(compliant: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, _ = compliant
    rotation = write_rotation_file(tmp_path / "rotation.yaml", TENANTS)
    found = _findings(sandbox, "app", tmp_path / "out", "ORG-17", rotation_path=rotation)
    bots = {f.resource.name: f for f in found if f.resource.name.startswith("acme-flux-bot/")}
    assert sorted(bots) == ["acme-flux-bot/bot", "acme-flux-bot/flux-apps"]
    assert all(f.status is Status.PASSED for f in found), [(f.resource.name, f.message) for f in found]
    assert bots["acme-flux-bot/bot"].actual["repositories"] == ["d1-fleet", "d1-infra"]
    assert bots["acme-flux-bot/bot"].expected["tenants"] == ["flux-apps", "flux-system"]


def test_a_wider_token_fails_with_evidence_of_each_excess(
    compliant: tuple[Sandbox, Path], tmp_path: Path
) -> None:
    sandbox, _ = compliant
    token = bot_token(sandbox.state)
    token.repositories = ["d1-fleet", "d1-infra", "sandbox-extra"]
    token.permissions = {"repository": {"contents": "write"}, "organization": {"members": "read"}}
    state = sandbox.state
    ident = state.new_id()
    state.add_repository(Repository(id=ident, node_id=node_id("Repository", ident), name="sandbox-extra"))
    rotation = write_rotation_file(tmp_path / "rotation.yaml", TENANTS)
    found = _findings(sandbox, "app", tmp_path / "out", "ORG-17", rotation_path=rotation)
    wide = next(f for f in found if f.resource.name == "acme-flux-bot/bot")
    assert wide.status is Status.FAILED and wide.severity is Severity.HIGH
    assert wide.message == (
        "reaches undeclared repositories: sandbox-extra; contents: write needs write, which the owner has "
        "on d1-fleet (declared read), d1-infra (declared read); organization permission members: read is "
        "not declared"
    )
    grant_id = wide.resource.id
    assert [(e.location, e.pointer) for e in wide.evidence] == [
        ("GET /orgs/acme/personal-access-tokens", "/token_expires_at"),
        (f"GET /orgs/acme/personal-access-tokens/{grant_id}/repositories", "/name"),
        ("GET /orgs/acme/personal-access-tokens", "/permissions/repository/contents"),
        ("GET /orgs/acme/personal-access-tokens", "/permissions/organization/members"),
    ]


def test_expiry_thresholds_come_from_the_tenant(compliant: tuple[Sandbox, Path], tmp_path: Path) -> None:
    sandbox, _ = compliant
    tenants = {
        name: {**tenant, "expiry": {"warn_days": 60, "error_days": 20}} for name, tenant in TENANTS.items()
    }
    rotation = write_rotation_file(tmp_path / "rotation.yaml", tenants)
    bot_token(sandbox.state).expires_at = time.time() + 10 * 86400
    found = _findings(sandbox, "app", tmp_path / "out", "ORG-17", rotation_path=rotation)
    by_name = {f.resource.name: f for f in found}
    soon, later = by_name["acme-flux-bot/bot"], by_name["acme-flux-bot/flux-apps"]
    assert soon.status is Status.FAILED and soon.severity is Severity.HIGH  # under error_days
    assert later.status is Status.FAILED and later.severity is Severity.LOW  # under warn_days only
    assert later.expected["days_left_at_least"] == 60
    # Tokens of people, not tenants, keep the profile's thresholds (30 days left passes 14).
    assert by_name["alice/owner"].status is Status.PASSED


def test_without_a_rotation_file_scope_is_skipped_and_expiry_still_judged(
    compliant: tuple[Sandbox, Path], tmp_path: Path
) -> None:
    sandbox, _ = compliant
    found = _findings(sandbox, "app", tmp_path / "none", "ORG-17")
    skipped = [f for f in found if f.status is Status.SKIPPED]
    assert [f.skip_reason for f in skipped] == [
        "Unmet prerequisite: no rotation file (pass --rotation-config FILE); tenant tokens' repositories and "
        "permissions were not compared"
    ]
    assert {f.status for f in found if f.resource.type == "token"} == {Status.PASSED}
    other = write_rotation_file(tmp_path / "other.yaml", TENANTS, org="globex")
    found = _findings(sandbox, "app", tmp_path / "other", "ORG-17", rotation_path=other)
    assert next(f for f in found if f.status is Status.SKIPPED).skip_reason.startswith(
        f"Not applicable: the rotation file {other} is for organisation globex, not acme"
    )
    [user] = _findings(sandbox, "owner", tmp_path / "user", "ORG-17", rotation_path=other)
    assert user.skip_reason.startswith(
        "Missing permission: fine-grained PAT grants (GitHub App authentication only)"
    )


def test_scope_rules_for_merged_tenants() -> None:
    tenants = [
        TenantToken(
            "flux-system", "Bot", {"d1-fleet": "read", "d1-infra": "write"}, warn_days=14, error_days=3
        ),
        TenantToken("flux-apps", "bot", {"d1-apps": "push", "d1-fleet": "write"}, warn_days=21, error_days=2),
    ]
    merged = by_bot(tenants)
    assert merged == {
        "bot": BotDeclaration(
            bot="Bot",
            tenants=("flux-apps", "flux-system"),
            repositories={"d1-fleet": "write", "d1-infra": "write", "d1-apps": "write"},
            warn_days=21,
            error_days=3,
        )
    }
    declared = merged["bot"]
    ok = GrantScope(["d1-fleet", "d1-apps"], {"repository": {"contents": "write", "pull_requests": "write"}})
    assert scope_problems(ok, declared) == []
    admin = GrantScope(["d1-apps"], {"repository": {"administration": "read"}})
    assert [p.pointer for p in scope_problems(admin, declared)] == ["/permissions/repository/administration"]
    everything = GrantScope(None, {"repository": {"metadata": "read"}})
    assert [p.pointer for p in scope_problems(everything, declared)] == ["/repository_selection"]


def test_cli_rotation_config_option_reports_a_missing_file(tmp_path: Path) -> None:
    _register_commands()
    missing = tmp_path / "nope.yaml"
    result = CliRunner().invoke(
        app,
        [
            "audit",
            "export",
            "--org",
            "acme",
            "--out",
            str(tmp_path / "out"),
            "--rotation-config",
            str(missing),
        ],
        env={"GHPROV_TOKEN": "unused"},
    )
    assert result.exit_code == 1
    assert f"error: rotation config {missing} not found" in result.stderr


def test_a_token_is_only_as_wide_as_its_owner_can_use_it() -> None:
    # D1's platform token: one fine-grained PAT with contents: write over d1-fleet and d1-infra, owned by
    # a bot that may only read d1-fleet. GitHub caps the token at the owner's access, so it is within
    # the declared read on d1-fleet; were the bot given write there, it would not be.
    declared = BotDeclaration(
        bot="acme-flux-bot",
        tenants=("flux-system",),
        repositories={"d1-fleet": "read", "d1-infra": "write"},
        warn_days=14,
        error_days=3,
    )
    scope = GrantScope(["d1-fleet", "d1-infra"], {"repository": {"contents": "write"}})
    bot_roles = {"d1-fleet": 1, "d1-infra": 3}
    assert scope_problems(scope, declared, bot_roles.__getitem__) == []
    assert [
        p.message for p in scope_problems(scope, declared, {"d1-fleet": 3, "d1-infra": 3}.__getitem__)
    ] == ["contents: write needs write, which the owner has on d1-fleet (declared read)"]
