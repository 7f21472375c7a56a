"""The organisation's SAML single sign-on, which only GraphQL shows (``Organization.samlIdentityProvider``).

GitHub answers null both when no provider is configured and when the viewer may not see it (only
owners and Apps with members access may), so ``viewerCanAdminister`` is read alongside: a null from
an administrator means "not configured", a null from anyone else means nothing.
"""

from __future__ import annotations

from ghprov.audit.inputs import SamlFacts, Skipped
from ghprov.github.client import GitHubClient
from ghprov.github.read import connections
from ghprov.github.read.queries import RATE_LIMIT

SAML = f"""
query AuditSaml($org: String!) {{
  organization(login: $org) {{
    viewerCanAdminister
    samlIdentityProvider {{ id ssoUrl issuer }}
  }}
  {RATE_LIMIT}
}}
"""


def queries() -> dict[str, str]:
    """Every GraphQL document this module sends, by name (tests validate them against GitHub's schema)."""
    return {"saml": SAML}


def read_saml(client: GitHubClient, org: str, *, app: bool) -> SamlFacts | Skipped:
    """The provider, or Skipped when the viewer could not have seen it (neither owner nor App)."""
    result = client.graphql_result(SAML, {"org": org})
    connections.fail_on(result.problems, what=f"the SAML identity provider of {org}")
    organization = connections.dig(result.data, ("organization",))
    if not isinstance(organization, dict):
        return Skipped(f"Missing permission: organisation {org} is not visible to this token")
    provider = organization.get("samlIdentityProvider")
    if isinstance(provider, dict):
        return SamlFacts(
            sso_url=provider.get("ssoUrl"), issuer=provider.get("issuer"), provider_id=str(provider.get("id"))
        )
    if not (app or organization.get("viewerCanAdminister")):
        return Skipped(
            "Missing permission: the SAML identity provider is shown to organisation owners and GitHub "
            "Apps only (GraphQL organization.samlIdentityProvider)"
        )
    return SamlFacts(sso_url=None)
