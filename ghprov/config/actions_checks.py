"""A repository's Actions settings within its organisation's policy, checked on the merged document.

GitHub caps a repository's Actions settings by its organisation's: a repository cannot allow more
actions than the organisation (``PUT …/actions/permissions`` answers 204 and GitHub keeps reporting
the organisation's narrower value), cannot enable Actions the organisation has not enabled for it
(reported disabled), and cannot raise its workflow token or allow approvals beyond the organisation
(409). A config asking for that would plan the same change on every run, so where it declares both
levels the contradiction is an error at the repository's value. Where the organisation's policy is
not declared, GitHub's answer is the apply's to report.
"""

from __future__ import annotations

from typing import Any

from ghprov.config.declared import Declared, Findings, as_list, as_mapping
from ghprov.config.locations import SourceMap

# How far each ``allowed_actions`` value restricts (the organisation's caps its repositories').
RESTRICTION = {"all": 0, "selected": 1, "local_only": 2}


def check_actions_within_organisation(
    document: dict[str, Any], declared: Declared, source_map: SourceMap, findings: Findings
) -> None:
    policy = as_mapping(document.get("actions"))
    if not policy:
        return
    for repo, repository in declared.repositories.items():
        actions = as_mapping(as_mapping(repository).get("actions"))
        path = ("repositories", repo, "actions")
        for key, problem in _contradictions(repo, actions, policy):
            findings.errors.append(source_map.problem((*path, key), problem, at="value"))


def _contradictions(repo: str, actions: dict[str, Any], policy: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    ceiling, wanted = policy.get("allowed_actions"), actions.get("allowed_actions")
    if ceiling in RESTRICTION and wanted in RESTRICTION and RESTRICTION[wanted] < RESTRICTION[ceiling]:
        found.append(
            (
                "allowed_actions",
                f"allowed_actions {wanted!r} allows more than the organisation's actions.allowed_actions "
                f"{ceiling!r}, and GitHub keeps a repository within its organisation's policy",
            )
        )
    enabled_for = policy.get("enabled_repositories")
    selected = [name for name in as_list(policy.get("selected_repositories")) if isinstance(name, str)]
    if actions.get("enabled") is True and (
        enabled_for == "none" or (enabled_for == "selected" and repo not in selected)
    ):
        found.append(
            (
                "enabled",
                f"Actions cannot be enabled on {repo}: the organisation's actions.enabled_repositories is "
                f"{enabled_for!r}" + ("" if enabled_for == "none" else f" and does not list {repo}"),
            )
        )
    if (
        actions.get("default_workflow_permissions") == "write"
        and policy.get("default_workflow_permissions") == "read"
    ):
        found.append(
            (
                "default_workflow_permissions",
                "default_workflow_permissions 'write' is more than the organisation's 'read' (GitHub answers "
                "409)",
            )
        )
    if (
        actions.get("can_approve_pull_request_reviews") is True
        and policy.get("can_approve_pull_request_reviews") is False
    ):
        found.append(
            (
                "can_approve_pull_request_reviews",
                "can_approve_pull_request_reviews is true where the organisation's is false (GitHub answers "
                "409)",
            )
        )
    return found
