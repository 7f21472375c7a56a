"""The organisation's GitHub App installations, derived from the registered Apps.

The sandbox emulates one organisation, and every App it knows (``GitHubState.apps``) is installed on it
with access to all repositories, under the installation id ``add_app`` gave it. Nothing is stored here:
the installation list is computed, so it can never disagree with ``state.apps``.
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox.render_org import HTML, user_json
from ghprov_testbeds.sandbox.state import App, GitHubState, User

# What the sandbox's Apps are granted (the same as ``render_org.app_json`` reports for the App).
PERMISSIONS = {"administration": "write", "contents": "write", "metadata": "read", "members": "write"}


def installed_apps(state: GitHubState) -> list[App]:
    """The Apps installed on the organisation, in installation order (GitHub lists by installation id)."""
    return sorted(
        (app for app in state.apps.values() if app.installation_id), key=lambda a: a.installation_id
    )


def installation_json(base: str, state: GitHubState, app: App) -> dict[str, Any]:
    """installation: the App's installation on the organisation (all repositories unless selected)."""
    org = state.organization
    account = User(login=org.login, id=org.id, node_id=org.node_id)
    return {
        "id": app.installation_id,
        "account": {**user_json(base, account), "type": "Organization"},
        "repository_selection": "all" if app.repositories is None else "selected",
        "access_tokens_url": f"{base}/app/installations/{app.installation_id}/access_tokens",
        "repositories_url": f"{base}/installation/repositories",
        "html_url": f"{HTML}/organizations/{org.login}/settings/installations/{app.installation_id}",
        "app_id": app.id,
        "app_slug": app.slug,
        "client_id": f"Iv1.{app.id:016x}",
        "target_id": org.id,
        "target_type": "Organization",
        "permissions": dict(app.permissions or PERMISSIONS),
        "events": [],
        "created_at": org.created_at,
        "updated_at": org.updated_at,
        "single_file_name": None,
        "suspended_by": None,
        "suspended_at": None,
    }
