"""Classic protection of a branch pattern (``release/*``) end to end through the CLI on the sandbox.

validate → plan → apply (GraphQL BranchProtectionRule mutations, no branch created) → plan is empty →
update and prune through the same mutations → import gives back the config. A plain branch next to
it keeps the REST path.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import CliResult, ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox import Sandbox

pytestmark = pytest.mark.e2e

RELEASE: dict[str, Any] = {
    "required_approving_review_count": 1,
    "required_status_checks": {
        "strict": True,
        "contexts": ["lint"],
        "checks": [{"context": "build", "app": "ci-app"}],
    },
    "bypass_force_push_allowances": {"teams": ["Release Managers"], "users": ["mia"]},
    "required_deployments": ["staging"],
    "lock_branch": True,
    "allow_fork_syncing": True,
}
BASE: dict[str, Any] = {
    "organization": "patterns",
    "members": {"owners": ["olivia"], "members": ["mia"]},
    "teams": {
        "Release Managers": {"privacy": "closed", "members": ["mia"], "repositories": {"d1-fleet": "write"}}
    },
    "repositories": {
        "d1-fleet": {
            "visibility": "private",
            "default_branch": "main",
            "branch_protection": {
                "main": {"required_approving_review_count": 1, "enforce_admins": True},
                "release/*": RELEASE,
            },
        }
    },
}


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document))
    return directory


def _writes(sandbox: Sandbox, mark: int) -> list[str]:
    """Each write since ``mark``: ``METHOD /path``, or the root field of a GraphQL mutation."""
    found = []
    for entry in sandbox.log[mark:]:
        if entry.path == "/graphql":
            query = str(entry.body.get("query", ""))
            if query.lstrip().startswith("mutation"):
                found.append("mutation " + query.split("{", 2)[1].split("(")[0].strip())
        elif entry.is_write:
            found.append(f"{entry.method} {entry.path}")
    return found


def _ok(result: CliResult) -> None:
    assert result.exit_code == 0, result.stdout + result.stderr


def test_a_pattern_protection_plans_applies_converges_updates_imports_and_prunes(tmp_path: Path) -> None:
    organization = Organization.model_validate(BASE)
    with github_for(organization) as sandbox:
        sandbox.state.add_app("ci-app")
        config = _write(tmp_path, BASE, "base")
        validated = ghprov(sandbox, "validate", "--config", str(config))
        _ok(validated)
        # A pattern needs no existing branch: no "GitHub can only protect an existing branch" warning.
        assert "release/*" not in validated.stderr

        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        assert planned.exit_code == 2, planned.stderr
        addresses = [change["address"] for change in planned.json()["changes"]]
        assert "branch_protection:d1-fleet/release/*" in addresses
        assert not [address for address in addresses if address.startswith("branch:")]

        mark = len(sandbox.log)
        _ok(ghprov(sandbox, "apply", "--config", str(config), "--yes"))
        writes = _writes(sandbox, mark)
        # The plain branch keeps REST; the pattern is a GraphQL rule; no branch is created for it.
        assert "PUT /repos/patterns/d1-fleet/branches/main/protection" in writes
        assert writes.count("mutation createBranchProtectionRule") == 1
        assert not [write for write in writes if "git/refs" in write]
        repo = sandbox.state.repositories["d1-fleet"]
        assert "release/*" not in repo.branches
        rule = repo.protections["release/*"]
        app_id = sandbox.state.apps["ci-app"].id
        assert rule.settings["required_status_checks"] == {
            "strict": True,
            "checks": [{"context": "build", "app_id": app_id}, {"context": "lint"}],
        }
        assert rule.settings["lock_branch"] is True and rule.settings["allow_fork_syncing"] is True
        assert rule.required_deployment_environments == ["staging"]
        assert rule.bypass_force_push_allowances == {
            "users": ["mia"],
            "teams": ["release-managers"],
            "apps": [],
        }
        _ok(ghprov(sandbox, "plan", "--config", str(config)))

        changed = copy.deepcopy(BASE)
        release = changed["repositories"]["d1-fleet"]["branch_protection"]["release/*"]
        release["required_approving_review_count"] = 2
        del release["required_deployments"]
        changed_config = _write(tmp_path, changed, "changed")
        mark = len(sandbox.log)
        _ok(ghprov(sandbox, "apply", "--config", str(changed_config), "--yes"))
        assert _writes(sandbox, mark) == ["mutation updateBranchProtectionRule"]
        rule = repo.protections["release/*"]
        assert rule.required_deployment_environments == []
        assert rule.settings["required_pull_request_reviews"]["required_approving_review_count"] == 2
        _ok(ghprov(sandbox, "plan", "--config", str(changed_config)))

        imported = tmp_path / "imported"
        _ok(ghprov(sandbox, "import", "--org", "patterns", "--out", str(imported)))
        documents = [yaml.safe_load(path.read_text()) for path in sorted(imported.glob("*.yaml"))]
        fleet = next(
            d["repositories"]["d1-fleet"] for d in documents if "d1-fleet" in d.get("repositories", {})
        )
        assert fleet["branch_protection"]["release/*"] == {
            "allow_fork_syncing": True,
            "bypass_force_push_allowances": {"teams": ["Release Managers"], "users": ["mia"]},
            "lock_branch": True,
            "required_approving_review_count": 2,
            "required_status_checks": {
                "checks": [{"app": "ci-app", "context": "build"}],
                "contexts": ["lint"],
                "strict": True,
            },
        }
        assert "branches" not in fleet  # the pattern is not mistaken for a branch to create
        _ok(ghprov(sandbox, "plan", "--config", str(imported)))

        pruned = copy.deepcopy(changed)
        del pruned["repositories"]["d1-fleet"]["branch_protection"]["release/*"]
        pruned["prune"] = {"branch_protection": True}
        pruned_config = _write(tmp_path, pruned, "pruned")
        mark = len(sandbox.log)
        _ok(ghprov(sandbox, "apply", "--config", str(pruned_config), "--yes", "--allow-delete", "--force"))
        assert _writes(sandbox, mark) == ["mutation deleteBranchProtectionRule"]
        assert set(repo.protections) == {"main"}
        _ok(ghprov(sandbox, "plan", "--config", str(pruned_config)))


def test_graphql_only_settings_move_a_plain_branch_to_graphql_and_back(tmp_path: Path) -> None:
    document = copy.deepcopy(BASE)
    del document["repositories"]["d1-fleet"]["branch_protection"]["release/*"]
    main = document["repositories"]["d1-fleet"]["branch_protection"]["main"]
    # Through REST: a check pinned to an App, and a locked branch that forks may still sync from.
    main["required_status_checks"] = {"strict": False, "checks": [{"context": "build", "app": "ci-app"}]}
    main.update(lock_branch=True, allow_fork_syncing=True)
    with github_for(Organization.model_validate(document)) as sandbox:
        mark = len(sandbox.log)
        _ok(ghprov(sandbox, "apply", "--config", str(_write(tmp_path, document, "base")), "--yes"))
        writes = _writes(sandbox, mark)
        assert "PUT /repos/patterns/d1-fleet/branches/main/protection" in writes
        assert not [write for write in writes if write.startswith("mutation")]
        put = sandbox.state.repositories["d1-fleet"].protections["main"].settings
        app_id = sandbox.state.apps["ci-app"].id
        assert put["required_status_checks"] == {
            "strict": False,
            "checks": [{"context": "build", "app_id": app_id}],
        }
        assert (put["lock_branch"], put["allow_fork_syncing"]) == (True, True)
        _ok(ghprov(sandbox, "plan", "--config", str(_write(tmp_path, document, "base"))))
        main["required_deployments"] = ["production"]
        mark = len(sandbox.log)
        config = _write(tmp_path, document, "deployments")
        _ok(ghprov(sandbox, "apply", "--config", str(config), "--yes"))
        # REST's PUT has no field for it: the rule the PUT created is updated through GraphQL.
        assert _writes(sandbox, mark) == ["mutation updateBranchProtectionRule"]
        protection = sandbox.state.repositories["d1-fleet"].protections["main"]
        assert protection.required_deployment_environments == ["production"]
        assert protection.settings["enforce_admins"] is True
        _ok(ghprov(sandbox, "plan", "--config", str(config)))

        del main["required_deployments"]
        config = _write(tmp_path, document, "without")
        mark = len(sandbox.log)
        _ok(ghprov(sandbox, "apply", "--config", str(config), "--yes"))
        # Turning it off again also needs GraphQL (a PUT would leave it on).
        assert _writes(sandbox, mark) == ["mutation updateBranchProtectionRule"]
        assert protection is not sandbox.state.repositories["d1-fleet"].protections["main"]
        assert (
            sandbox.state.repositories["d1-fleet"].protections["main"].required_deployment_environments == []
        )
        _ok(ghprov(sandbox, "plan", "--config", str(config)))
