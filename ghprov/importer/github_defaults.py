"""How the importer uses GitHub's defaults (stated once, in ``ghprov.model.github_defaults``).

Imported values equal to a new organisation's or a new repository's are left out. Leaving a setting out
of the configuration means "not managed", so dropping a default never changes what a plan does against
the organisation it was imported from; it only keeps the files short.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.model.github_defaults import ORGANIZATION_DEFAULTS, REPOSITORY_DEFAULTS

__all__ = ["ORGANIZATION_DEFAULTS", "PRIVATE_SETTINGS", "REPOSITORY_DEFAULTS", "is_default"]

# Organisation settings that are private to owners and not needed to reproduce the organisation.
PRIVATE_SETTINGS: dict[str, str] = {
    "billing_email": "the billing e-mail address is personal data visible to owners only; set it by hand "
    "if ghprov should manage it",
}


def is_default(defaults: Mapping[str, Any], name: str, value: Any) -> bool:
    """True when ``value`` is GitHub's default for setting ``name`` (an empty string counts as unset)."""
    if name not in defaults:
        return False
    default = defaults[name]
    if value == "" and default is None:
        return True
    if isinstance(value, list | tuple) and isinstance(default, list | tuple):
        return list(value) == list(default)
    return bool(value == default)
