"""Checks of repository and organisation rulesets: conditions, rule types and bypass actors."""

from __future__ import annotations

from typing import Any

from ghprov.config.declared import Declared, Findings, as_list, as_mapping, unknown_name
from ghprov.config.locations import ConfigPath, SourceMap
from ghprov.config.validation_errors import unknown_key_message
from ghprov.model import BUILTIN_ROLES, normalise_role

# Rule types in GitHub's REST API (repository and organisation rulesets, push rulesets, and the
# repository-target rules of organisation rulesets). GitHub adds types over time, so an unknown one is
# only a warning.
KNOWN_RULE_TYPES: tuple[str, ...] = (
    "creation",
    "update",
    "deletion",
    "required_linear_history",
    "merge_queue",
    "required_deployments",
    "required_signatures",
    "pull_request",
    "required_status_checks",
    "non_fast_forward",
    "commit_message_pattern",
    "commit_author_email_pattern",
    "committer_email_pattern",
    "branch_name_pattern",
    "tag_name_pattern",
    "workflows",
    "code_scanning",
    "copilot_code_review",
    "license_compliance_scanning",
    "file_path_restriction",
    "max_file_path_length",
    "file_extension_restriction",
    "max_file_size",
    "repository_create",
    "repository_delete",
    "repository_transfer",
    "repository_name",
    "repository_visibility",
)
# Built-in roles GitHub can name as bypass actors (well-known RepositoryRole ids 2, 4 and 5).
BYPASS_ROLES: tuple[str, ...] = ("write", "maintain", "admin")
REPOSITORY_CONDITIONS: tuple[str, ...] = ("repository_name", "repository_id", "repository_property")


def check_ruleset(
    path: ConfigPath,
    ruleset: Any,
    declared: Declared,
    source_map: SourceMap,
    findings: Findings,
    *,
    organization: bool,
) -> None:
    """Append the problems of one ruleset (at ``path``) to ``findings``."""
    if not isinstance(ruleset, dict):
        return
    _check_conditions(path, ruleset, source_map, findings, organization)
    for index, rule in enumerate(as_list(ruleset.get("rules"))):
        _check_rule_type((*path, "rules", index), rule, source_map, findings)
    for index, actor in enumerate(as_list(ruleset.get("bypass_actors"))):
        if isinstance(actor, dict):
            _check_bypass_actor(
                (*path, "bypass_actors", index), actor, declared, source_map, findings, organization
            )


def _check_conditions(
    path: ConfigPath, ruleset: dict[str, Any], source_map: SourceMap, findings: Findings, organization: bool
) -> None:
    conditions = as_mapping(ruleset.get("conditions"))
    allowed = ("ref_name", *REPOSITORY_CONDITIONS) if organization else ("ref_name",)
    for key in conditions:
        if key not in allowed:
            findings.errors.append(
                source_map.problem(
                    (*path, "conditions", key),
                    "condition: " + unknown_key_message(str(key), allowed),
                    at="key",
                )
            )
    if organization and sum(key in conditions for key in REPOSITORY_CONDITIONS) != 1:
        where = (*path, "conditions") if "conditions" in ruleset else path
        findings.errors.append(
            source_map.problem(
                where,
                "an organization ruleset's conditions need exactly one of "
                f"{', '.join(REPOSITORY_CONDITIONS)} (e.g. repository_name: {{include: ['~ALL']}})",
                at="key",
            )
        )
    if ruleset.get("target") == "push" and "ref_name" in conditions:
        findings.errors.append(
            source_map.problem(
                (*path, "conditions", "ref_name"), "push rulesets cannot use ref_name conditions", at="key"
            )
        )


def _check_rule_type(path: ConfigPath, rule: Any, source_map: SourceMap, findings: Findings) -> None:
    if not isinstance(rule, dict):
        return
    if "type" in rule:
        rule_type, where = rule["type"], (*path, "type")
    elif len(rule) == 1:
        rule_type = next(iter(rule))
        where = (*path, rule_type)
    else:
        return  # the model reports the malformed rule
    if isinstance(rule_type, str) and rule_type not in KNOWN_RULE_TYPES:
        findings.warnings.append(
            source_map.problem(
                where,
                unknown_name("rule type", rule_type, KNOWN_RULE_TYPES)
                + ": GitHub will reject it unless it is new",
                at="value" if "type" in rule else "key",
            )
        )


def _check_bypass_actor(
    path: ConfigPath,
    actor: dict[str, Any],
    declared: Declared,
    source_map: SourceMap,
    findings: Findings,
    organization: bool,
) -> None:
    team = actor.get("team")
    if isinstance(team, str):
        if not declared.has_team(team):
            findings.errors.append(
                source_map.problem(
                    (*path, "team"), "bypass actor: " + unknown_name("team", team, declared.teams)
                )
            )
        elif declared.team_privacy(team) == "secret":
            findings.warnings.append(
                source_map.problem(
                    (*path, "team"),
                    f"team '{team}' is secret: GitHub does not accept secret teams as bypass actors",
                )
            )
    role = normalise_role(actor.get("role"))
    if isinstance(role, str) and role not in BYPASS_ROLES and role not in declared.custom_roles:
        expected = "expected one of 'write', 'maintain', 'admin' or a role declared under custom_roles"
        message = (
            f"role '{role}' cannot be a bypass actor: {expected}"
            if role in BUILTIN_ROLES
            else "bypass actor: "
            + unknown_name("role", role, [*BYPASS_ROLES, *declared.custom_roles])
            + f": {expected}"
        )
        findings.errors.append(source_map.problem((*path, "role"), message))
    if organization and isinstance(actor.get("user"), str):
        findings.warnings.append(
            source_map.problem(
                (*path, "user"),
                "user bypass actors are only known to work in repository rulesets; "
                "prefer a team holding the user, or a GitHub App",
            )
        )
