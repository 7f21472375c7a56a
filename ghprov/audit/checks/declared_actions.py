"""The Actions and security values a config declares, as the typed values the live checks read.

``ghprov lint`` audits a config, not GitHub: where the config declares the Actions policy (``actions:``,
``repositories.<name>.actions``) or security features (``repositories.<name>.security``), the checks
evaluate those values; where it does not, they are SKIPPED naming the key that would decide them.
A repository that does not declare its workflow permissions is judged by the organisation's, because
GitHub does not let a repository give its workflows more than the organisation allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ghprov.audit.checks.base import Context
from ghprov.audit.findings import Evidence
from ghprov.audit.inputs import Skipped
from ghprov.model.actions import ActionsPermissions, WorkflowPermissions

WORKFLOW_KEYS = ("default_workflow_permissions", "can_approve_pull_request_reviews")


@dataclass(frozen=True)
class Declared:
    """Values found in the config for some keys, and where each was written."""

    values: dict[str, Any]
    evidence: list[Evidence]


def _not_declared(path: str) -> Skipped:
    return Skipped(f"Not declared in the config: {path}")


def organization_values(ctx: Context, keys: tuple[str, ...]) -> Declared | Skipped:
    """The organisation's declared ``actions.<key>`` values; Skipped naming the first missing key."""
    actions = ctx.input.organization.actions
    values: dict[str, Any] = {}
    for key in keys:
        if actions is None or key not in actions.model_fields_set:
            return _not_declared(f"actions.{key}")
        values[key] = getattr(actions, key)
    evidence = [ctx.input.locator.declared("actions", key) for key in keys]
    return Declared(values, evidence)


def organization_workflow(
    ctx: Context, keys: tuple[str, ...]
) -> tuple[WorkflowPermissions, list[Evidence]] | Skipped:
    declared = organization_values(ctx, keys)
    if isinstance(declared, Skipped):
        return declared
    return WorkflowPermissions(**declared.values), declared.evidence


def organization_permissions(ctx: Context) -> tuple[ActionsPermissions, list[Evidence]] | Skipped:
    """``enabled_repositories`` and ``allowed_actions``; ``none`` alone decides (nothing runs)."""
    only_none = organization_values(ctx, ("enabled_repositories",))
    if isinstance(only_none, Declared) and only_none.values["enabled_repositories"] == "none":
        return ActionsPermissions(enabled_repositories="none"), only_none.evidence
    declared = organization_values(ctx, ("enabled_repositories", "allowed_actions"))
    if isinstance(declared, Skipped):
        return declared
    return ActionsPermissions(**declared.values), declared.evidence


def repository_workflow(ctx: Context, repo: str) -> tuple[WorkflowPermissions, list[Evidence]] | Skipped:
    """The repository's declared workflow permissions, each key falling back to the organisation's."""
    repository = ctx.input.organization.repositories.get(repo)
    own = repository.actions if repository is not None else None
    organization = ctx.input.organization.actions
    values: dict[str, Any] = {}
    evidence: list[Evidence] = []
    for key in WORKFLOW_KEYS:
        if own is not None and key in own.model_fields_set:
            values[key] = getattr(own, key)
            evidence.append(ctx.input.locator.declared("repositories", repo, "actions", key))
        elif organization is not None and key in organization.model_fields_set:
            values[key] = getattr(organization, key)
            evidence.append(ctx.input.locator.declared("actions", key))
        else:
            return _not_declared(f"repositories.{repo}.actions.{key} (or actions.{key})")
    return WorkflowPermissions(**values), evidence


def repository_security(ctx: Context, repo: str, keys: tuple[str, ...]) -> Declared | Skipped:
    """The repository's declared ``security.<key>`` values as GitHub's statuses (enabled/disabled)."""
    repository = ctx.input.organization.repositories.get(repo)
    security = repository.security if repository is not None else None
    values: dict[str, Any] = {}
    for key in keys:
        if security is None or key not in security.model_fields_set:
            return _not_declared(f"repositories.{repo}.security.{key}")
        values[key] = "enabled" if getattr(security, key) else "disabled"
    evidence = [ctx.input.locator.declared("repositories", repo, "security", key) for key in keys]
    return Declared(values, evidence)


# ORG-21's facts (GitHub's organisation fields for new repositories) → the configuration feature that
# decides each for a new repository when the configuration is a default.
NEW_REPOSITORY_FEATURES = {
    "secret_scanning_enabled_for_new_repositories": "secret_scanning",
    "secret_scanning_push_protection_enabled_for_new_repositories": "secret_scanning_push_protection",
    "dependabot_alerts_enabled_for_new_repositories": "dependabot_alerts",
}


def new_repository_security(ctx: Context) -> Declared | Skipped:
    """What new private repositories get from the declared default code security configuration."""
    defaults = [
        (name, configuration)
        for name, configuration in sorted(ctx.input.organization.code_security_configurations.items())
        if configuration.default_for_new_repos in ("all", "private_and_internal")
    ]
    if not defaults:
        return _not_declared(
            "code_security_configurations.<name>.default_for_new_repos (all or private_and_internal)"
        )
    name, configuration = defaults[0]
    values = {fact: getattr(configuration, key) == "enabled" for fact, key in NEW_REPOSITORY_FEATURES.items()}
    evidence = [
        ctx.input.locator.declared("code_security_configurations", name, feature)
        for feature in NEW_REPOSITORY_FEATURES.values()
    ]
    return Declared(values, evidence)
