"""Helpers for the deploy-key and GitHub App rotation tests on real API servers."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from k8s_support import secret
from pydantic import SecretStr

from ghprov.rotation.cluster import ClusterOptions
from ghprov.rotation.report import RotationReport
from ghprov.services.rotating import RotateRequest, rotate
from ghprov.settings import Settings
from ghprov_testbeds.k8s_lab.fleet import LabFleet
from ghprov_testbeds.sandbox import Sandbox


def owner_settings(sandbox: Sandbox) -> Settings:
    """ghprov's own GitHub credential: the organisation owner's token (admin on every repository)."""
    return Settings(api_url=sandbox.url, token=SecretStr(sandbox.tokens["owner"]))


def run_mode(config: Path, sandbox: Sandbox, tenant: str, **kwargs: Any) -> RotationReport:
    options = kwargs.pop("options", ClusterOptions(poll_interval=0.05))
    audit = kwargs.pop("audit", None)
    outcome = rotate(
        RotateRequest(config, tenant, None, options=options, **kwargs), owner_settings(sandbox), audit=audit
    )
    assert isinstance(outcome, RotationReport)
    return outcome


def data(fleet: LabFleet, cluster: str, name: str) -> dict[str, str]:
    """A Secret's data, decoded to text."""
    body = secret(fleet, cluster, "flux-system", name)
    return {key: base64.b64decode(value).decode() for key, value in (body.get("data") or {}).items()}


def keys_on(sandbox: Sandbox, repo: str) -> list[dict[str, Any]]:
    with sandbox.state.lock:
        return [dict(key) for key in sandbox.state.features.repository(repo).deploy_keys]


def github_writes(sandbox: Sandbox) -> list[str]:
    return [f"{entry.method} {entry.path}" for entry in sandbox.writes()]
