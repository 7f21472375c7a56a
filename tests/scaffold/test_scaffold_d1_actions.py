"""``ghprov init d1`` declares the Actions policy and security features D1's guidance implies, and
lint finds nothing the config could fix about them."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from ghprov.audit.findings import Status
from ghprov.cli.commands import register_all
from ghprov.cli.main import app
from ghprov.config import load_config
from ghprov.services.auditing import AuditOptions, lint_config

ARGUMENTS = [
    "--org",
    "acme",
    "--bot",
    "acme-flux-bot",
    "--tenant",
    "apps",
    "--tenant",
    "web",
    "--cluster",
    "staging",
]
CHECKS = ("ORG-13", "ORG-14", "ORG-15", "ORG-21", "REPO-19", "REPO-21")


def generate(out: Path) -> Path:
    register_all(app)
    result = CliRunner().invoke(app, ["init", "d1", *ARGUMENTS, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_layout_declares_a_read_only_token_that_cannot_approve_and_secret_scanning(
    tmp_path: Path,
) -> None:
    organization = load_config(generate(tmp_path)).organization
    actions = organization.actions
    assert actions is not None
    assert actions.default_workflow_permissions == "read"
    assert actions.can_approve_pull_request_reviews is False
    assert actions.enabled_repositories == "selected"
    assert actions.selected_repositories == ("d1-apps", "d1-fleet", "d1-infra", "d1-web")
    assert actions.allowed_actions == "selected"
    for name, repository in organization.repositories.items():
        assert repository.actions is not None and repository.actions.default_workflow_permissions == "read", (
            name
        )
        assert repository.actions.can_approve_pull_request_reviews is False
        assert repository.security is not None
        assert repository.security.secret_scanning and repository.security.secret_scanning_push_protection
    # The keys come from defaults.repository, once.
    document = yaml.safe_load((tmp_path / "repositories.yaml").read_text())
    assert "security" in document["defaults"]["repository"]
    assert all("security" not in repository for repository in document["repositories"].values())


def test_lint_passes_every_actions_and_security_check_it_can_decide(tmp_path: Path) -> None:
    result = lint_config(generate(tmp_path), AuditOptions())
    ours = [f for f in result.report.findings if f.check_id in CHECKS]
    assert {f.check_id for f in ours} == set(CHECKS)
    assert all(f.status is Status.PASSED for f in ours), [
        (f.check_id, f.resource.name, f.actual) for f in ours
    ]
