"""Deploy keys end to end through the CLI on the sandbox: validate, plan, apply, converge, import, prune."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import ghprov, github_for
from ssh_keys import public_key

from ghprov.model import Organization, normalise_public_key
from ghprov_testbeds.sandbox.rest_deploy_keys import add_deploy_key

pytestmark = pytest.mark.e2e

FLUX_KEY = public_key("flux@staging")
CI_KEY = public_key()
BASE: dict[str, Any] = {
    "organization": "keys",
    "members": {"owners": ["olivia"], "members": ["mia"]},
    "repositories": {
        "d1-fleet": {
            "visibility": "private",
            "deploy_keys": {
                "flux-staging": {"key": FLUX_KEY},
                "image-automation": {"key": CI_KEY, "read_only": False},
            },
        },
        "d1-apps": {"visibility": "private"},
    },
}


def _write(tmp_path: Path, document: dict[str, Any], name: str) -> Path:
    directory = tmp_path / name
    directory.mkdir(exist_ok=True)
    (directory / "org.yaml").write_text(json.dumps(document))
    return directory


def _keys(sandbox: Any, repo: str) -> dict[str, tuple[str, bool]]:
    keys = sandbox.state.features.repository(repo).deploy_keys
    return {key["title"]: (key["key"], key["read_only"]) for key in keys}


def test_deploy_keys_apply_converge_import_and_prune(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        config = _write(tmp_path, BASE, "base")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        assert planned.exit_code == 2, planned.stderr
        addresses = [change["address"] for change in planned.json()["changes"]]
        assert "deploy_key:d1-fleet/flux-staging" in addresses
        # No private key material can be in a plan: there is none, and no public key comment either.
        assert "flux@staging" not in planned.stdout

        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        assert _keys(sandbox, "d1-fleet") == {
            "flux-staging": (normalise_public_key(FLUX_KEY), True),
            "image-automation": (normalise_public_key(CI_KEY), False),
        }
        again = ghprov(sandbox, "plan", "--config", str(config))
        assert again.exit_code == 0, again.stdout + again.stderr

        imported = tmp_path / "imported"
        result = ghprov(sandbox, "import", "--org", "keys", "--out", str(imported))
        assert result.exit_code == 0, result.stderr
        text = "\n".join(path.read_text() for path in sorted(imported.glob("*.yaml")))
        documents = [yaml.safe_load(path.read_text()) for path in sorted(imported.glob("*.yaml"))]
        fleet = next(
            d["repositories"]["d1-fleet"] for d in documents if "d1-fleet" in d.get("repositories", {})
        )
        assert fleet["deploy_keys"] == {
            "flux-staging": {"key": normalise_public_key(FLUX_KEY)},
            "image-automation": {"key": normalise_public_key(CI_KEY), "read_only": False},
        }
        assert "deploy_keys" in text
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr


def test_a_rotated_key_replaces_the_old_one_and_prune_removes_strays(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        assert (
            ghprov(sandbox, "apply", "--config", str(_write(tmp_path, BASE, "base")), "--yes").exit_code == 0
        )
        add_deploy_key(sandbox.state, "d1-fleet", "stray", public_key())
        rotated = copy.deepcopy(BASE)
        new_key = public_key()
        fleet = rotated["repositories"]["d1-fleet"]
        fleet["deploy_keys"]["flux-staging"]["key"] = new_key
        rotated["prune"] = {"deploy_keys": True}
        config = _write(tmp_path, rotated, "rotated")

        refused = ghprov(sandbox, "apply", "--config", str(config), "--yes")
        assert refused.exit_code == 1 and "--allow-delete" in refused.stderr
        mark = len(sandbox.log)
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-delete", "--force")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        writes = [f"{e.method} {e.path}" for e in sandbox.log[mark:] if e.is_write]
        added = writes.index("POST /repos/keys/d1-fleet/keys")
        removed = [i for i, w in enumerate(writes) if w.startswith("DELETE /repos/keys/d1-fleet/keys/")]
        # The new key is added before the old one goes, so Flux is never without a working key.
        assert len(removed) == 2 and added < min(removed)
        assert _keys(sandbox, "d1-fleet") == {
            "flux-staging": (normalise_public_key(new_key), True),
            "image-automation": (normalise_public_key(CI_KEY), False),
        }
        assert ghprov(sandbox, "plan", "--config", str(config)).exit_code == 0


def test_a_key_used_twice_is_a_config_error_with_its_location(tmp_path: Path) -> None:
    document = copy.deepcopy(BASE)
    document["repositories"]["d1-apps"]["deploy_keys"] = {"copy": {"key": FLUX_KEY}}
    config = tmp_path / "dup"
    config.mkdir()
    (config / "org.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    with github_for(Organization.model_validate(BASE)) as sandbox:
        mark = len(sandbox.log)
        result = ghprov(sandbox, "plan", "--config", str(config))
        assert result.exit_code == 1
        assert "org.yaml:" in result.stderr and "already deploy key d1-fleet/flux-staging" in result.stderr
        assert sandbox.log[mark:] == []


def test_a_token_that_is_not_a_repository_admin_cannot_plan_deploy_keys(tmp_path: Path) -> None:
    readable = {**copy.deepcopy(BASE), "settings": {"default_repository_permission": "read"}}
    with github_for(Organization.model_validate(readable)) as sandbox:
        assert (
            ghprov(sandbox, "apply", "--config", str(_write(tmp_path, readable, "base")), "--yes").exit_code
            == 0
        )
        # A member reads every repository (base permission) but administers none.
        only_repositories = {"organization": "keys", "repositories": readable["repositories"]}
        config = _write(tmp_path, only_repositories, "repos")
        result = ghprov(sandbox, "plan", "--config", str(config), token="member")
        assert result.exit_code == 1
        assert "repositories/d1-fleet/deploy_keys" in result.stderr and "admins" in result.stderr
