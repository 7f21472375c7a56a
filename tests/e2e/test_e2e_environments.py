"""Deployment environments end to end on the sandbox: protection rules, reviewers resolved to ids,
branch policies, environment secrets (sealed) and variables, convergence, import round trip, prune."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization

pytestmark = pytest.mark.e2e

KUBECONFIG = "kubeconfig-value-that-must-never-leak"
ENV = {"PROD_KUBECONFIG": KUBECONFIG}


def _document() -> dict[str, Any]:
    return {
        "organization": "envs",
        "members": {"owners": ["olivia"], "members": ["mia"]},
        "teams": {"platform-team": {"members": ["mia"]}},
        "repositories": {
            "d1-fleet": {
                "visibility": "private",
                "environments": {
                    "production": {
                        "wait_timer": 30,
                        "reviewers": {"users": ["olivia"], "teams": ["platform-team"]},
                        "prevent_self_review": True,
                        "deployment_branches": {"branches": ["main"], "tags": ["v*"]},
                        "secrets": {"KUBECONFIG": {"value": "env:PROD_KUBECONFIG"}},
                        "variables": {"CLUSTER": "prod-eu"},
                    },
                    "staging": {"deployment_branches": {"protected_branches": True}},
                },
            }
        },
    }


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return directory


def test_environments_apply_converge_import_and_prune(tmp_path: Path) -> None:
    document = _document()
    with github_for(Organization.model_validate(document)) as sandbox:
        config = _write(tmp_path, document, "base")
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes", env=ENV)
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        features = sandbox.state.features.repository("d1-fleet")
        production = features.environments["production"]
        rules = {rule["type"]: rule for rule in production["protection_rules"]}
        assert rules["wait_timer"]["wait_timer"] == 30
        reviewers = {(r["type"], r["id"]) for r in rules["required_reviewers"]["reviewers"]}
        olivia = next(u.id for u in sandbox.state.users.values() if u.login == "olivia")
        team = next(t.id for t in sandbox.state.teams.values() if t.name == "platform-team")
        assert reviewers == {("User", olivia), ("Team", team)}
        assert rules["required_reviewers"]["prevent_self_review"] is True
        patterns = {(p["type"], p["name"]) for p in features.environment_branch_policies["production"]}
        assert patterns == {("branch", "main"), ("tag", "v*")}
        assert features.environments["staging"]["deployment_branch_policy"] == {
            "protected_branches": True,
            "custom_branch_policies": False,
        }
        [secret] = features.environment_secrets["production"]
        assert secret["value_sha256"] == hashlib.sha256(KUBECONFIG.encode()).hexdigest()
        assert features.environment_variables["production"]["CLUSTER"]["value"] == "prod-eu"
        again = ghprov(sandbox, "plan", "--config", str(config), env=ENV)
        assert again.exit_code == 0, again.stdout + again.stderr

        # A pattern swapped: the new one is added, the stale one removed; nothing else is touched.
        changed = copy.deepcopy(document)
        production_config = changed["repositories"]["d1-fleet"]["environments"]["production"]
        production_config["deployment_branches"] = {"branches": ["main", "release/*"]}
        mark = len(sandbox.log)
        assert (
            ghprov(
                sandbox, "apply", "--config", str(_write(tmp_path, changed, "changed")), "--yes", env=ENV
            ).exit_code
            == 0
        )
        writes = [f"{e.method} {e.path}" for e in sandbox.log[mark:] if e.is_write and e.path != "/graphql"]
        assert writes[0] == "PUT /repos/envs/d1-fleet/environments/production"
        assert writes[1] == "POST /repos/envs/d1-fleet/environments/production/deployment-branch-policies"
        assert writes[2].startswith(
            "DELETE /repos/envs/d1-fleet/environments/production/deployment-branch-policies/"
        )
        assert len(writes) == 3

        imported = tmp_path / "imported"
        result = ghprov(sandbox, "import", "--org", "envs", "--out", str(imported))
        assert result.exit_code == 0, result.stderr
        files = "\n".join(path.read_text() for path in sorted(imported.glob("*.yaml")))
        assert "env:GHPROV_SECRET_D1_FLEET_PRODUCTION_KUBECONFIG" in files and KUBECONFIG not in files
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr

        pruning = copy.deepcopy(changed)
        del pruning["repositories"]["d1-fleet"]["environments"]["staging"]
        pruning["prune"] = {"environments": True}
        pruned = ghprov(
            sandbox,
            "apply",
            "--config",
            str(_write(tmp_path, pruning, "prune")),
            "--yes",
            "--allow-delete",
            "--force",
            env=ENV,
        )
        assert pruned.exit_code == 0, pruned.stderr + pruned.stdout
        assert set(features.environments) == {"production"}
        for text in (applied.stdout, applied.stderr, sandbox.state.dumps(), files, result.stderr):
            assert KUBECONFIG not in text


def test_bad_environments_are_config_errors_at_their_lines(tmp_path: Path) -> None:
    document = _document()
    production = document["repositories"]["d1-fleet"]["environments"]["production"]
    production["wait_timer"] = 50_000
    production["reviewers"]["teams"] = ["platfrom-team"]
    with github_for(Organization.model_validate(_document())) as sandbox:
        mark = len(sandbox.log)
        result = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, document, "bad")), env=ENV)
        assert result.exit_code == 1
        assert "43200" in result.stderr
        assert "unknown team 'platfrom-team' (did you mean 'platform-team'?)" in result.stderr
        assert sandbox.log[mark:] == []
