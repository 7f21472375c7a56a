"""Code security configurations end to end: a dropped repository is detached (keeping its settings),
an undeclared configuration is deleted only under its prune switch, and both converge and import."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization

pytestmark = pytest.mark.e2e

DOCUMENT: dict[str, Any] = {
    "organization": "sec",
    "members": {"owners": ["olivia"]},
    "code_security_configurations": {
        "d1": {"secret_scanning": "enabled", "repositories": ["d1-infra", "docs"]},
        "legacy": {"dependabot_alerts": "enabled", "repositories": ["d1-fleet"]},
    },
    "repositories": {name: {"visibility": "private"} for name in ("d1-fleet", "d1-infra", "docs")},
}


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir()
    (directory / "org.yaml").write_text(yaml.safe_dump(document))
    return directory


def test_detach_and_delete_apply_converge_and_import(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(DOCUMENT), plan="enterprise") as sandbox:
        first = _write(tmp_path, DOCUMENT, "first")
        applied = ghprov(sandbox, "apply", "--config", str(first), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        stored = {c["name"]: c for c in sandbox.state.features.organization.code_security_configurations}
        assert set(stored) == {"d1", "legacy"}

        pruned = copy.deepcopy(DOCUMENT)
        pruned["code_security_configurations"] = {
            "d1": {"secret_scanning": "enabled", "repositories": ["d1-infra"]}
        }
        pruned["prune"] = {"code_security_configurations": True}
        second = _write(tmp_path, pruned, "second")
        planned = ghprov(sandbox, "plan", "--config", str(second), "--json")
        assert planned.exit_code == 2, planned.stderr
        assert sorted((c["action"], c["address"]) for c in planned.json()["changes"]) == [
            ("delete", "code_security_configuration:legacy"),
            ("update", "code_security_configuration:d1"),
        ]
        refused = ghprov(sandbox, "apply", "--config", str(second), "--yes")
        assert refused.exit_code == 1 and "--allow-delete" in refused.stderr
        sandbox.clear_log()
        applied = ghprov(sandbox, "apply", "--config", str(second), "--yes", "--allow-delete", "--force")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        writes = [f"{e.method} {e.path}" for e in sandbox.log if e.is_write and e.path != "/graphql"]
        assert sorted(writes) == sorted(
            [
                "DELETE /orgs/sec/code-security/configurations/detach",
                f"DELETE /orgs/sec/code-security/configurations/{stored['legacy']['id']}",
            ]
        )
        [d1] = sandbox.state.features.organization.code_security_configurations
        infra = sandbox.state.repository("d1-infra")
        assert infra is not None and d1["repository_ids"] == [infra.id]
        # Detached, docs keeps the settings the configuration gave it (GitHub documents so).
        assert sandbox.state.features.repository("docs").security_and_analysis["secret_scanning"] == "enabled"

        settled = ghprov(sandbox, "plan", "--config", str(second))
        assert settled.exit_code == 0, settled.stdout + settled.stderr
        imported = tmp_path / "imported"
        assert ghprov(sandbox, "import", "--org", "sec", "--out", str(imported)).exit_code == 0
        org = yaml.safe_load((imported / "org.yaml").read_text())
        assert list(org["code_security_configurations"]) == ["d1"]
        assert org["code_security_configurations"]["d1"]["repositories"] == ["d1-infra"]
        assert ghprov(sandbox, "plan", "--config", str(imported)).exit_code == 0
