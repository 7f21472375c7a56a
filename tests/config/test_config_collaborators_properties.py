"""Collaborators and custom properties in the config: every mistake at its line and column, at once."""

from __future__ import annotations

from pathlib import Path

from config_types import Problems, WriteConfig

from ghprov.config import load_config


def test_a_valid_config_loads_collaborators_definitions_and_values(write_config: WriteConfig) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        custom_roles:
          flux-automation: {base_role: write}
        custom_properties:
          team: {value_type: single_select, allowed_values: [platform, apps]}
          flux: {value_type: true_false, required: true, default_value: false}
        repositories:
          d1-fleet:
            collaborators: {alice: push, ext-bob: flux-automation}
            properties: {team: platform, flux: true}
        """,
    )
    organization = load_config(Path(".")).organization
    fleet = organization.repositories["d1-fleet"]
    assert fleet.collaborators == {"alice": "write", "ext-bob": "flux-automation"}
    assert fleet.properties == {"team": "platform", "flux": "true"}
    assert organization.custom_properties["flux"].default_value == "false"


def test_mistakes_are_reported_at_their_position(write_config: WriteConfig, problems: Problems) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        custom_properties:
          team: {value_type: single_select, allowed_values: [platform, apps]}
          env: {value_type: string, required: true, default_value: dev}
          tags: {value_type: multi_select}
        repositories:
          d1-fleet:
            collaborators: {-bad-: read, carol: owner}
            properties: {team: ops, env: prod, owner: x}
        rulesets:
          by-team:
            conditions:
              ref_name: {include: ["~DEFAULT_BRANCH"], exclude: []}
              repository_property:
                include: [{name: tema, property_values: [platform]}]
                exclude: [{name: fork, source: system, property_values: ["true"]}]
            rules: [{deletion: {}}]
        """,
    )
    user_name = "is not a GitHub user name (letters, digits and single inner hyphens, at most 39)"
    assert problems() == [
        "a.yaml:5:3: a multi_select property needs allowed_values",
        f"a.yaml:8:21: '-bad-' {user_name}",
        "a.yaml:8:41: unknown role 'owner': expected one of 'read', 'triage', 'write', 'maintain', 'admin' "
        "(or 'pull', 'push') or a role declared under custom_roles",
        "a.yaml:9:24: team: 'ops' is not in allowed_values ['platform', 'apps']",
        "a.yaml:9:40: unknown custom property 'owner' (declare it under custom_properties)",
        # The system property (fork) is GitHub's own: not an error.
        "a.yaml:15:26: unknown custom property 'tema' (did you mean 'team'?): the condition would select "
        "nothing; declare it under custom_properties",
    ]


def test_a_repository_with_properties_must_set_every_required_one(
    write_config: WriteConfig, problems: Problems
) -> None:
    write_config(
        "a.yaml",
        """
        organization: acme
        custom_properties:
          env: {value_type: string, required: true, default_value: dev}
          tier: {value_type: string, required: true, default_value: "3"}
        repositories:
          d1-fleet:
            properties: {}
          d1-apps: {}
        """,
    )
    assert problems() == ["a.yaml:7:5: required custom properties env, tier not set for d1-fleet"]
