"""Helpers shared by the rotation tests on real API servers."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import SecretStr
from typer.testing import CliRunner

from ghprov.cli.main import app
from ghprov.rotation.cluster import ClusterOptions
from ghprov.rotation.report import RotationReport
from ghprov.services.rotating import RotateRequest, rotate
from ghprov.settings import Settings
from ghprov_testbeds.k8s_lab.fleet import LabFleet
from ghprov_testbeds.k8s_lab.flux_emulator import lab_http
from ghprov_testbeds.sandbox import Sandbox

GHPROV = "ghprov-admin"


def settings_for(sandbox: Sandbox) -> Settings:
    return Settings(api_url=sandbox.url, token=None)


def run(config: Path, sandbox: Sandbox, token: str, **kwargs: Any) -> RotationReport:
    options = kwargs.pop("options", ClusterOptions(poll_interval=0.05))
    audit = kwargs.pop("audit", None)
    outcome = rotate(
        RotateRequest(config, "apps", SecretStr(token), options=options, **kwargs),
        settings_for(sandbox),
        audit=audit,
    )
    assert isinstance(outcome, RotationReport)
    return outcome


def secret(
    fleet: LabFleet, cluster: str, namespace: str = "flux-system", name: str = "flux-apps"
) -> dict[str, Any]:
    with lab_http(fleet.cluster(cluster)) as http:
        return dict(http.get(f"/api/v1/namespaces/{namespace}/secrets/{name}").json())


def password(body: dict[str, Any]) -> str:
    return base64.b64decode(body["data"]["password"]).decode()


def writes(fleet: LabFleet) -> dict[str, int]:
    return {c.name: len(c.writes_by(GHPROV)) for c in fleet.clusters}


def variant(config: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the rotation file at ``target`` with ``change`` applied to its document."""
    document = json.loads(config.read_text())
    change(document)
    target.write_text(json.dumps(document))
    return target


def secret_forms(token: str) -> list[str]:
    """The ways a token could leak: as itself, and base64-encoded as a Secret's data holds it."""
    return [token, base64.b64encode(token.encode()).decode()]


def invoke(cli: CliRunner, sandbox: Sandbox, args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run ``ghprov ARGS`` against the sandbox (no GitHub token of its own); exit code, stdout, stderr."""
    result = cli.invoke(app, args, env={"GHPROV_API_URL": sandbox.url, "GHPROV_TOKEN": "", **env})
    return result.exit_code, result.stdout, result.stderr
