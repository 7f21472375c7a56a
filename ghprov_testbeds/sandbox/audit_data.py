"""Helpers over the state's audit data (``GitHubState.audit``): seeds and tests use them to add direct
collaborators, old audit-log events, webhooks and secrets. Mutate only while holding ``state.lock``.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from ghprov_testbeds.sandbox.access import outside_collaborators
from ghprov_testbeds.sandbox.audit_state import AuditData
from ghprov_testbeds.sandbox.state import GitHubState, now_iso

__all__ = [
    "AuditData",
    "add_audit_event",
    "add_collaborator",
    "add_file",
    "add_hook",
    "add_secret",
    "audit_data",
    "outside_collaborators",
]


def audit_data(state: GitHubState) -> AuditData:
    """The state's audit data."""
    return state.audit


def add_collaborator(state: GitHubState, repo: str, login: str, role: str) -> None:
    """Grant ``login`` ``role`` on ``repo`` directly (an outside collaborator when not a member)."""
    with state.lock:
        state.add_user(login)
        audit_data(state).collaborators.setdefault(repo.lower(), {})[login] = role


def operation_type(action: str) -> str:
    """GitHub's coarse ``operation_type`` of an action: create, remove or modify."""
    verb = action.rsplit(".", 1)[-1]
    if verb == "create" or verb.startswith(("add_", "invite_")):
        return "create"
    if verb == "destroy" or verb.startswith(("remove_", "cancel_")):
        return "remove"
    return "modify"


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
            "operation_type": operation_type(action),
            **data,
        }
        data_store.audit_log.append(event)
        return event


def add_hook(
    state: GitHubState, url: str, *, secret: str | None, insecure_ssl: str = "0", repo: str | None = None
) -> int:
    """An org (or repository) webhook; the secret is kept as a fingerprint and shown masked."""
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
            },
            # Only a fingerprint of the secret is kept (rest_hooks answers "********" for it).
            **({"secret_sha256": hashlib.sha256(secret.encode()).hexdigest()} if secret else {}),
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


def add_file(state: GitHubState, repo: str, path: str, text: str) -> None:
    """Put a file into ``repo`` (every branch sees it): served by REST contents and GraphQL ``object``."""
    with state.lock:
        audit_data(state).files.setdefault(repo.lower(), {})[path] = text
