"""Runner groups end to end through the CLI on the sandbox: an existing group's access updated, a
missing group created, an unlisted one deleted under the prune switch (never Default, never an
enterprise's), convergence and the import round trip."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox.rest_runner_groups import add_runner_group

pytestmark = pytest.mark.e2e

WORKFLOW = "acts/d1-infra/.github/workflows/deploy.yaml@main"
RUNNERS: dict[str, Any] = {
    "organization": "acts",
    "members": {"owners": ["olivia"], "members": ["mia"]},
    "runner_groups": {
        "linux-large": {
            "visibility": "selected",
            "selected_repositories": ["d1-infra"],
            "allows_public_repositories": False,
        },
        "gpu": {
            "visibility": "selected",
            "selected_repositories": ["d1-infra", "docs"],
            "restricted_to_workflows": True,
            "selected_workflows": [WORKFLOW],
        },
    },
    "repositories": {"d1-infra": {"visibility": "private"}, "docs": {"visibility": "private"}},
}


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir()
    (directory / "org.yaml").write_text(yaml.safe_dump(document))
    return directory


def _writes(sandbox: Any) -> list[str]:
    return [f"{e.method} {e.path}" for e in sandbox.log if e.is_write and "/runner-groups" in e.path]


def test_runner_groups_created_updated_pruned_converge_and_import(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(RUNNERS)) as sandbox:
        state = sandbox.state
        large = add_runner_group(state, "linux-large", allows_public_repositories=True)
        add_runner_group(state, "old-builders", visibility="private")
        add_runner_group(state, "enterprise-arm", inherited=True)
        config = _write(tmp_path, RUNNERS, "runners")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        assert planned.exit_code == 2, planned.stderr
        changes = planned.json()["changes"]
        assert sorted((c["action"], c["address"]) for c in changes if "runner_group" in c["address"]) == [
            ("create", "runner_group:gpu"),
            ("update", "runner_group:linux-large"),
        ]
        sandbox.clear_log()
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        assert sorted(_writes(sandbox)) == [
            "PATCH /orgs/acts/actions/runner-groups/" + str(large),
            "POST /orgs/acts/actions/runner-groups",
            f"PUT /orgs/acts/actions/runner-groups/{large}/repositories",
        ]
        groups = {g["name"]: g for g in state.audit.runner_groups}
        assert (groups["linux-large"]["visibility"], groups["linux-large"]["allows_public_repositories"]) == (
            "selected",
            False,
        )
        gpu = groups["gpu"]
        assert (gpu["visibility"], gpu["restricted_to_workflows"], gpu["selected_workflows"]) == (
            "selected",
            True,
            [WORKFLOW],
        )
        ids = {name: repo.id for name, repo in ((r.name, r) for r in state.repositories.values())}
        repositories = state.features.organization.runner_group_repository_ids
        assert repositories[str(gpu["id"])] == sorted([ids["d1-infra"], ids["docs"]])
        settled = ghprov(sandbox, "plan", "--config", str(config))
        assert settled.exit_code == 0, settled.stdout + settled.stderr

        pruned = copy.deepcopy(RUNNERS)
        pruned["prune"] = {"runner_groups": True}
        pruned_config = _write(tmp_path, pruned, "pruned")
        planned = ghprov(sandbox, "plan", "--config", str(pruned_config), "--json")
        # Default and the enterprise's group stay: GitHub refuses to delete them.
        assert [(c["action"], c["address"]) for c in planned.json()["changes"]] == [
            ("delete", "runner_group:old-builders")
        ]
        sandbox.clear_log()
        applied = ghprov(
            sandbox, "apply", "--config", str(pruned_config), "--yes", "--allow-delete", "--force"
        )
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        assert [g["name"] for g in state.audit.runner_groups] == [
            "Default",
            "linux-large",
            "enterprise-arm",
            "gpu",
        ]
        assert ghprov(sandbox, "plan", "--config", str(pruned_config)).exit_code == 0
        assert ghprov(sandbox, "plan", "--config", str(config), token="member").exit_code == 1

        imported = tmp_path / "imported"
        result = ghprov(sandbox, "import", "--org", "acts", "--out", str(imported))
        assert result.exit_code == 0, result.stderr
        assert "runner_groups/enterprise-arm" in result.stderr
        org = yaml.safe_load((imported / "org.yaml").read_text())
        # Default as GitHub made it is not written; GitHub's defaults are left out.
        assert org["runner_groups"] == {
            "gpu": {
                "allows_public_repositories": False,
                "restricted_to_workflows": True,
                "selected_repositories": ["d1-infra", "docs"],
                "selected_workflows": [WORKFLOW],
                "visibility": "selected",
            },
            "linux-large": {
                "allows_public_repositories": False,
                "selected_repositories": ["d1-infra"],
                "visibility": "selected",
            },
        }
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr


def test_an_inherited_group_declared_in_the_config_refuses_the_plan(tmp_path: Path) -> None:
    document = {**RUNNERS, "runner_groups": {"enterprise-arm": {"visibility": "private"}}}
    with github_for(Organization.model_validate(document)) as sandbox:
        add_runner_group(sandbox.state, "enterprise-arm", inherited=True)
        planned = ghprov(sandbox, "plan", "--config", str(_write(tmp_path, document, "inherited")))
        assert planned.exit_code == 1 and "enterprise" in planned.stderr, planned.stdout + planned.stderr
