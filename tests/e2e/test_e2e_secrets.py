"""Actions secrets and variables end to end through the CLI on the sandbox.

The sandbox opens every sealed box it receives and keeps only the value's SHA-256, so these tests can
check what was sent without any value being stored; every test also checks that no value appears in
any output, the sandbox's saved state or its request log.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox.audit_data import add_secret, audit_data

pytestmark = pytest.mark.e2e

FLUX_VALUE = "ghp_flux-token-value-that-must-never-leak"
DEPLOY_VALUE = "deploy-key-value-that-must-never-leak"
ROTATED_VALUE = "rotated-value-that-must-never-leak-either"
VALUES = (FLUX_VALUE, DEPLOY_VALUE, ROTATED_VALUE)


def _document(deploy_file: Path) -> dict[str, Any]:
    return {
        "organization": "vault",
        "members": {"owners": ["olivia"], "members": ["mia"]},
        "actions_secrets": {
            "FLUX_TOKEN": {
                "value": "env:FLUX_TOKEN",
                "visibility": "selected",
                "selected_repositories": ["d1-fleet"],
            }
        },
        "actions_variables": {"REGISTRY": {"value": "ghcr.io/vault", "visibility": "all"}},
        "repositories": {
            "d1-fleet": {
                "visibility": "private",
                "actions_secrets": {"DEPLOY_KEY": {"value": f"file:{deploy_file}"}},
                "actions_variables": {"CLUSTER": "staging"},
            },
            "d1-apps": {"visibility": "private"},
        },
    }


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return directory


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _fingerprints(sandbox: Any) -> dict[str, str]:
    data = audit_data(sandbox.state)
    found = {f"org/{s['name']}": s.get("value_sha256", "") for s in data.secrets}
    for repo, secrets in data.repository_secrets.items():
        found.update({f"{repo}/{s['name']}": s.get("value_sha256", "") for s in secrets})
    return found


def _assert_no_value(sandbox: Any, *texts: str) -> None:
    saved = sandbox.state.dumps()
    logged = json.dumps([f"{entry.method} {entry.path}" for entry in sandbox.log])
    for value in VALUES:
        for text in (*texts, saved, logged):
            assert value not in text


@pytest.fixture
def deploy_file(tmp_path: Path) -> Path:
    path = tmp_path / "deploy-key"
    path.write_text(DEPLOY_VALUE + "\n")
    return path


def test_secrets_and_variables_apply_converge_rotate_and_import(tmp_path: Path, deploy_file: Path) -> None:
    document = _document(deploy_file)
    env = {"FLUX_TOKEN": FLUX_VALUE}
    with github_for(Organization.model_validate(document)) as sandbox:
        config = _write(tmp_path, document, "base")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json", env=env)
        assert planned.exit_code == 2, planned.stderr
        changes = {change["address"]: change for change in planned.json()["changes"]}
        assert set(changes) >= {
            "organization_secret:FLUX_TOKEN",
            "repository_secret:d1-fleet/DEPLOY_KEY",
            "organization_variable:REGISTRY",
            "repository_variable:d1-fleet/CLUSTER",
        }
        text_plan = ghprov(sandbox, "plan", "--config", str(config), "-v", env=env)
        assert "from env:FLUX_TOKEN" in text_plan.stdout

        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes", "-v", env=env)
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        # What GitHub received, opened with the sandbox's private key: exactly the referenced values
        # (the file's trailing newline removed).
        assert _fingerprints(sandbox) == {
            "org/FLUX_TOKEN": _sha(FLUX_VALUE),
            "d1-fleet/DEPLOY_KEY": _sha(DEPLOY_VALUE),
        }
        secret = audit_data(sandbox.state).secrets[0]
        assert secret["visibility"] == "selected"
        assert secret["selected_repository_ids"] == [sandbox.state.repositories["d1-fleet"].id]
        org_variable = sandbox.state.features.organization.variables["REGISTRY"]
        assert (org_variable["value"], org_variable["visibility"]) == ("ghcr.io/vault", "all")
        assert sandbox.state.features.repository("d1-fleet").variables["CLUSTER"]["value"] == "staging"
        writes = [f"{e.method} {e.path}" for e in sandbox.log if e.is_write]
        assert "PUT /orgs/vault/actions/secrets/FLUX_TOKEN" in writes
        assert "PUT /repos/vault/d1-fleet/actions/secrets/DEPLOY_KEY" in writes

        again = ghprov(sandbox, "plan", "--config", str(config), env=env)
        assert again.exit_code == 0, again.stdout + again.stderr

        # A new value cannot be seen: nothing changes until the values are sent again on purpose.
        rotated_env = {"FLUX_TOKEN": ROTATED_VALUE}
        assert ghprov(sandbox, "plan", "--config", str(config), env=rotated_env).exit_code == 0
        rotation = ghprov(
            sandbox, "plan", "--config", str(config), "--rotate-secrets", "--json", env=rotated_env
        )
        assert rotation.exit_code == 2
        assert sorted(c["address"] for c in rotation.json()["changes"]) == [
            "organization_secret:FLUX_TOKEN",
            "repository_secret:d1-fleet/DEPLOY_KEY",
        ]
        saved = tmp_path / "rotation.json"
        assert (
            ghprov(
                sandbox,
                "plan",
                "--config",
                str(config),
                "--rotate-secrets",
                "--out",
                str(saved),
                env=rotated_env,
            ).exit_code
            == 2
        )
        # The saved plan asks for the rotation by itself: apply needs no flag to accept it.
        rotated = ghprov(sandbox, "apply", str(saved), "--config", str(config), "--yes", env=rotated_env)
        assert rotated.exit_code == 0, rotated.stderr + rotated.stdout
        assert _fingerprints(sandbox)["org/FLUX_TOKEN"] == _sha(ROTATED_VALUE)

        imported = tmp_path / "imported"
        result = ghprov(sandbox, "import", "--org", "vault", "--out", str(imported))
        assert result.exit_code == 0, result.stderr
        files = "\n".join(path.read_text() for path in sorted(imported.glob("*.yaml")))
        assert "env:GHPROV_SECRET_FLUX_TOKEN" in files and "env:GHPROV_SECRET_D1_FLEET_DEPLOY_KEY" in files
        assert (
            "GHPROV_SECRET_FLUX_TOKEN" in result.stderr and "never returns a secret's value" in result.stderr
        )
        # The secrets exist, so a plan needs no value: the unset placeholders are warnings only.
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr
        validated = ghprov(sandbox, "validate", "--config", str(imported))
        assert validated.exit_code == 0, validated.stderr
        assert "import's placeholder env:GHPROV_SECRET_FLUX_TOKEN is not set" in validated.stderr
        # Sending them is another matter: apply refuses before its first write.
        mark = len(sandbox.log)
        refused = ghprov(sandbox, "apply", "--config", str(imported), "--rotate-secrets", "--yes")
        assert refused.exit_code == 1
        assert (
            "organization_secret:FLUX_TOKEN: the environment variable GHPROV_SECRET_FLUX_TOKEN"
            in refused.stderr
        )
        assert not [e for e in sandbox.log[mark:] if e.is_write and e.path != "/graphql"]
        _assert_no_value(
            sandbox,
            planned.stdout + planned.stderr,
            text_plan.stdout + text_plan.stderr,
            applied.stdout + applied.stderr,
            rotation.stdout + rotated.stdout + rotated.stderr,
            saved.read_text(),
            files + result.stderr,
        )


def test_an_unset_reference_is_a_config_error_at_its_line_and_nothing_is_sent(
    tmp_path: Path, deploy_file: Path
) -> None:
    document = _document(deploy_file)
    config = _write(tmp_path, document, "base")
    with github_for(Organization.model_validate(document)) as sandbox:
        mark = len(sandbox.log)
        result = ghprov(sandbox, "plan", "--config", str(config), env={"FLUX_TOKEN": ""})
        assert result.exit_code == 1
        assert "org.yaml:9:12:" in result.stderr
        assert "secret FLUX_TOKEN: the environment variable FLUX_TOKEN is not set" in result.stderr
        assert sandbox.log[mark:] == []
        validated = ghprov(sandbox, "validate", "--config", str(config), env={"FLUX_TOKEN": ""})
        assert validated.exit_code == 1 and "org.yaml:9:12:" in validated.stderr


def test_a_value_pasted_where_a_reference_belongs_is_refused_without_echoing_it(
    tmp_path: Path, deploy_file: Path
) -> None:
    document = _document(deploy_file)
    document["actions_secrets"]["FLUX_TOKEN"]["value"] = FLUX_VALUE
    config = _write(tmp_path, document, "pasted")
    with github_for(Organization.model_validate(_document(deploy_file))) as sandbox:
        result = ghprov(sandbox, "validate", "--config", str(config))
        assert result.exit_code == 1
        assert "not a secret reference" in result.stderr
        assert FLUX_VALUE not in result.stdout + result.stderr


def test_prune_removes_undeclared_secrets_and_a_member_token_cannot_plan_them(
    tmp_path: Path, deploy_file: Path
) -> None:
    document = _document(deploy_file)
    env = {"FLUX_TOKEN": FLUX_VALUE}
    with github_for(Organization.model_validate(document)) as sandbox:
        assert (
            ghprov(
                sandbox, "apply", "--config", str(_write(tmp_path, document, "base")), "--yes", env=env
            ).exit_code
            == 0
        )
        add_secret(sandbox.state, "STRAY", "2026-01-01T00:00:00Z", repo="d1-fleet")
        add_secret(sandbox.state, "OLD_ORG_SECRET", "2026-01-01T00:00:00Z")
        pruning = copy.deepcopy(document)
        pruning["prune"] = {"actions_secrets": True}
        config = _write(tmp_path, pruning, "prune")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json", env=env)
        deletions = sorted(c["address"] for c in planned.json()["changes"] if c["action"] == "delete")
        assert deletions == ["organization_secret:OLD_ORG_SECRET", "repository_secret:d1-fleet/STRAY"]
        applied = ghprov(
            sandbox, "apply", "--config", str(config), "--yes", "--allow-delete", "--force", env=env
        )
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        assert set(_fingerprints(sandbox)) == {"org/FLUX_TOKEN", "d1-fleet/DEPLOY_KEY"}

        # A member can see neither list: the plan refuses rather than guess (fail closed).
        member = ghprov(sandbox, "plan", "--config", str(config), token="member", env=env)
        assert member.exit_code == 1
        assert "actions_secrets" in member.stderr and "owners" in member.stderr
