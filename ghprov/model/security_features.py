"""A repository's security features: ``repositories.<name>.security``.

Booleans in the config; GitHub spells several as ``security_and_analysis.<name>.status``
(``enabled``/``disabled``) and keeps the others behind endpoints of their own. A field the config
leaves out is not managed.

Any combination is a valid model: GitHub can hold ones it refuses to be asked for (push protection on
with secret scanning off, once a code security configuration set them). What a config may ask for is
checked in ``config/security_checks.py``.
"""

from __future__ import annotations

from ghprov.model.base import Model

# The features the organisation's repository list reports in ``security_and_analysis`` (admins only).
LISTED: tuple[str, ...] = (
    "advanced_security",
    "secret_scanning",
    "secret_scanning_push_protection",
    "dependabot_security_updates",
)
# The features ``PATCH /repos/{owner}/{repo}`` sets through ``security_and_analysis``.
PATCHED: tuple[str, ...] = ("advanced_security", "secret_scanning", "secret_scanning_push_protection")
# The features with an enable (PUT) / disable (DELETE) endpoint of their own → its path segment, in
# the order they are enabled (Dependabot security updates need alerts on first).
TOGGLES: dict[str, str] = {
    "vulnerability_alerts": "vulnerability-alerts",
    "dependabot_security_updates": "automated-security-fixes",
    "private_vulnerability_reporting": "private-vulnerability-reporting",
}


# A new repository has every feature off (the importer leaves these values out).
NEW_REPOSITORY_SECURITY: dict[str, bool] = {
    "advanced_security": False,
    "secret_scanning": False,
    "secret_scanning_push_protection": False,
    "dependabot_security_updates": False,
    "vulnerability_alerts": False,
    "private_vulnerability_reporting": False,
}


class RepositorySecurity(Model):
    """Security features of one repository."""

    # GitHub Advanced Security (private and internal repositories; needs a licence).
    advanced_security: bool | None = None
    secret_scanning: bool | None = None
    secret_scanning_push_protection: bool | None = None
    # Dependabot security updates ("automated security fixes"); need vulnerability alerts.
    dependabot_security_updates: bool | None = None
    # Dependabot alerts.
    vulnerability_alerts: bool | None = None
    private_vulnerability_reporting: bool | None = None
