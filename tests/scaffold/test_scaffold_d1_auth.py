"""``ghprov init d1 --auth``: the rotation file and GitHub config for deploy keys and GitHub Apps."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from ruamel.yaml import YAML
from typer.testing import CliRunner

from ghprov.cli.commands import init
from ghprov.config import load_config
from ghprov.rotation.config import load_rotation_config

BASE = ["--org", "acme", "--bot", "acme-flux-bot", "--tenant", "apps", "--cluster", "staging"]
BASE += ["--cluster", "prod-eu", "--owner", "alice,bob"]


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer(pretty_exceptions_enable=False)
    init.register(application)
    return application


def generate(app: typer.Typer, out: Path, *arguments: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["init", "d1", *BASE, *arguments, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return dict(YAML(typ="safe").load((out / "rotation" / "rotation.yaml").read_text(encoding="utf-8")))


def test_deploy_keys_one_secret_per_repository_and_rotation_keys_expected(
    app: typer.Typer, tmp_path: Path
) -> None:
    rotation = generate(app, tmp_path, "--auth", "deploy-key")
    tokens = rotation["tokens"]
    assert list(tokens) == ["flux-system", "flux-infra", "flux-apps"]
    assert tokens["flux-system"]["repositories"] == {"d1-fleet": "read"}
    assert tokens["flux-infra"]["repositories"] == {"d1-infra": "write"}  # image automation pushes
    assert tokens["flux-infra"]["secret"] == {"namespace": "flux-system", "name": "flux-infra"}
    for token in tokens.values():
        assert token["auth"] == "deploy_key" and "bot" not in token and "expiry" not in token
        assert token["deploy_key"] == {"rotate_after": "30d"}
    config = load_rotation_config(tmp_path / "rotation" / "rotation.yaml")
    assert {name: t.auth for name, t in config.tokens.items()} == dict.fromkeys(tokens, "deploy_key")
    organization = load_config(tmp_path).organization
    assert organization.prune.deploy_keys is True  # only ghprov-rotate keys are expected
    # The header records the command, so the layout can be regenerated.
    assert "--auth deploy-key" in (tmp_path / "rotation" / "rotation.yaml").read_text()


def test_github_app_per_team_with_its_installation(app: typer.Typer, tmp_path: Path) -> None:
    rotation = generate(
        app,
        tmp_path,
        "--auth",
        "github-app",
        "--app",
        "platform=acme-flux-platform/11/111",
        "--app",
        "apps=acme-flux-apps/22/222",
    )
    tokens = rotation["tokens"]
    assert list(tokens) == ["flux-system", "flux-apps"]
    assert tokens["flux-system"]["github_app"] == {"app_id": 11, "installation_id": 111}
    assert tokens["flux-apps"]["github_app"] == {"app_id": 22, "installation_id": 222}
    assert tokens["flux-system"]["secret"] == {"namespace": "flux-system", "name": "flux-system"}
    config = load_rotation_config(tmp_path / "rotation" / "rotation.yaml")
    assert config.tokens["flux-apps"].auth == "github_app"
    organization = load_config(tmp_path).organization
    assert organization.prune.deploy_keys is False and organization.prune.app_installations is True
    # Each App's installation reaches exactly its token's repositories (plan keeps it so).
    reach = {slug: installation.selected for slug, installation in organization.app_installations.items()}
    assert reach == {"acme-flux-platform": ("d1-fleet", "d1-infra"), "acme-flux-apps": ("d1-apps",)}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--auth", "ssh"], "--auth 'ssh': expected pat, deploy-key or github-app"),
        (["--auth", "github-app", "--app", "platform=a/1/2"], "needs --app apps=SLUG/APP_ID/INSTALLATION_ID"),
        (
            ["--auth", "github-app", "--app", "platform=x", "--app", "apps=b/1/2"],
            "expected SLUG/APP_ID/INSTALLATION_ID",
        ),
        (["--app", "platform=1/2"], "--app is for --auth github-app"),
    ],
)
def test_auth_options_are_checked(
    app: typer.Typer, tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = CliRunner().invoke(app, ["init", "d1", *BASE, *arguments, "--out", str(tmp_path)])
    assert result.exit_code == 1 and message in result.stderr, result.output
    assert list(tmp_path.iterdir()) == []
