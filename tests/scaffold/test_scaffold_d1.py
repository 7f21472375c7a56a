"""``ghprov init d1``: the generated layout, the shipped example kept in sync, a clean plan on the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from ruamel.yaml import YAML
from typer.testing import CliRunner

from ghprov.cli.commands import init
from ghprov.config import load_config
from ghprov.plan import SafetyOptions
from ghprov.rotation.config import load_rotation_config
from ghprov.services.applying import apply_configuration
from ghprov.services.planning import make_plan
from ghprov.settings import Settings
from ghprov_testbeds.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
# The arguments docs/init.md documents for the shipped example in config/.
DOCUMENTED = [
    "--org", "acme-fleet", "--bot", "acme-flux-bot", "--tenant", "apps",
    "--cluster", "staging", "--cluster", "prod-eu", "--cluster", "prod-us",
    "--owner", "alice,bob,grace",
    "--maintainer", "platform=alice", "--member", "platform=bob,erin",
    "--maintainer", "apps=carol", "--member", "apps=dave,frank",
    "--namespaces", "apps=backend,frontend",
]  # fmt: skip


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer(pretty_exceptions_enable=False)
    init.register(application)
    return application


def generate(app: typer.Typer, out: Path, *arguments: str) -> None:
    result = CliRunner().invoke(app, ["init", "d1", *arguments, "--out", str(out)])
    assert result.exit_code == 0, result.output


def test_the_shipped_example_is_the_generated_layout(app: typer.Typer, tmp_path: Path) -> None:
    generate(app, tmp_path, *DOCUMENTED)
    # The rotation job's manifests (rbac.yaml, cronjob.yaml) sit beside the rotation file, hand-written.
    patterns = ("*.yaml", "rotation/rotation.yaml")
    generated = {
        str(path.relative_to(tmp_path)): path.read_text(encoding="utf-8")
        for pattern in patterns
        for path in tmp_path.glob(pattern)
    }
    shipped = {
        str(path.relative_to(ROOT / "config")): path.read_text(encoding="utf-8")
        for pattern in patterns
        for path in (ROOT / "config").glob(pattern)
    }
    # Regenerate with: ghprov init d1 <DOCUMENTED> --out config --force (see docs/init.md).
    assert sorted(generated) == ["org.yaml", "repositories.yaml", "rotation/rotation.yaml", "teams.yaml"]
    assert shipped == generated


def test_the_layout_follows_the_d1_guide(app: typer.Typer, tmp_path: Path) -> None:
    generate(
        app,
        tmp_path,
        "--org",
        "acme",
        "--bot",
        "acme-bot",
        "--tenant",
        "apps,billing",
        "--cluster",
        "staging",
    )
    loaded = load_config(tmp_path)
    org = loaded.organization
    assert loaded.warnings == ()
    assert set(org.repositories) == {"d1-fleet", "d1-infra", "d1-apps", "d1-billing"}
    assert set(org.teams) == {"platform-team", "apps-team", "billing-team", "flux-bots"}
    assert org.bots["acme-bot"].teams == ("flux-bots",)
    assert org.teams["billing-team"].repositories == {"d1-billing": "write"}
    assert org.teams["flux-bots"].repositories == {
        "d1-fleet": "read",
        "d1-infra": "write",
        "d1-apps": "write",
        "d1-billing": "write",
    }
    protections = {
        (name, branch): (
            p.required_approving_review_count,
            p.bypass_pull_request_allowances.users,
            p.required_signatures,
        )
        for name, repository in org.repositories.items()
        for branch, p in repository.branch_protection.items()
    }
    assert protections == {
        ("d1-fleet", "main"): (2, (), True),
        ("d1-infra", "main"): (1, ("acme-bot",), False),
        ("d1-infra", "production"): (2, (), False),
        ("d1-apps", "main"): (1, ("acme-bot",), False),
        ("d1-apps", "production"): (2, (), False),
        ("d1-billing", "main"): (1, ("acme-bot",), False),
        ("d1-billing", "production"): (2, (), False),
    }
    assert org.repositories["d1-billing"].branches == ("main", "production")
    # The signing choice is explained where it is made.
    assert "Signed commits are NOT required here" in (tmp_path / "repositories.yaml").read_text(
        encoding="utf-8"
    )


def test_signed_automation_requires_signatures_everywhere(app: typer.Typer, tmp_path: Path) -> None:
    generate(
        app,
        tmp_path,
        "--org",
        "acme",
        "--bot",
        "bot",
        "--tenant",
        "apps",
        "--cluster",
        "staging",
        "--signed-automation",
    )
    org = load_config(tmp_path).organization
    assert all(p.required_signatures for r in org.repositories.values() for p in r.branch_protection.values())
    assert "Signed commits are required" in (tmp_path / "repositories.yaml").read_text(encoding="utf-8")


def test_the_rotation_file_has_one_token_per_tenant(app: typer.Typer, tmp_path: Path) -> None:
    generate(app, tmp_path, *DOCUMENTED)
    rotation = YAML(typ="safe").load((tmp_path / "rotation" / "rotation.yaml").read_text(encoding="utf-8"))
    assert rotation["clusters"] == {name: {"context": name} for name in ("staging", "prod-eu", "prod-us")}
    assert list(rotation["tokens"]) == ["flux-system", "flux-apps"]
    apps = rotation["tokens"]["flux-apps"]
    assert apps["secret"] == {
        "namespace": "flux-system",
        "name": "flux-apps",
        "labels": {"toolkit.fluxcd.io/tenant": "apps"},
    }
    assert (apps["bot"], apps["repositories"], apps["canary"]) == (
        "acme-flux-bot",
        {"d1-apps": "write"},
        "staging",
    )
    staging_only = {"namespace": "apps-update", "name": "flux-apps", "clusters": ["staging"]}
    assert apps["reconcile"] == [
        {"kind": "GitRepository", "namespace": "backend", "name": "flux-apps"},
        {"kind": "GitRepository", "namespace": "frontend", "name": "flux-apps"},
        {"kind": "GitRepository", **staging_only},
        {"kind": "ImageUpdateAutomation", **staging_only},
    ]
    assert rotation["tokens"]["flux-system"]["secret"] == {
        "namespace": "flux-system",
        "name": "flux-system",
        "token_keys": ["token"],
    }
    assert rotation["tokens"]["flux-system"]["repositories"] == {"d1-fleet": "read", "d1-infra": "write"}
    config = load_rotation_config(tmp_path / "rotation" / "rotation.yaml")
    assert config.organization == "acme-fleet"
    assert config.tokens["flux-apps"].clones_on("prod-eu") == [
        ("backend", "flux-apps"),
        ("frontend", "flux-apps"),
    ]
    # Image automation runs on staging only (D1 "Update Automation").
    assert ("apps-update", "flux-apps") in config.tokens["flux-apps"].clones_on("staging")
    assert config.tokens["flux-system"].secret.token_keys == ["token"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--tenant", "Apps", "--cluster", "s"], "tenant 'Apps' must be a lower-case DNS label"),
        (["--tenant", "apps", "--cluster", "s", "--owner", "bot"], "the bot 'bot' must not be an owner"),
        (["--tenant", "apps", "--cluster", "s", "--member", "ops=x"], "--member ops=...: 'ops' is neither"),
        (["--tenant", "apps"], "at least one --cluster is needed"),
        (["--tenant", "apps", "--cluster", "s", "--member", "apps"], "--member 'apps' is not KEY=LOGIN"),
    ],
)
def test_invalid_options_are_reported(
    app: typer.Typer, tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = CliRunner().invoke(
        app, ["init", "d1", "--org", "acme", "--bot", "bot", *arguments, "--out", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e
def test_the_layout_applies_and_then_plans_clean_on_the_sandbox(app: typer.Typer, tmp_path: Path) -> None:
    with Sandbox.start(org="acme", seed="d1") as sandbox:
        logins = sandbox.logins
        generate(
            app,
            tmp_path,
            "--org", "acme", "--bot", logins["bot"], "--tenant", "apps", "--cluster", "staging",
            "--owner", f"{logins['owner']},alice", "--maintainer", "platform=alice",
            "--member", "platform=bob", "--maintainer", "apps=carol", "--member", f"apps={logins['member']}",
        )  # fmt: skip
        settings = Settings(api_url=sandbox.url, token=sandbox.tokens["owner"], write_interval_seconds=0)
        outcome = apply_configuration(
            tmp_path, settings, SafetyOptions(allow_delete=True), confirm=lambda plan: True, progress=False
        )
        assert outcome.report is not None and outcome.report.ok
        assert outcome.remaining is not None and outcome.remaining.changes == []
        assert make_plan(tmp_path, settings, progress=False).plan.changes == []
        fleet = sandbox.state.repositories["d1-infra"]
        assert sorted(fleet.protections) == ["main", "production"]
        assert sandbox.internal_errors == []
