"""Credentials for PyGithub: a token, or a GitHub App installation (PyGithub mints its tokens)."""

from __future__ import annotations

from github import Auth

from ghprov.errors import GhprovError
from ghprov.settings import Settings


def build_auth(settings: Settings) -> Auth.Auth:
    """PyGithub authentication for the configured credentials; App credentials win over a token."""
    if settings.uses_app:
        if settings.installation_id is None:
            raise GhprovError(
                "GitHub App authentication needs the installation id",
                hint="set GHPROV_INSTALLATION_ID (shown in the App installation's settings URL)",
            )
        assert settings.app_id is not None
        app_auth = Auth.AppAuth(settings.app_id, settings.private_key())
        return app_auth.get_installation_auth(settings.installation_id)
    if settings.token is not None:
        return Auth.Token(settings.token.get_secret_value())
    raise GhprovError(
        "no GitHub credentials",
        hint=(
            "set GHPROV_TOKEN (or GITHUB_TOKEN), or GHPROV_APP_ID, GHPROV_APP_PRIVATE_KEY(_PATH) "
            "and GHPROV_INSTALLATION_ID"
        ),
    )
