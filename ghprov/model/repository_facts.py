"""What the repository list shows of a repository beyond the model (``GET /orgs/{org}/repos``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RepositoryFacts:
    """None where GitHub did not show the field to this token."""

    visibility: str | None = None
    allow_forking: bool | None = None
    pushed_at: str | None = None
    # security feature ("secret_scanning", …) → status ("enabled" / "disabled"); None: not shown
    # (admins only, and only where the plan offers the features).
    security_and_analysis: Mapping[str, str] | None = field(default=None)
