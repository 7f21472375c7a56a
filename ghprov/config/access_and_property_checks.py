"""Cross-reference checks of repository collaborators and custom properties, on the merged document.

- a collaborator's role is a built-in role or one declared under ``custom_roles``;
- a repository's ``properties`` name declared ``custom_properties``, with values their definition
  accepts, and give every required property a value;
- an organisation ruleset's ``repository_property`` condition names declared properties (it would
  otherwise select nothing, silently).
Each problem is reported at its ``file:line:column``; definitions themselves are checked by the model.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ghprov.config.declared import Declared, Findings, as_list, as_mapping, unknown_name
from ghprov.config.locations import SourceMap
from ghprov.model import BUILTIN_ROLES, normalise_role
from ghprov.model.custom_properties import CustomProperty, normalise_value, value_problem


def check_collaborators(declared: Declared, source_map: SourceMap, findings: Findings) -> None:
    known_roles = [*BUILTIN_ROLES, *declared.custom_roles]
    for repo, repository in declared.repositories.items():
        for login, role in as_mapping(as_mapping(repository).get("collaborators")).items():
            role_name = normalise_role(role)
            if isinstance(role_name, str) and role_name not in known_roles:
                findings.errors.append(
                    source_map.problem(
                        ("repositories", repo, "collaborators", login),
                        unknown_name("role", role_name, known_roles)
                        + ": expected one of 'read', 'triage', 'write', 'maintain', 'admin' "
                        "(or 'pull', 'push') or a role declared under custom_roles",
                        at="value",
                    )
                )


def _definitions(document: dict[str, Any]) -> tuple[dict[str, Any], dict[str, CustomProperty]]:
    """Every declared property name (even a malformed one), and the definitions that are valid."""
    declared = as_mapping(document.get("custom_properties"))
    valid: dict[str, CustomProperty] = {}
    for name, body in declared.items():
        try:
            valid[name] = CustomProperty.model_validate(body)
        except ValidationError:
            continue  # the model's validation reports it at its own line
    return declared, valid


def check_properties(
    document: dict[str, Any], declared: Declared, source_map: SourceMap, findings: Findings
) -> None:
    names, definitions = _definitions(document)
    for repo, repository in declared.repositories.items():
        if "properties" not in as_mapping(repository):
            continue
        path = ("repositories", repo, "properties")
        values = as_mapping(as_mapping(repository).get("properties"))
        for name, value in values.items():
            if name not in names:
                message = (
                    unknown_name("custom property", str(name), names)
                    + " (declare it under custom_properties)"
                )
                findings.errors.append(source_map.problem((*path, name), message, at="key"))
                continue
            definition = definitions.get(name)
            problem = value_problem(definition, normalise_value(value)) if definition is not None else None
            if problem:
                findings.errors.append(source_map.problem((*path, name), f"{name}: {problem}", at="value"))
        missing = sorted(
            name for name, definition in definitions.items() if definition.required and name not in values
        )
        if missing:
            findings.errors.append(
                source_map.problem(
                    path,
                    f"required custom propert{'y' if len(missing) == 1 else 'ies'} {', '.join(missing)} "
                    f"not set for {repo}",
                    at="key",
                )
            )
    for ruleset_name, ruleset in as_mapping(document.get("rulesets")).items():
        condition = as_mapping(as_mapping(as_mapping(ruleset).get("conditions")).get("repository_property"))
        for part in ("include", "exclude"):
            for index, item in enumerate(as_list(condition.get(part))):
                entry = as_mapping(item)
                property_name = entry.get("name")
                # System properties (``source: system``, e.g. ``fork``) are GitHub's own.
                if (
                    isinstance(property_name, str)
                    and entry.get("source", "custom") == "custom"
                    and property_name not in names
                ):
                    findings.errors.append(
                        source_map.problem(
                            (
                                "rulesets",
                                ruleset_name,
                                "conditions",
                                "repository_property",
                                part,
                                index,
                                "name",
                            ),
                            unknown_name("custom property", property_name, names)
                            + ": the condition would select nothing; declare it under custom_properties",
                        )
                    )
