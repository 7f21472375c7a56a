"""An organisation's SAML single sign-on, which only GraphQL shows (``Organization.samlIdentityProvider``)."""

from __future__ import annotations

from ghprov.github.client import GitHubClient
from ghprov.github.read import connections
from ghprov.github.read.queries import RATE_LIMIT
from ghprov.model.saml import SamlIdentityProvider, SamlSingleSignOn

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


def read_saml(client: GitHubClient, org: str) -> SamlSingleSignOn | None:
    """The provider as this viewer sees it; None when the organisation itself is not visible."""
    result = client.graphql_result(SAML, {"org": org})
    connections.fail_on(result.problems, what=f"the SAML identity provider of {org}")
    organization = connections.dig(result.data, ("organization",))
    if not isinstance(organization, dict):
        return None
    provider = organization.get("samlIdentityProvider")
    return SamlSingleSignOn(
        provider=SamlIdentityProvider(
            provider_id=str(provider.get("id")), sso_url=provider.get("ssoUrl"), issuer=provider.get("issuer")
        )
        if isinstance(provider, dict)
        else None,
        viewer_can_administer=bool(organization.get("viewerCanAdminister")),
    )
