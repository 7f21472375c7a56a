"""Organisation code security configurations: ``code_security_configurations.<name>``.

A configuration is a named set of security features GitHub applies to the repositories it is
attached to, and to new repositories when it is a default. Feature values are GitHub's
(``enabled``/``disabled``/``not_set``); a key the config leaves out is not managed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ghprov.model.base import Model, sorted_unique

Feature = Literal["enabled", "disabled", "not_set"]
# The settings a configuration holds, sent as they are in its POST/PATCH body.
SETTINGS: tuple[str, ...] = (
    "description",
    "advanced_security",
    "dependency_graph",
    "dependabot_alerts",
    "dependabot_security_updates",
    "code_scanning_default_setup",
    "secret_scanning",
    "secret_scanning_push_protection",
    "private_vulnerability_reporting",
    "enforcement",
)


class CodeSecurityConfiguration(Model):
    """One configuration of the organisation, by name."""

    description: str | None = Field(default=None, max_length=255)
    # ``secret_protection`` / ``code_security``: GitHub's per-product licences; ``enabled``: both.
    advanced_security: Literal["enabled", "disabled", "code_security", "secret_protection"] | None = None
    dependency_graph: Feature | None = None
    dependabot_alerts: Feature | None = None
    dependabot_security_updates: Feature | None = None
    code_scanning_default_setup: Feature | None = None
    secret_scanning: Feature | None = None
    secret_scanning_push_protection: Feature | None = None
    private_vulnerability_reporting: Feature | None = None
    # ``enforced``: repositories cannot change the features the configuration sets.
    enforcement: Literal["enforced", "unenforced"] | None = None
    # Which new repositories get the configuration (``PUT …/{id}/defaults``).
    default_for_new_repos: Literal["all", "none", "private_and_internal", "public"] | None = None
    # Exactly the repositories the configuration is attached to: others attached live are detached.
    repositories: tuple[str, ...] | None = None

    @field_validator("repositories", mode="before")
    @classmethod
    def _sort(cls, value: Any) -> Any:
        return sorted_unique(value)
