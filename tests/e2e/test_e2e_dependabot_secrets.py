"""Dependabot secrets end to end: sealed with Dependabot's own keys, converge, import, fail closed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox.audit_data import audit_data

pytestmark = pytest.mark.e2e

VALUE = "registry-password-that-must-never-leak"
DOCUMENT: dict[str, Any] = {
    "organization": "deps",
    "members": {"owners": ["olivia"], "members": ["mia"]},
    "dependabot_secrets": {"REGISTRY_PASSWORD": {"value": "env:REGISTRY_PASSWORD", "visibility": "all"}},
    "repositories": {
        "d1-fleet": {
            "visibility": "private",
            "dependabot_secrets": {"REGISTRY_PASSWORD": {"value": "env:REGISTRY_PASSWORD"}},
        }
    },
}


def test_dependabot_secrets_apply_converge_and_import(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "org.yaml").write_text(yaml.safe_dump(DOCUMENT, sort_keys=False))
    env = {"REGISTRY_PASSWORD": VALUE}
    with github_for(Organization.model_validate(DOCUMENT)) as sandbox:
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes", env=env)
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        data = audit_data(sandbox.state)
        fingerprint = hashlib.sha256(VALUE.encode()).hexdigest()
        assert [(s["name"], s["visibility"], s["value_sha256"]) for s in data.dependabot_secrets] == [
            ("REGISTRY_PASSWORD", "all", fingerprint)
        ]
        assert data.repository_dependabot_secrets["d1-fleet"][0]["value_sha256"] == fingerprint
        # Kept apart from Actions secrets, as on GitHub.
        assert data.secrets == [] and data.repository_secrets.get("d1-fleet", []) == []
        writes = [f"{e.method} {e.path}" for e in sandbox.log if e.is_write and e.path != "/graphql"]
        assert "PUT /repos/deps/d1-fleet/dependabot/secrets/REGISTRY_PASSWORD" in writes
        assert ghprov(sandbox, "plan", "--config", str(config), env=env).exit_code == 0

        imported = tmp_path / "imported"
        result = ghprov(sandbox, "import", "--org", "deps", "--out", str(imported))
        assert result.exit_code == 0, result.stderr
        files = "\n".join(path.read_text() for path in sorted(imported.glob("*.yaml")))
        assert "env:GHPROV_SECRET_D1_FLEET_DEPENDABOT_REGISTRY_PASSWORD" in files
        assert "env:GHPROV_SECRET_DEPENDABOT_REGISTRY_PASSWORD" in files
        assert ghprov(sandbox, "plan", "--config", str(imported)).exit_code == 0
        for text in (applied.stdout, applied.stderr, files, result.stderr, sandbox.state.dumps()):
            assert VALUE not in text

        member = ghprov(sandbox, "plan", "--config", str(config), token="member", env=env)
        assert member.exit_code == 1 and "dependabot_secrets" in member.stderr


def test_a_secret_shared_with_selected_repositories_converges_and_imports(tmp_path: Path) -> None:
    """Found by the generated round trip: the selected repositories were never read, so every plan after
    the apply that created such a secret was refused as unreadable."""
    document = {
        **DOCUMENT,
        "dependabot_secrets": {
            "REGISTRY_PASSWORD": {
                "value": "env:REGISTRY_PASSWORD",
                "visibility": "selected",
                "selected_repositories": ["d1-fleet"],
            }
        },
        "repositories": {"d1-fleet": {"visibility": "private"}, "d1-apps": {"visibility": "private"}},
    }
    config = tmp_path / "config"
    config.mkdir()
    (config / "org.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    env = {"REGISTRY_PASSWORD": VALUE}
    with github_for(Organization.model_validate(document)) as sandbox:
        assert ghprov(sandbox, "apply", "--config", str(config), "--yes", env=env).exit_code == 0
        verify = ghprov(sandbox, "plan", "--config", str(config), env=env)
        assert verify.exit_code == 0, verify.stdout + verify.stderr
        reads = [e.path for e in sandbox.log if e.path.endswith("/REGISTRY_PASSWORD/repositories")]
        assert set(reads) == {"/orgs/deps/dependabot/secrets/REGISTRY_PASSWORD/repositories"}

        imported = tmp_path / "imported"
        assert ghprov(sandbox, "import", "--org", "deps", "--out", str(imported)).exit_code == 0
        organization = yaml.safe_load((imported / "org.yaml").read_text())
        assert organization["dependabot_secrets"]["REGISTRY_PASSWORD"]["selected_repositories"] == [
            "d1-fleet"
        ]
        assert ghprov(sandbox, "plan", "--config", str(imported)).exit_code == 0
        # Narrowing the selection is planned as a change, not refused.
        document["dependabot_secrets"]["REGISTRY_PASSWORD"]["selected_repositories"] = ["d1-apps"]
        (config / "org.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
        assert ghprov(sandbox, "plan", "--config", str(config), env=env).exit_code == 2
