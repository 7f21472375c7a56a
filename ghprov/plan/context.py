"""What the per-kind differs share while one plan is computed: inputs, outputs, renames, blind spots.

Live paths name parts of the live state the way ``LiveOrganization.unknowns`` does: the model's
field names joined by ``/`` with live (old) names, e.g. ``repositories/d1-infra/allow_rebase_merge``,
``repositories/d1-infra/rulesets/prod/bypass_actors``, ``teams/platform-team/members``,
``settings/billing_email``, ``members/alice``, ``rulesets/org-wide``, ``custom_roles``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

from ghprov.model import LiveOrganization, Organization, Repository, Team, team_slug
from ghprov.model.base import Model
from ghprov.plan.changes import Change, FieldChange, Finding

_ANY: TypeAdapter[Any] = TypeAdapter(Any)


def plain(value: Any) -> Any:
    """A JSON-native copy of ``value`` (models become dicts, tuples lists), so plans round-trip exactly."""
    return _ANY.dump_python(value, mode="json")


def field_changes(before: Model | None, after: Model | None, names: Iterable[str]) -> tuple[FieldChange, ...]:
    """One FieldChange per named field whose value differs between the two (a missing side is None)."""
    changes = []
    for name in names:
        old = getattr(before, name) if before is not None else None
        new = getattr(after, name) if after is not None else None
        if old != new:
            changes.append(FieldChange(name, plain(old), plain(new)))
    return tuple(changes)


def non_default_fields(value: Model) -> list[str]:
    """Fields whose value differs from the default: what a create or delete of a whole value shows."""
    return list(value.model_dump(exclude_defaults=True))


def _covers(outer: str, inner: str) -> bool:
    return inner == outer or inner.startswith(outer + "/")


@dataclass
class DiffContext:
    desired: Organization
    live: LiveOrganization
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # Unknown live path → reason, for every unknown a comparison touched.
    blind: dict[str, str] = field(default_factory=dict)
    # Desired name → live (old) name, for teams and repositories renamed by this plan.
    team_renames: dict[str, str] = field(default_factory=dict)
    repository_renames: dict[str, str] = field(default_factory=dict)
    # Send every declared secret's value again (``--rotate-secrets``): values cannot be compared.
    rotate_secrets: bool = False

    def touch(self, path: str, *, whole: bool = False) -> None:
        """Record that a comparison reads ``path``; ``whole`` also covers everything beneath it."""
        for unknown in self.live.unknowns:
            if _covers(unknown.path, path) or (whole and _covers(path, unknown.path)):
                self.blind[unknown.path] = unknown.reason

    def add(self, change: Change) -> None:
        self.changes.append(change)

    def find(self, code: str, address: str, message: str, severity: str = "warning") -> None:
        self.findings.append(Finding(code, address, message, severity))

    # Renames: the differs compare a desired object with the live object it will be once renamed.

    def live_team_name(self, name: str) -> str:
        return self.team_renames.get(name, name)

    def live_team(self, name: str) -> Team | None:
        return self.live.state.teams.get(self.live_team_name(name))

    def live_repository_name(self, name: str) -> str:
        return self.repository_renames.get(name, name)

    def live_repository(self, name: str) -> Repository | None:
        return self.live.state.repositories.get(self.live_repository_name(name))

    def team_name_after_renames(self, live_name: str) -> str:
        """The name a live team will have once this plan's renames are done."""
        return next((new for new, old in self.team_renames.items() if old == live_name), live_name)

    def repository_name_after_renames(self, live_name: str) -> str:
        return next((new for new, old in self.repository_renames.items() if old == live_name), live_name)

    def desired_team_name(self, reference: str) -> str:
        """A declared team's name for a reference that may be its name or its slug."""
        if reference in self.desired.teams:
            return reference
        return next((name for name in self.desired.teams if team_slug(name) == reference), reference)
