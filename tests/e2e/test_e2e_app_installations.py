"""App installations' repository selections end to end on the sandbox: plan, apply, converge, import,
prune, and the cases GitHub's API cannot change."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization

pytestmark = pytest.mark.e2e

BASE: dict[str, Any] = {
    "organization": "apps",
    "members": {"owners": ["olivia"], "members": ["carol"]},
    "repositories": {"d1-fleet": {}, "d1-infra": {}, "d1-apps": {}},
    "app_installations": {"flux-app": {"repositories": ["d1-fleet", "d1-infra"]}},
}


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document))
    return directory


def test_selected_repositories_are_applied_imported_and_pruned(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        sandbox.settings.auto_accept_invitations = True
        app = sandbox.state.add_app("flux-app")
        app.repositories = ["d1-apps"]
        config = _write(tmp_path, BASE, "base")
        planned = ghprov(sandbox, "plan", "--config", str(config))
        assert "+ App installation flux-app/d1-fleet" in planned.stdout, planned.stdout
        assert ghprov(sandbox, "apply", "--config", str(config), "--yes").exit_code == 0
        assert sorted(app.repositories) == ["d1-apps", "d1-fleet", "d1-infra"]

        pruned = copy.deepcopy(BASE)
        pruned["prune"] = {"app_installations": True}
        result = ghprov(
            sandbox,
            "apply",
            "--config",
            str(_write(tmp_path, pruned, "pruned")),
            "--yes",
            "--allow-delete",
            "--force",
        )
        assert result.exit_code == 0, result.stderr + result.stdout
        assert sorted(app.repositories) == ["d1-fleet", "d1-infra"]

        imported = tmp_path / "imported"
        assert ghprov(sandbox, "import", "--org", "apps", "--out", str(imported)).exit_code == 0
        organization = yaml.safe_load((imported / "org.yaml").read_text())
        # The sandbox's own App (the "app" token) is installed too, on all repositories.
        assert organization["app_installations"] == {
            "flux-app": {"repositories": ["d1-fleet", "d1-infra"]},
            "ghprov-app": {"repositories": "all"},
        }
        assert ghprov(sandbox, "plan", "--config", str(imported)).exit_code == 0


def test_an_installation_on_all_repositories_is_a_finding_and_unknown_apps_fail(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        sandbox.settings.auto_accept_invitations = True
        sandbox.state.add_app("flux-app")  # installed on all repositories
        result = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, BASE, "base")))
        assert "installed on all repositories" in result.stdout and "settings page" in result.stdout
        assert "App installation flux-app/" not in result.stdout

        missing = copy.deepcopy(BASE)
        missing["app_installations"] = {"flux-ap": {"repositories": ["d1-fleet"]}}
        mark = len(sandbox.log)
        refused = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, missing, "missing")))
        assert refused.exit_code == 1 and "'flux-ap' is not installed" in refused.stderr
        assert [e for e in sandbox.log[mark:] if e.is_write and not e.path.endswith("/graphql")] == []


def test_an_app_token_cannot_read_selected_repositories_so_the_plan_refuses(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        sandbox.settings.auto_accept_invitations = True
        assert (
            ghprov(
                sandbox,
                "apply",
                "--config",
                str(_write(tmp_path, {k: v for k, v in BASE.items() if k != "app_installations"}, "plain")),
                "--yes",
            ).exit_code
            == 0
        )
        app = sandbox.state.add_app("flux-app")
        app.repositories = ["d1-fleet"]
        result = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, BASE, "base")), token="app")
        assert result.exit_code == 1
        assert "app_installations" in result.stderr
