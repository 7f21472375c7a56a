"""Running the real CLI against a sandbox that plays GitHub, as a user would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from ghprov.cli.commands import register_all
from ghprov.cli.main import app
from ghprov.config import load_config
from ghprov.model import Organization
from ghprov.model.people import referenced_apps, referenced_logins
from ghprov_testbeds.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]
D1_CONFIG = ROOT / "config"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def d1_organization() -> Organization:
    return load_config(D1_CONFIG).organization


@contextmanager
def github_for(organization: Organization, **options: Any) -> Iterator[Sandbox]:
    """An empty organisation on a sandbox where every account the config names exists.

    Every response the sandbox gives is checked against GitHub's OpenAPI response schemas, and the
    block fails if any did not match or the sandbox itself hit a bug.
    """
    # The sandbox's token identities are the config's own people, so it has no strangers to prune.
    members = organization.members
    logins = {"owner": members.owners[0]} if members and members.owners else {}
    if members and members.members:
        logins["member"] = next((login for login in members.members if login not in organization.bots), "")
    if organization.bots:
        logins["bot"] = sorted(organization.bots)[0]
    logins = {name: login for name, login in logins.items() if login}
    options.setdefault("validate_responses", True)
    with Sandbox.start(organization.organization, logins=logins, **options) as sandbox:
        for login in referenced_logins(organization):
            sandbox.state.add_user(login, type="Bot" if login in organization.bots else "User")
        for slug in referenced_apps(organization):
            sandbox.state.add_app(slug)
        yield sandbox
        assert sandbox.internal_errors == []
        assert sandbox.response_problems == []


def ghprov(
    sandbox: Sandbox, *arguments: str, token: str = "owner", env: dict[str, str] | None = None
) -> CliResult:
    """Run ``ghprov ARGUMENTS`` in-process against ``sandbox`` with the named token."""
    register_all(app)
    environment = {
        "GHPROV_TOKEN": sandbox.tokens[token],
        "GHPROV_API_URL": sandbox.url,
        "GHPROV_WRITE_INTERVAL_SECONDS": "0",
        "GITHUB_TOKEN": "",
        **(env or {}),
    }
    result = CliRunner().invoke(app, list(arguments), env=environment)
    return CliResult(result.exit_code, result.stdout, result.stderr)


def config_dir(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    """A configuration directory ``tmp_path/name`` holding ``document`` as its ``org.yaml``."""
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document))
    return directory
