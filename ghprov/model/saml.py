"""An organisation's SAML single sign-on as one viewer saw it (GraphQL ``Organization.samlIdentityProvider``).

GitHub answers null both when no provider is configured and when the viewer may not see it (only
owners and Apps with members access may), so whether the viewer administers the organisation is
kept beside it: a null seen by an administrator means "not configured", by anyone else nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SamlIdentityProvider:
    provider_id: str
    sso_url: str | None
    issuer: str | None = None


@dataclass(frozen=True)
class SamlSingleSignOn:
    """The provider (None: not configured, or hidden from this viewer) and what the viewer may see."""

    provider: SamlIdentityProvider | None
    viewer_can_administer: bool = True

    @property
    def enabled(self) -> bool:
        return self.provider is not None

    @property
    def sso_url(self) -> str | None:
        return self.provider.sso_url if self.provider else None

    @property
    def issuer(self) -> str | None:
        return self.provider.issuer if self.provider else None
