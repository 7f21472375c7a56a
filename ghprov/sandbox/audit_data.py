"""What the emulated GitHub knows for audits, besides ``GitHubState``: 2FA, direct collaborators, the audit
log, Actions settings, webhooks, secrets, runner groups and repository files.

It hangs off the state object (``audit_data(state)``) so the core state stays unchanged; tests and
seeds fill it with the helpers below. Mutate it only while holding ``state.lock``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ghprov.sandbox.state import GitHubState, now_iso

ATTRIBUTE = "_audit_data"


@dataclass
class AuditData:
    two_factor_disabled: set[str] = field(default_factory=set)
    # lower-cased repository name → login → role name granted to the user on the repository itself
    collaborators: dict[str, dict[str, str]] = field(default_factory=dict)
    audit_log: list[dict[str, Any]] = field(default_factory=list)
    # GitHub's defaults for a new organisation.
    actions_permissions: dict[str, Any] = field(
        default_factory=lambda: {"enabled_repositories": "all", "allowed_actions": "all"}
    )
    workflow_permissions: dict[str, Any] = field(
        default_factory=lambda: {
            "default_workflow_permissions": "read",
            "can_approve_pull_request_reviews": False,
        }
    )
    hooks: list[dict[str, Any]] = field(default_factory=list)
    secrets: list[dict[str, Any]] = field(default_factory=list)
    runner_groups: list[dict[str, Any]] = field(default_factory=list)
    repository_workflow: dict[str, dict[str, Any]] = field(default_factory=dict)
    repository_hooks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    repository_secrets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # lower-cased repository name → path → file text
    files: dict[str, dict[str, str]] = field(default_factory=dict)


def audit_data(state: GitHubState) -> AuditData:
    """The state's audit data, created empty on first use."""
    with state.lock:
        found = state.__dict__.get(ATTRIBUTE)
        if not isinstance(found, AuditData):
            found = AuditData()
            state.__dict__[ATTRIBUTE] = found
        return found


def outside_collaborators(state: GitHubState) -> list[str]:
    """Users with direct access to a repository who are not active members of the organisation."""
    data = audit_data(state)
    logins = {login for grants in data.collaborators.values() for login in grants}
    active = {login for login, m in state.memberships.items() if m.state == "active"}
    return sorted(logins - active, key=lambda login: state.users[login].id if login in state.users else 0)


def add_collaborator(state: GitHubState, repo: str, login: str, role: str) -> None:
    """Grant ``login`` ``role`` on ``repo`` directly (an outside collaborator when not a member)."""
    with state.lock:
        state.add_user(login)
        audit_data(state).collaborators.setdefault(repo.lower(), {})[login] = role


def add_audit_event(
    state: GitHubState, action: str, actor: str, *, at: float | None = None, **data: Any
) -> dict[str, Any]:
    """Record an audit-log event as GitHub's API returns it (``@timestamp`` in epoch milliseconds)."""
    stamp = int((at if at is not None else time.time()) * 1000)
    with state.lock:
        data_store = audit_data(state)
        event = {
            "@timestamp": stamp,
            "_document_id": f"doc-{len(data_store.audit_log) + 1:06d}",
            "action": action,
            "actor": actor,
            "actor_id": state.users[actor].id if actor in state.users else None,
            "created_at": stamp,
            "org": state.organization.login,
            "org_id": state.organization.id,
            "operation_type": action.rsplit(".", 1)[-1] if "." in action else "",
            **data,
        }
        data_store.audit_log.append(event)
        return event


def add_hook(
    state: GitHubState, url: str, *, secret: str | None, insecure_ssl: str = "0", repo: str | None = None
) -> int:
    """An org (or repository) webhook; the secret is stored but, as on GitHub, only shown masked."""
    with state.lock:
        ident = state.new_id()
        hook = {
            "id": ident,
            "name": "web",
            "active": True,
            "events": ["push"],
            "config": {
                "url": url,
                "content_type": "json",
                "insecure_ssl": insecure_ssl,
                **({"secret": secret} if secret else {}),
            },
            "created_at": now_iso(),
            "updated_at": now_iso(),
        }
        data = audit_data(state)
        (data.repository_hooks.setdefault(repo.lower(), []) if repo else data.hooks).append(hook)
        return ident


def add_secret(state: GitHubState, name: str, updated_at: str, *, repo: str | None = None) -> None:
    """An Actions secret: only its name and dates exist here (values never reach the sandbox)."""
    with state.lock:
        secret = {"name": name, "created_at": updated_at, "updated_at": updated_at, "visibility": "private"}
        data = audit_data(state)
        (data.repository_secrets.setdefault(repo.lower(), []) if repo else data.secrets).append(secret)
