"""Secret references and selected repositories in the configuration, checked where they are written.

A reference the model accepts (``env:NAME``, ``file:PATH``, a registered source) may still point at
nothing on this machine: an unset variable, a missing file. That is reported here, at the value's
line, when the config loads (``validate`` and ``plan`` alike), so nothing is sent with an empty secret
half-way through an apply. The value itself is never read here, only whether it can be.
"""

from __future__ import annotations

from typing import Any

from ghprov.config.declared import Declared, Findings, as_list, as_mapping, unknown_name
from ghprov.config.locations import ConfigPath, SourceMap
from ghprov.model.secret_references import SecretUnavailable, check_reference, reference_problem

# Sections holding secrets (name → {value: reference, ...}), at organisation and repository level.
SECRET_SECTIONS = ("actions_secrets",)
SHARED_SECTIONS = ("actions_secrets", "actions_variables")


def check_secret_references(
    document: dict[str, Any], declared: Declared, source_map: SourceMap, findings: Findings
) -> None:
    """Every secret reference that cannot be read now, and every unknown selected repository."""
    for section in SECRET_SECTIONS:
        _check_values((section,), as_mapping(document.get(section)), source_map, findings)
        for repo, repository in declared.repositories.items():
            secrets = as_mapping(as_mapping(repository).get(section))
            _check_values(("repositories", repo, section), secrets, source_map, findings)
    for section in SHARED_SECTIONS:
        for name, entry in as_mapping(document.get(section)).items():
            for index, repo in enumerate(as_list(as_mapping(entry).get("selected_repositories"))):
                if isinstance(repo, str) and repo not in declared.repositories:
                    findings.errors.append(
                        source_map.problem(
                            (section, name, "selected_repositories", index),
                            unknown_name("repository", repo, declared.repositories),
                        )
                    )


def _check_values(
    where: ConfigPath, secrets: dict[str, Any], source_map: SourceMap, findings: Findings
) -> None:
    for name, secret in secrets.items():
        reference = as_mapping(secret).get("value")
        try:
            check_reference(str(reference))
        except SecretUnavailable:
            continue  # the model reports a missing or malformed reference at its own line
        problem = reference_problem(str(reference))
        if problem is not None:
            findings.errors.append(source_map.problem((*where, name, "value"), f"secret {name}: {problem}"))
