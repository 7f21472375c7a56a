"""``ghprov lint`` judges declared webhooks (ORG-11, REPO-20) as the live checks judge GitHub's; secret
age (ORG-12) stays SKIPPED with the reason: a config holds only a reference."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ghprov.audit.findings import Finding, Status
from ghprov.services.auditing import AuditOptions, lint_config

RECEIVER = "https://flux-webhook.example.com/hook/abc"
SINK = "http://audit.example.com/github"


def lint(tmp_path: Path, document: dict[str, Any]) -> dict[tuple[str, str], Finding]:
    directory = tmp_path / "config"
    directory.mkdir(parents=True)
    (directory / "org.yaml").write_text(yaml.safe_dump({"organization": "acme", **document}))
    result = lint_config(directory, AuditOptions())
    return {(f.check_id, f.resource.name): f for f in result.report.findings}


def test_declared_webhooks_are_judged_with_config_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECEIVER_TOKEN", "x")
    found = lint(
        tmp_path,
        {
            "webhooks": {SINK: {"insecure_ssl": True}},
            "repositories": {
                "d1-fleet": {
                    "webhooks": {RECEIVER: {"content_type": "json", "secret": "env:RECEIVER_TOKEN"}}
                },
                "d1-apps": {"webhooks": {SINK: {}}},
                "d1-infra": {},
            },
        },
    )
    sink = found[("ORG-11", SINK)]
    assert sink.status is Status.FAILED and sink.actual == {"problems": ["no secret", "TLS verification off"]}
    assert sink.evidence[0].source == "config" and ".yaml:" in sink.evidence[0].location
    assert found[("REPO-20", "d1-fleet")].status is Status.PASSED
    apps = found[("REPO-20", "d1-apps")]
    assert apps.status is Status.FAILED and apps.actual == {"problems": [f"hook {SINK}: no secret"]}
    assert found[("REPO-20", "d1-infra")].status is Status.SKIPPED
    assert "repositories.d1-infra.webhooks" in (found[("REPO-20", "d1-infra")].skip_reason or "")
    assert "only a reference" in (found[("ORG-12", "acme")].skip_reason or "")


def test_undeclared_organisation_webhooks_are_skipped_by_name(tmp_path: Path) -> None:
    found = lint(tmp_path, {"repositories": {"d1-fleet": {}}})
    assert found[("ORG-11", "acme")].status is Status.SKIPPED
    assert found[("ORG-11", "acme")].skip_reason == "Not declared in the config: webhooks"
