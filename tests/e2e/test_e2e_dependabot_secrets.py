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


def test_a_secret_for_selected_repositories_is_read_written_and_imported(tmp_path: Path) -> None:
    document: dict[str, Any] = {
        "organization": "deps",
        "members": {"owners": ["olivia"]},
        "dependabot_secrets": {
            "REGISTRY_PASSWORD": {
                "value": "env:REGISTRY_PASSWORD",
                "visibility": "selected",
                "selected_repositories": ["d1-fleet"],
            }
        },
        "repositories": {"d1-fleet": {"visibility": "private"}, "d1-infra": {"visibility": "private"}},
    }
    config = tmp_path / "config"
    config.mkdir()
    env = {"REGISTRY_PASSWORD": VALUE}

    def write(doc: dict[str, Any]) -> None:
        (config / "org.yaml").write_text(yaml.safe_dump(doc, sort_keys=False))

    write(document)
    with github_for(Organization.model_validate(DOCUMENT)) as sandbox:
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes", env=env)
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        ids = {repo.name: repo.id for repo in sandbox.state.repositories.values()}
        [secret] = audit_data(sandbox.state).dependabot_secrets
        assert (secret["visibility"], secret["selected_repository_ids"]) == ("selected", [ids["d1-fleet"]])
        settled = ghprov(sandbox, "plan", "--config", str(config), env=env)
        assert settled.exit_code == 0 and "No changes" in settled.stdout, settled.stdout + settled.stderr

        document["dependabot_secrets"]["REGISTRY_PASSWORD"]["selected_repositories"] = [
            "d1-fleet",
            "d1-infra",
        ]
        write(document)
        sandbox.clear_log()
        widened = ghprov(sandbox, "apply", "--config", str(config), "--yes", env=env)
        assert widened.exit_code == 0, widened.stderr + widened.stdout
        writes = [f"{e.method} {e.path}" for e in sandbox.log if e.is_write and e.path != "/graphql"]
        assert writes == ["PUT /orgs/deps/dependabot/secrets/REGISTRY_PASSWORD/repositories"]
        assert sorted(secret["selected_repository_ids"]) == sorted([ids["d1-fleet"], ids["d1-infra"]])
        assert ghprov(sandbox, "plan", "--config", str(config), env=env).exit_code == 0

        imported = tmp_path / "imported"
        result = ghprov(sandbox, "import", "--org", "deps", "--out", str(imported))
        assert result.exit_code == 0, result.stderr
        organisation = yaml.safe_load((imported / "org.yaml").read_text())
        assert organisation["dependabot_secrets"]["REGISTRY_PASSWORD"]["selected_repositories"] == [
            "d1-fleet",
            "d1-infra",
        ]
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0 and "No changes" in round_trip.stdout, round_trip.stdout
