"""Users granted access to a repository directly (not through a team or the organisation's base role)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ghprov.model.live import Unknown

REFUSED = "GitHub refused the read: "
_REFUSED_PATH = re.compile(r"repositories/(?P<repository>[^/]+)/collaborators")


@dataclass(frozen=True)
class DirectCollaborators:
    """repository → login → role granted on the repository itself, for every repository read.

    Roles are GitHub's role names (``read`` … ``admin``, or a custom role's name). Repositories
    without direct collaborators are left out of ``grants``. ``refused`` names each repository
    whose collaborators GitHub would not show (push access is needed), with GitHub's message: its
    grants are unknown, not empty, and a consumer must treat them so.
    """

    grants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    refused: Mapping[str, str] = field(default_factory=dict)

    def of(self, repository: str) -> Mapping[str, str]:
        """The direct grants of one repository (empty when it has none)."""
        return self.grants.get(repository, {})

    def unknowns(self) -> list[Unknown]:
        """Refused repositories as fail-closed blind spots (``repositories/<repo>/collaborators``)."""
        return [
            Unknown(f"repositories/{repository}/collaborators", f"{REFUSED}{message}")
            for repository, message in sorted(self.refused.items())
        ]


def refused_collaborators(unknowns: Iterable[Unknown]) -> dict[str, str]:
    """repository → GitHub's message, for the blind spots ``DirectCollaborators.unknowns`` recorded."""
    found: dict[str, str] = {}
    for unknown in unknowns:
        match = _REFUSED_PATH.fullmatch(unknown.path)
        if match is not None and unknown.reason.startswith(REFUSED):
            found[match["repository"]] = unknown.reason.removeprefix(REFUSED)
    return found
