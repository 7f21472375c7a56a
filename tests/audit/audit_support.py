"""Audit test support: a sandbox org meeting D1's bar, and one failing every check it can."""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from ghprov.model import Organization
from ghprov.services.auditing import AuditOptions, AuditResult, export_audit
from ghprov.settings import Settings
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import (
    add_audit_event,
    add_collaborator,
    add_file,
    add_hook,
    add_secret,
    audit_data,
)
from ghprov_testbeds.sandbox.pats import mint_user_token
from ghprov_testbeds.sandbox.seeds import seed_from_model
from ghprov_testbeds.sandbox.state import GitHubState, SamlIdentityProvider

TODAY = datetime.datetime.now(datetime.UTC).date()
HOOK_SECRET = "whsec-do-not-leak-7f3a"
SSO_URL = "https://idp.example.com/saml/acme"
# The D1 tenants of the audit tests' rotation file: Flux reads fleet and infra, image automation writes apps.
TENANTS: dict[str, dict[str, Any]] = {
    "flux-system": {"bot": "acme-flux-bot", "repositories": {"d1-fleet": "read", "d1-infra": "read"}},
    "flux-apps": {"bot": "acme-flux-bot", "repositories": {"d1-apps": "write"}},
}


def write_rotation_file(path: Path, tenants: dict[str, dict[str, Any]], org: str = "acme") -> Path:
    """A rotation file declaring ``tenants`` (bot, repositories, optional expiry) on one cluster."""
    tokens = {
        name: {
            "secret": {"name": name},
            "clusters": ["staging"],
            **tenant,
        }
        for name, tenant in tenants.items()
    }
    document = {"organization": org, "clusters": {"staging": {"context": "staging"}}, "tokens": tokens}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1))
    return path


def bot_token(state: GitHubState) -> Any:
    """The sandbox's "bot" token (a fine-grained PAT of acme-flux-bot)."""
    return next(token for token in state.tokens.values() if token.name == "bot")


def protection(approvals: int, *, bot_bypass: bool = False) -> dict[str, Any]:
    """A classic protection meeting every branch check."""
    rule: dict[str, Any] = {
        "required_approving_review_count": approvals,
        "dismiss_stale_reviews": True,
        "require_code_owner_reviews": True,
        "require_last_push_approval": True,
        "dismissal_restrictions": {"teams": ["platform-team"]},
        "required_status_checks": {"strict": True, "contexts": ["manifests"]},
        "enforce_admins": True,
        "required_signatures": True,
        "required_linear_history": True,
        "required_conversation_resolution": True,
        "allow_force_pushes": False,
        "allow_deletions": False,
    }
    if bot_bypass:
        rule["bypass_pull_request_allowances"] = {"users": ["acme-flux-bot"]}
    return rule


def compliant_document(org: str = "acme") -> dict[str, Any]:
    return {
        "organization": org,
        "settings": {
            "default_repository_permission": "none",
            "members_can_create_repositories": False,
            "members_can_create_public_repositories": False,
            "members_can_delete_repositories": False,
            "members_can_create_teams": False,
            "members_can_fork_private_repositories": False,
            "two_factor_requirement_enabled": True,
        },
        "members": {"owners": ["alice", "bob"], "members": ["carol", "dave", "erin", "frank"]},
        "bots": {"acme-flux-bot": {"teams": ["flux-bots"]}},
        "teams": {
            "platform-team": {
                "privacy": "closed",
                "maintainers": ["alice"],
                "members": ["erin"],
                "repositories": {"d1-fleet": "write", "d1-infra": "write"},
            },
            "apps-team": {
                "privacy": "closed",
                "maintainers": ["carol"],
                "members": ["dave", "frank"],
                "repositories": {"d1-apps": "write"},
            },
            "flux-bots": {
                "privacy": "closed",
                "repositories": {"d1-fleet": "write", "d1-infra": "write", "d1-apps": "write"},
            },
        },
        "repositories": {
            "d1-fleet": {
                "visibility": "private",
                "default_branch": "main",
                "branch_protection": {"main": protection(2)},
            },
            "d1-infra": {
                "visibility": "private",
                "default_branch": "main",
                "branches": ["main", "production"],
                "branch_protection": {"main": protection(1, bot_bypass=True), "production": protection(2)},
            },
            "d1-apps": {
                "visibility": "private",
                "default_branch": "main",
                "branches": ["main", "production"],
                "branch_protection": {"main": protection(1, bot_bypass=True), "production": protection(2)},
            },
        },
    }


def write_config(document: dict[str, Any], directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document, indent=1))
    return directory


def export(sandbox: Sandbox, token: str, out: Path, **options: Any) -> AuditResult:
    settings = Settings(token=SecretStr(sandbox.tokens[token]), api_url=sandbox.url)
    chosen = AuditOptions(out=out, **options)
    return export_audit(settings, sandbox.state.organization.login, chosen)


@pytest.fixture
def compliant(tmp_path: Path) -> Iterator[tuple[Sandbox, Path]]:
    """The compliant D1 org on an Enterprise Cloud sandbox, and its config directory."""
    document = compliant_document()
    organization = Organization.model_validate(document)
    with Sandbox.start(
        org="acme", plan="enterprise", logins={"owner": "alice", "bot": "acme-flux-bot"}
    ) as sandbox:
        seed_from_model(sandbox.state, organization)
        state = sandbox.state
        state.organization.settings.update({"is_verified": True, "members_can_delete_issues": False})
        state.organization.saml_identity_provider = SamlIdentityProvider(SSO_URL)
        # GitHub's three CODEOWNERS locations, one per repository.
        add_file(state, "d1-fleet", ".github/CODEOWNERS", "* @acme/platform-team\n")
        add_file(state, "d1-infra", "CODEOWNERS", "* @acme/platform-team\n")
        add_file(state, "d1-apps", "docs/CODEOWNERS", "* @acme/apps-team\n")
        # One token per tenant, each reaching only what its tenant declares.
        fleet = bot_token(state)
        fleet.repositories = ["d1-fleet", "d1-infra"]
        fleet.permissions = {"repository": {"contents": "read", "metadata": "read"}}
        mint_user_token(
            state,
            "acme-flux-bot",
            name="flux-apps",
            repositories=["d1-apps"],
            permissions={"repository": {"contents": "write", "metadata": "read", "commit_statuses": "write"}},
        )
        data = audit_data(state)
        data.actions_permissions = {"enabled_repositories": "selected", "allowed_actions": "selected"}
        # GitHub's Default runner group, kept to private repositories (ORG-22).
        data.runner_groups[0]["visibility"] = "private"
        # Secret scanning with push protection on every repository (REPO-21).
        for name in state.repositories:
            analysis = state.features.repository(name).security_and_analysis
            analysis.update(secret_scanning="enabled", secret_scanning_push_protection="enabled")
        add_secret(state, "REGISTRY_PASSWORD", f"{TODAY.isoformat()}T00:00:00Z")
        add_hook(state, "https://hooks.example.com/flux", secret=HOOK_SECRET)
        for login in ["alice", "bob", "carol", "dave", "erin", "frank", "acme-flux-bot"]:
            add_audit_event(
                state,
                "repo.access" if login != "alice" else "protected_branch.update_admin_enforced",
                login,
                repo="acme/d1-fleet",
            )
        yield sandbox, write_config(document, tmp_path / "config")


@pytest.fixture
def weak(tmp_path: Path) -> Iterator[tuple[Sandbox, Path]]:
    """An org failing every check the sandbox can express; the config declares the compliant org."""
    document = compliant_document()
    weak_document = json.loads(json.dumps(document))
    weak_document["settings"] = {
        "default_repository_permission": "write",
        "members_can_create_repositories": True,
        "members_can_create_public_repositories": True,
        "members_can_delete_repositories": True,
        "members_can_create_teams": True,
        "members_can_fork_private_repositories": True,
        "two_factor_requirement_enabled": False,
    }
    weak_document["members"] = {
        "owners": ["alice", "bob", "carol", "dave", "acme-flux-bot"],
        "members": ["erin", "frank"],
    }
    weak_document["custom_roles"] = {
        "sneaky": {"base_role": "write", "permissions": ["bypass_branch_protection"]}
    }
    teams = weak_document["teams"]
    teams["platform-team"]["repositories"] = {"d1-fleet": "admin", "d1-infra": "write"}
    teams["apps-team"]["repositories"] = {"d1-apps": "write", "d1-infra": "read"}
    teams["flux-bots"]["repositories"]["d1-fleet"] = "admin"
    repos = weak_document["repositories"]
    repos["d1-infra"]["visibility"] = "public"
    weak_main = {
        "required_approving_review_count": 1,
        "bypass_pull_request_allowances": {"teams": ["apps-team"]},
        "allow_force_pushes": False,
    }
    repos["d1-fleet"]["branch_protection"] = {"main": weak_main}
    repos["d1-apps"]["branch_protection"] = {}
    organization = Organization.model_validate(weak_document)
    with Sandbox.start(
        org="acme", plan="enterprise", logins={"owner": "alice", "bot": "acme-flux-bot"}
    ) as sandbox:
        seed_from_model(sandbox.state, organization)
        state = sandbox.state
        state.organization.settings.update({"is_verified": False, "members_can_delete_issues": True})
        data = audit_data(state)
        data.two_factor_disabled = {"dave", "acme-flux-bot"}
        add_collaborator(state, "d1-fleet", "mallory", "admin")
        add_collaborator(state, "d1-apps", "mallory", "write")
        data.workflow_permissions = {
            "default_workflow_permissions": "write",
            "can_approve_pull_request_reviews": True,
        }
        data.repository_workflow["d1-apps"] = dict(data.workflow_permissions)
        data.runner_groups = [
            {"id": 7, "name": "everyone", "visibility": "all", "allows_public_repositories": True}
        ]
        add_hook(state, "http://hooks.example.com/insecure", secret=None, insecure_ssl="1")
        add_hook(state, "http://hooks.example.com/repo", secret=None, insecure_ssl="1", repo="d1-apps")
        add_secret(state, "OLD_TOKEN", "2020-01-01T00:00:00Z")
        add_audit_event(state, "org.add_member", "alice", at=time.time() - 3600, user="erin")
        add_audit_event(state, "repo.access", "bob", at=time.time() - 400 * 86400)
        state.repository("d1-fleet").allow_forking = True  # type: ignore[union-attr]
        state.repository("d1-apps").pushed_at = "2020-01-01T00:00:00Z"  # type: ignore[union-attr]
        for token in state.tokens.values():
            if token.name == "bot":
                # All repositories, contents write where read is declared, and an admin permission.
                token.expires_at = time.time() + 86400
                token.permissions = {"repository": {"contents": "write", "administration": "write"}}
            elif token.name == "owner":
                token.expires_at = None
        yield sandbox, write_config(document, tmp_path / "config")
