"""Code security configurations in the plan: exact repository lists (detach), moves between declared
configurations, deletion under the prune switch only, and the config's one-configuration rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from plan_helpers import addresses, change, plan_for

from ghprov.config import load_config
from ghprov.errors import ConfigError
from ghprov.model.code_security import CodeSecurityConfiguration

LIVE: dict[str, Any] = {
    "code_security_configurations": {
        "d1": {
            "secret_scanning": "enabled",
            "enforcement": "enforced",
            "repositories": ["d1-fleet", "d1-infra"],
        },
        "legacy": {"secret_scanning": "disabled", "repositories": ["docs"]},
    }
}


def test_a_repository_no_longer_listed_is_detached_and_that_is_loosening() -> None:
    desired = {"code_security_configurations": {"d1": {"repositories": ["d1-infra"]}}}
    plan = plan_for(desired, LIVE)
    found = change(plan, "code_security_configuration:d1")
    assert [(f.field, f.before, f.after) for f in found.fields] == [
        ("repositories", ["d1-fleet", "d1-infra"], ["d1-infra"])
    ]
    assert found.loosens is True
    # legacy is not declared and nothing prunes it.
    assert addresses(plan) == ["~ code_security_configuration:d1"]


def test_a_repository_moving_to_another_declared_configuration_is_attached_there_not_detached() -> None:
    desired = {
        "code_security_configurations": {
            "d1": {"repositories": ["d1-infra"]},
            "legacy": {"repositories": ["d1-fleet", "docs"]},
        }
    }
    plan = plan_for(desired, LIVE)
    assert addresses(plan) == ["~ code_security_configuration:legacy"]
    found = change(plan, "code_security_configuration:legacy")
    assert [(f.before, f.after) for f in found.fields] == [(["docs"], ["d1-fleet", "docs"])]
    assert found.loosens is False


def test_configurations_are_deleted_only_under_the_prune_switch() -> None:
    desired = {"code_security_configurations": {"d1": {"secret_scanning": "enabled"}}}
    assert addresses(plan_for(desired, LIVE)) == []
    pruned = plan_for({**desired, "prune": {"code_security_configurations": True}}, LIVE)
    assert addresses(pruned) == ["- code_security_configuration:legacy"]
    deleted = change(pruned, "code_security_configuration:legacy")
    assert deleted.loosens is True
    # The plan shows what the deletion detaches.
    assert ("repositories", ["docs"], None) in [(f.field, f.before, f.after) for f in deleted.fields]
    assert deleted.current == CodeSecurityConfiguration(secret_scanning="disabled", repositories=("docs",))


def test_a_repository_in_two_configurations_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "org.yaml").write_text(
        "organization: acme\n"
        "repositories: {d1-infra: {}}\n"
        "code_security_configurations:\n"
        "  d1: {repositories: [d1-infra]}\n"
        "  other: {repositories: [d1-infra]}\n"
    )
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    [problem] = [str(p) for p in raised.value.problems]
    assert problem.startswith(f"{tmp_path / 'org.yaml'}:5:26: ")
    assert "already attached to configuration 'd1'" in problem
