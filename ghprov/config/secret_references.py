"""Secret references and selected repositories in the configuration, checked where they are written.

A reference the model accepts (``env:NAME``, ``file:PATH``, a registered source) may still point at
nothing on this machine: an unset variable, a missing file. That is an error here, at the value's
line, when the config loads (``validate`` and ``plan`` alike), so nothing is sent with an empty secret
half-way through an apply. Import's placeholders (``env:GHPROV_SECRET_…``) are only a warning: they
stand for secrets that exist, which a plan need not send; apply checks every value it must send
before its first write. The value itself is never read here, only whether it can be.
"""

from __future__ import annotations

from typing import Any

from ghprov.config.declared import Declared, Findings, as_list, as_mapping, unknown_name
from ghprov.config.locations import ConfigPath, SourceMap
from ghprov.model.secret_references import (
    PLACEHOLDER_PREFIX,
    SecretUnavailable,
    check_reference,
    reference_problem,
)

# Sections holding secrets (name → {value: reference, ...}), at organisation and repository level.
SECRET_SECTIONS = ("actions_secrets", "dependabot_secrets")
SHARED_SECTIONS = ("actions_secrets", "actions_variables", "dependabot_secrets")


def check_secret_references(
    document: dict[str, Any],
    declared: Declared,
    source_map: SourceMap,
    findings: Findings,
    *,
    readable: bool = True,
) -> None:
    """Every secret reference (Actions, Dependabot, environment and webhook secrets) that cannot be read
    now, and every unknown selected repository."""
    _check_selected_repositories(document, declared, source_map, findings)
    if not readable:
        return
    for section in SECRET_SECTIONS:
        _check_values((section,), as_mapping(document.get(section)), source_map, findings)
        for repo, repository in declared.repositories.items():
            secrets = as_mapping(as_mapping(repository).get(section))
            _check_values(("repositories", repo, section), secrets, source_map, findings)
    # Environment secrets and webhook secrets are references too, sent at creation like the others.
    _check_webhooks(("webhooks",), as_mapping(document.get("webhooks")), source_map, findings)
    for repo, repository in declared.repositories.items():
        where: ConfigPath = ("repositories", repo)
        _check_webhooks(
            (*where, "webhooks"), as_mapping(as_mapping(repository).get("webhooks")), source_map, findings
        )
        for environment, settings in as_mapping(as_mapping(repository).get("environments")).items():
            secrets = as_mapping(as_mapping(settings).get("secrets"))
            _check_values((*where, "environments", environment, "secrets"), secrets, source_map, findings)


def _check_selected_repositories(
    document: dict[str, Any], declared: Declared, source_map: SourceMap, findings: Findings
) -> None:
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
        _check_reference(f"secret {name}", reference, (*where, name, "value"), source_map, findings)


def _check_webhooks(
    where: ConfigPath, webhooks: dict[str, Any], source_map: SourceMap, findings: Findings
) -> None:
    for url, webhook in webhooks.items():
        reference = as_mapping(webhook).get("secret")
        if reference is not None:
            _check_reference(f"webhook {url}", reference, (*where, url, "secret"), source_map, findings)


def _check_reference(
    what: str, reference: Any, at: ConfigPath, source_map: SourceMap, findings: Findings
) -> None:
    try:
        check_reference(str(reference))
    except SecretUnavailable:
        return  # the model reports a missing or malformed reference at its own line
    problem = reference_problem(str(reference))
    if problem is None:
        return
    if str(reference).startswith(f"env:{PLACEHOLDER_PREFIX}"):
        # Import's placeholder for a secret that exists on GitHub: plans need no value until one is
        # sent (creation, --rotate-secrets), and apply refuses before any write if it is unset then.
        message = f"{what}: import's placeholder {reference} is not set; set it (or write a "
        findings.warnings.append(source_map.problem(at, message + "reference of your own) before sending"))
        return
    findings.errors.append(source_map.problem(at, f"{what}: {problem}"))
