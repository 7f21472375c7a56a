"""REPOSITORY_ACTIONS and ORGANIZATION_ACTIONS changes → the ``…/actions/permissions`` PUTs.

GitHub splits the Actions policy over several endpoints, each a full replacement of its own fields.
A change's ``desired`` holds only the fields that change; a request goes to every endpoint one of
them belongs to, and a field the endpoint requires but the change does not carry comes from the
live value (``current``), or GitHub's default for a repository this apply created.

Order matters: the policy (``allowed_actions``, ``enabled_repositories``) is set before the lists
that only apply under it (selected actions, selected repositories), because GitHub answers 409 to
those while the policy is not ``selected``.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import RepositoryId
from ghprov.github.write.requests import PathSegment, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.actions_settings import OrganizationActions, RepositoryActions
from ghprov.model.base import Model
from ghprov.plan.changes import Action, Change

# What GitHub holds for a repository nobody has configured (REST reference defaults).
NEW_REPOSITORY_ENABLED = True
NEW_ORGANIZATION_ENABLED_REPOSITORIES = "all"


def _value(name: str, desired: Model, current: Model | None) -> Any:
    if name in desired.model_fields_set:
        return getattr(desired, name)
    return getattr(current, name) if current is not None else None


def _shared(
    base: tuple[PathSegment, ...], desired: RepositoryActions | OrganizationActions
) -> list[WriteRequest]:
    """The endpoints repositories and organisations have alike, for the fields that change."""
    changed = desired.model_fields_set
    requests = []
    if "selected_actions" in changed:
        selected = desired.selected_actions
        body: dict[str, Any] = selected.model_dump(mode="json") if selected is not None else {}
        requests.append(WriteRequest("PUT", (*base, "permissions", "selected-actions"), body))
    workflow = {
        name: getattr(desired, name)
        for name in ("default_workflow_permissions", "can_approve_pull_request_reviews")
        if name in changed
    }
    if workflow:
        requests.append(WriteRequest("PUT", (*base, "permissions", "workflow"), workflow))
    if "fork_pr_contributor_approval" in changed:
        body = {"approval_policy": desired.fork_pr_contributor_approval}
        requests.append(WriteRequest("PUT", (*base, "permissions", "fork-pr-contributor-approval"), body))
    return requests


def write_repository_actions(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY_ACTIONS update (key: repository)."""
    if change.action is not Action.UPDATE:
        return Unsupported("a repository's Actions settings always exist; they can only be updated")
    desired = change.desired_model(RepositoryActions)
    current = change.current_model(RepositoryActions)
    (repo,) = change.key
    base = path("repos", target.org, repo, "actions")
    requests: list[WriteRequest] = []
    if desired.model_fields_set & {"enabled", "allowed_actions"}:
        enabled = _value("enabled", desired, current)
        body: dict[str, Any] = {"enabled": NEW_REPOSITORY_ENABLED if enabled is None else enabled}
        allowed = _value("allowed_actions", desired, current)
        if allowed is not None:
            body["allowed_actions"] = allowed
        requests.append(WriteRequest("PUT", (*base, "permissions"), body))
    requests += _shared(base, desired)
    if "access_level" in desired.model_fields_set:
        body = {"access_level": desired.access_level}
        requests.append(WriteRequest("PUT", (*base, "permissions", "access"), body))
    return requests


def write_organization_actions(change: Change, target: Target) -> Writes:
    """Requests for an ORGANIZATION_ACTIONS update (key: organisation)."""
    if change.action is not Action.UPDATE:
        return Unsupported("an organisation's Actions settings always exist; they can only be updated")
    desired = change.desired_model(OrganizationActions)
    current = change.current_model(OrganizationActions)
    base = path("orgs", target.org, "actions")
    changed = desired.model_fields_set
    requests: list[WriteRequest] = []
    if changed & {"enabled_repositories", "allowed_actions"}:
        policy = _value("enabled_repositories", desired, current)
        body: dict[str, Any] = {"enabled_repositories": policy or NEW_ORGANIZATION_ENABLED_REPOSITORIES}
        allowed = _value("allowed_actions", desired, current)
        if allowed is not None:
            body["allowed_actions"] = allowed
        requests.append(WriteRequest("PUT", (*base, "permissions"), body))
    if "selected_repositories" in changed:
        ids = [RepositoryId(name) for name in desired.selected_repositories or ()]
        requests.append(
            WriteRequest("PUT", (*base, "permissions", "repositories"), {"selected_repository_ids": ids})
        )
    requests += _shared(base, desired)
    if "self_hosted_runners" in changed:
        body = {"enabled_repositories": desired.self_hosted_runners}
        requests.append(WriteRequest("PUT", (*base, "permissions", "self-hosted-runners"), body))
    return requests
