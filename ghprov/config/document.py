"""The configuration document: the organisation model plus what only exists in YAML (``defaults``)."""

from __future__ import annotations

from pydantic import Field

from ghprov.model import Organization, Repository
from ghprov.model.base import Model

# Top-level sections made of named entries: their entries may be spread over several files.
# Every other top-level key belongs to exactly one file.
COLLECTION_KEYS: tuple[str, ...] = (
    "bots",
    "custom_roles",
    "custom_organization_roles",
    "teams",
    "repositories",
    "rulesets",
)
# Top-level keys with this prefix are ignored: a place for YAML anchors (``x-protection: &protection``).
EXTENSION_PREFIX = "x-"


class Defaults(Model):
    """Values merged under every entry of a section; the entry's own values win."""

    repository: Repository | None = Field(
        default=None,
        description="Deep-merged under every repository (mappings merge key by key; lists and scalars "
        "in the repository replace the default).",
    )


class ConfigDocument(Organization):
    """What a user writes: an ``Organization`` plus ``defaults``. Used for validation and the JSON Schema."""

    defaults: Defaults | None = Field(default=None, description="Defaults merged under every repository.")

    def organization_model(self) -> Organization:
        """The organisation alone; fields the config did not set stay unset (not managed)."""
        values = {name: getattr(self, name) for name in self.model_fields_set if name != "defaults"}
        return Organization(**values)
