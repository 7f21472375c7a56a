"""Custom properties end to end through the CLI on the sandbox: definitions and values applied in order,
an organisation ruleset targeting them, converge, import round trip, prune, and config errors."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from e2e_support import config_dir, ghprov, github_for

from ghprov.model import Organization
from ghprov_testbeds.sandbox.rest_rulesets import org_ruleset_selects

pytestmark = pytest.mark.e2e

BASE: dict[str, Any] = {
    "organization": "props",
    "members": {"owners": ["olivia"]},
    "custom_properties": {
        "team": {
            "value_type": "single_select",
            "allowed_values": ["platform", "apps"],
            "description": "Owning team",
        },
        "env": {"value_type": "string", "required": True, "default_value": "dev"},
        "tags": {"value_type": "multi_select", "allowed_values": ["fleet", "infra", "apps"]},
    },
    "repositories": {
        "d1-fleet": {"properties": {"team": "platform", "env": "prod", "tags": ["infra", "fleet"]}},
        "d1-apps": {"properties": {"team": "apps", "env": "dev"}},
    },
    "rulesets": {
        "platform-main": {
            "conditions": {
                "ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []},
                "repository_property": {
                    "include": [{"name": "team", "source": "custom", "property_values": ["platform"]}],
                    "exclude": [],
                },
            },
            "rules": [{"type": "deletion"}],
        }
    },
}


def applied_rulesets(sandbox: Any, repo: str) -> list[Any]:
    """The organisation rulesets GitHub (the sandbox) applies to ``repo``."""
    state = sandbox.state
    repository = state.repository(repo)
    return [
        ruleset for ruleset in state.org_rulesets.values() if org_ruleset_selects(state, ruleset, repository)
    ]


def _writes(sandbox: Any, mark: int) -> list[str]:
    return [f"{e.method} {e.path}" for e in sandbox.log[mark:] if e.is_write and e.path != "/graphql"]


def test_definitions_then_values_then_the_ruleset_converge_and_import(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        config = config_dir(tmp_path, BASE, "base")
        mark = len(sandbox.log)
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        writes = _writes(sandbox, mark)
        definitions = [i for i, w in enumerate(writes) if w.startswith("PUT /orgs/props/properties/schema/")]
        values = [i for i, w in enumerate(writes) if w == "PATCH /orgs/props/properties/values"]
        # Definitions first; one value per request (5 values), then nothing else per value.
        assert len(definitions) == 3 and len(values) == 5 and max(definitions) < min(values)
        features = sandbox.state.features
        assert features.repository("d1-fleet").custom_properties == {
            "team": "platform",
            "env": "prod",
            "tags": ["fleet", "infra"],
        }
        assert features.organization.custom_properties["team"]["allowed_values"] == ["platform", "apps"]

        again = ghprov(sandbox, "plan", "--config", str(config))
        assert again.exit_code == 0, again.stdout + again.stderr
        # The organisation ruleset now selects the repository whose team is platform, and only it.
        assert [ruleset.name for ruleset in applied_rulesets(sandbox, "d1-fleet")] == ["platform-main"]
        assert applied_rulesets(sandbox, "d1-apps") == []

        imported = tmp_path / "imported"
        assert ghprov(sandbox, "import", "--org", "props", "--out", str(imported)).exit_code == 0
        documents = [yaml.safe_load(path.read_text()) for path in sorted(imported.glob("*.yaml"))]
        org = next(d for d in documents if "custom_properties" in d)
        assert org["custom_properties"]["env"] == {
            "default_value": "dev",
            "required": True,
            "value_type": "string",
        }
        fleet = next(
            d["repositories"]["d1-fleet"] for d in documents if "d1-fleet" in d.get("repositories", {})
        )
        assert fleet["properties"] == {"env": "prod", "tags": ["fleet", "infra"], "team": "platform"}
        round_trip = ghprov(sandbox, "plan", "--config", str(imported))
        assert round_trip.exit_code == 0, round_trip.stdout + round_trip.stderr


def test_a_changed_value_and_pruned_definitions_and_values(tmp_path: Path) -> None:
    with github_for(Organization.model_validate(BASE)) as sandbox:
        assert (
            ghprov(sandbox, "apply", "--config", str(config_dir(tmp_path, BASE, "base")), "--yes").exit_code
            == 0
        )
        changed = copy.deepcopy(BASE)
        changed["repositories"]["d1-apps"]["properties"]["team"] = "platform"
        del changed["repositories"]["d1-fleet"]["properties"]["tags"]
        del changed["custom_properties"]["tags"]
        changed["prune"] = {"custom_properties": True, "properties": True}
        config = config_dir(tmp_path, changed, "changed")
        planned = ghprov(sandbox, "plan", "--config", str(config), "--json")
        assert planned.exit_code == 2
        assert sorted(f"{c['action']} {c['address']}" for c in planned.json()["changes"]) == [
            "delete custom_property:tags",
            "delete repository_property:d1-fleet/tags",
            "update repository_property:d1-apps/team",
        ]
        applied = ghprov(sandbox, "apply", "--config", str(config), "--yes", "--allow-delete", "--force")
        assert applied.exit_code == 0, applied.stderr + applied.stdout
        assert "tags" not in sandbox.state.features.organization.custom_properties
        assert sandbox.state.features.repository("d1-apps").custom_properties["team"] == "platform"
        assert ghprov(sandbox, "plan", "--config", str(config)).exit_code == 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["repositories"]["d1-apps"]["properties"].update(team="ops"),
            "'ops' is not in allowed_values",
        ),
        (
            lambda d: d["repositories"]["d1-apps"]["properties"].pop("env"),
            "required custom property env not set",
        ),
        (
            lambda d: d["repositories"]["d1-apps"]["properties"].update(owner="x"),
            "unknown custom property 'owner'",
        ),
        (
            lambda d: d["rulesets"]["platform-main"]["conditions"]["repository_property"]["include"][
                0
            ].update(name="teams"),
            "unknown custom property 'teams' (did you mean 'team'?)",
        ),
    ],
)
def test_property_mistakes_are_config_errors_with_their_location(
    tmp_path: Path, edit: Any, message: str
) -> None:
    document = copy.deepcopy(BASE)
    edit(document)
    config = config_dir(tmp_path, document, "bad")
    with github_for(Organization.model_validate(BASE)) as sandbox:
        result = ghprov(sandbox, "validate", "--config", str(config))
        assert result.exit_code == 1
        assert message in result.stderr
        assert any(line.startswith(f"{config / 'org.yaml'}:") for line in result.stderr.splitlines()), (
            result.stderr
        )
