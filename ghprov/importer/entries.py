"""Model values → the plain data a user would write in the configuration, in its shortest faithful form.

Every function here is the inverse of what the config loader does with the data: loading the output
gives back a value equal to the input (values the loader fills in are left out).
"""

from __future__ import annotations

from typing import Any

from ghprov.importer.github_defaults import ORGANIZATION_DEFAULTS, PRIVATE_SETTINGS, is_default
from ghprov.model import BranchProtection, CustomRole, OrganizationSettings, Ruleset, Team
from ghprov.model.rulesets import RULE_PARAMETER_DEFAULTS

# Conditions whose empty include/exclude lists the model fills in on load.
COMPLETED_CONDITIONS = ("ref_name", "repository_name")


def sorted_data(value: Any) -> Any:
    """Mappings with sorted keys, all the way down; lists keep their (meaningful) order."""
    if isinstance(value, dict):
        return {key: sorted_data(value[key]) for key in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [sorted_data(item) for item in value]
    return value


def sorted_mapping(value: dict[str, Any]) -> dict[str, Any]:
    """A mapping with sorted keys, all the way down."""
    return {key: sorted_data(value[key]) for key in sorted(value)}


def settings_data(settings: OrganizationSettings) -> dict[str, Any]:
    """The organisation settings that were read and differ from a new organisation's."""
    return {
        name: value
        for name, value in sorted(settings.managed_values().items())
        if not is_default(ORGANIZATION_DEFAULTS, name, value) and name not in PRIVATE_SETTINGS
    }


def custom_role_data(role: CustomRole) -> dict[str, Any]:
    data: dict[str, Any] = {"base_role": role.base_role}
    if role.description:
        data["description"] = role.description
    if role.permissions:
        data["permissions"] = list(role.permissions)
    return sorted_mapping(data)


def team_data(
    team: Team, repositories: dict[str, str], maintainers: tuple[str, ...], members: tuple[str, ...]
) -> dict[str, Any]:
    """A team; privacy is always written (it decides who can see the team and whether it can be nested)."""
    data: dict[str, Any] = {}
    if team.description:
        data["description"] = team.description
    if team.privacy:
        data["privacy"] = team.privacy
    if team.parent:
        data["parent"] = team.parent
    # A synced team's members are the IdP's to decide: declaring them would only restate a snapshot.
    if maintainers and not team.synced:
        data["maintainers"] = list(maintainers)
    if members and not team.synced:
        data["members"] = list(members)
    if repositories:
        data["repositories"] = dict(sorted(repositories.items()))
    if team.idp_groups:
        data["idp_groups"] = [
            group.model_dump(mode="json", exclude_defaults=True) for group in team.idp_groups
        ]
    return sorted_mapping(data)


def protection_data(protection: BranchProtection) -> dict[str, Any]:
    """A classic protection without the options left at GitHub's default (off)."""
    dumped: dict[str, Any] = protection.model_dump(mode="json", exclude_defaults=True)
    return sorted_mapping(dumped)


def ruleset_data(ruleset: Ruleset) -> dict[str, Any]:
    """A ruleset with rules in the short ``{TYPE: PARAMETERS}`` form and filled-in values left out."""
    data: dict[str, Any] = {"target": ruleset.target, "enforcement": ruleset.enforcement}
    conditions = _conditions_data(ruleset.conditions)
    if conditions:
        data["conditions"] = conditions
    data["rules"] = [{rule.type: _parameters_data(rule.type, rule.parameters)} for rule in ruleset.rules]
    data = sorted_mapping(data)
    if ruleset.bypass_actors:
        # The actor first, then its mode: ``{team: flux-bots, mode: pull_request}`` reads as a sentence.
        data["bypass_actors"] = [
            actor.model_dump(mode="json", exclude_defaults=True, exclude={"mode"})
            | ({"mode": actor.mode} if actor.mode != "always" else {})
            for actor in ruleset.bypass_actors
        ]
        data = {key: data[key] for key in sorted(data)}
    return data


def _conditions_data(conditions: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, condition in conditions.items():
        if key in COMPLETED_CONDITIONS and isinstance(condition, dict):
            condition = {
                name: value
                for name, value in condition.items()
                if not (name in ("include", "exclude") and value in ([], ()))
            }
        result[key] = condition
    return result


def _parameters_data(rule_type: str, parameters: dict[str, Any] | None) -> dict[str, Any]:
    defaults = RULE_PARAMETER_DEFAULTS.get(rule_type, {})
    return {
        name: value
        for name, value in (parameters or {}).items()
        if not (name in defaults and defaults[name] == value)
    }
