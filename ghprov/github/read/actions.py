"""Actions permissions, webhooks, Actions secrets and runner groups of an organisation or repository.

Each read is one REST endpoint (paged where GitHub pages); secrets come back as names and dates only,
webhooks with the secret reduced to whether one is set.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.model.actions import ActionsPermissions, ActionsSecret, RunnerGroup, Webhook, WorkflowPermissions


def _object(client: GitHubClient, path: str) -> dict[str, Any]:
    body = client.request("GET", path).json
    return body if isinstance(body, dict) else {}


def _items(client: GitHubClient, path: str) -> list[dict[str, Any]]:
    return [item for item in client.paginate(path) if isinstance(item, dict)]


def _webhook(body: dict[str, Any]) -> Webhook:
    config = body.get("config")
    if not isinstance(config, dict):
        config = {}
    insecure = config.get("insecure_ssl")
    return Webhook(
        id=int(body.get("id") or 0),
        url=config.get("url"),
        active=body.get("active"),
        events=tuple(str(event) for event in body.get("events") or ()),
        insecure_ssl=None if insecure is None else str(insecure),
        # GitHub masks a set secret ("********"); an empty or missing one means none.
        has_secret=bool(config.get("secret")),
    )


def _secret(body: dict[str, Any]) -> ActionsSecret:
    return ActionsSecret(
        name=str(body.get("name") or ""),
        created_at=body.get("created_at"),
        updated_at=body.get("updated_at"),
        visibility=body.get("visibility"),
    )


def _workflow(body: dict[str, Any]) -> WorkflowPermissions:
    return WorkflowPermissions(
        default_workflow_permissions=body.get("default_workflow_permissions"),
        can_approve_pull_request_reviews=body.get("can_approve_pull_request_reviews"),
    )


def read_actions_permissions(client: GitHubClient, org: str) -> ActionsPermissions:
    body = _object(client, f"/orgs/{org}/actions/permissions")
    return ActionsPermissions(
        enabled_repositories=body.get("enabled_repositories"),
        allowed_actions=body.get("allowed_actions"),
        sha_pinning_required=body.get("sha_pinning_required"),
    )


def read_workflow_permissions(client: GitHubClient, org: str, repo: str | None = None) -> WorkflowPermissions:
    """The organisation's defaults, or with ``repo`` that repository's."""
    base = f"/orgs/{org}" if repo is None else f"/repos/{org}/{repo}"
    return _workflow(_object(client, f"{base}/actions/permissions/workflow"))


def read_webhooks(client: GitHubClient, org: str, repo: str | None = None) -> list[Webhook]:
    """The organisation's webhooks, or with ``repo`` that repository's."""
    base = f"/orgs/{org}" if repo is None else f"/repos/{org}/{repo}"
    return [_webhook(hook) for hook in _items(client, f"{base}/hooks")]


def read_actions_secrets(client: GitHubClient, org: str, repo: str | None = None) -> list[ActionsSecret]:
    """The organisation's Actions secrets, or with ``repo`` that repository's (names and dates)."""
    base = f"/orgs/{org}" if repo is None else f"/repos/{org}/{repo}"
    return [_secret(secret) for secret in _items(client, f"{base}/actions/secrets")]


def read_runner_groups(client: GitHubClient, org: str) -> list[RunnerGroup]:
    return [
        RunnerGroup(
            id=int(group.get("id") or 0),
            name=str(group.get("name") or ""),
            visibility=group.get("visibility"),
            allows_public_repositories=group.get("allows_public_repositories"),
        )
        for group in _items(client, f"/orgs/{org}/actions/runner-groups")
    ]
