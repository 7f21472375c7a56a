"""SAML single sign-on as the audit uses it: what the viewer saw, or Skipped when it could not have seen it.

GitHub answers null both when no provider is configured and when the viewer may not see it, so a
null counts as "not configured" only for an owner or a GitHub App (``ghprov.github.read.saml``).
"""

from __future__ import annotations

from ghprov.audit.inputs import SamlFacts, Skipped
from ghprov.github.client import GitHubClient
from ghprov.github.read.saml import read_saml as read_saml_provider


def read_saml(client: GitHubClient, org: str, *, app: bool) -> SamlFacts | Skipped:
    """The provider, or Skipped when the viewer could not have seen it (neither owner nor App)."""
    found = read_saml_provider(client, org)
    if found is None:
        return Skipped(f"Missing permission: organisation {org} is not visible to this token")
    if not (found.enabled or app or found.viewer_can_administer):
        return Skipped(
            "Missing permission: the SAML identity provider is shown to organisation owners and GitHub "
            "Apps only (GraphQL organization.samlIdentityProvider)"
        )
    return found
