"""The plan's vocabulary: typed changes in a stable, dependency-respecting order.

A change names its resource by an address (``kind`` + ``key``) and carries the desired and current
values as model objects (or plain values for memberships and grants). The GitHub layer turns a
change into requests; the plan layer never does I/O.

Archiving: a repository UPDATE whose ``desired`` holds ``"archived"`` toggles the archive state.
GitHub refuses every write to an archived repository, so the writer sends ``archived: false`` on its
own before the other settings of the same change, and ``archived: true`` on its own after them; the
plan puts unarchiving before the repository's other changes and archiving after everything else.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Kind(enum.Enum):
    """Resource kinds, declared in the order apply creates and updates them."""

    CUSTOM_ROLE = "custom_role"
    ORGANIZATION_SETTINGS = "organization_settings"
    TEAM = "team"
    ORGANIZATION_MEMBERSHIP = "organization_membership"
    TEAM_MEMBERSHIP = "team_membership"
    REPOSITORY = "repository"
    BRANCH = "branch"
    TEAM_REPOSITORY = "team_repository"
    BRANCH_PROTECTION = "branch_protection"
    REPOSITORY_RULESET = "repository_ruleset"
    ORGANIZATION_RULESET = "organization_ruleset"

    @property
    def rank(self) -> int:
        return list(Kind).index(self)


class Action(enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    RENAME = "rename"
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        return {"create": "+", "update": "~", "rename": "~", "delete": "-"}[self.value]

    @property
    def verb(self) -> str:
        """Which summary bucket the action counts in: add, change or remove."""
        return {"create": "add", "update": "change", "rename": "change", "delete": "remove"}[self.value]


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value (``None`` old value on create, ``None`` new value on delete)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    """One resource to create, update, rename or delete.

    ``key`` identifies the resource within its kind, e.g. ``("d1-infra", "main")`` for a branch
    protection or ``("platform-team", "alice")`` for a team membership.
    """

    kind: Kind
    action: Action
    key: tuple[str, ...]
    fields: tuple[FieldChange, ...] = ()
    desired: Any = None
    current: Any = None
    # Addresses of changes that must succeed before this one can run.
    depends_on: tuple[str, ...] = ()
    # True when this change makes a protection weaker (runs after the tightening ones).
    loosens: bool = False

    @property
    def address(self) -> str:
        return f"{self.kind.value}:{'/'.join(self.key)}"

    @property
    def repository(self) -> str | None:
        """The repository this change writes to (``None`` for organisation-level kinds and teams)."""
        if self.kind in REPOSITORY_SCOPED:
            return self.key[0]
        if self.kind is Kind.TEAM_REPOSITORY:
            return self.key[1]
        return None

    @property
    def archives(self) -> bool:
        """True for a repository update that archives the repository (it must run last)."""
        return self._archived_to() is True

    @property
    def unarchives(self) -> bool:
        """True for a repository update that unarchives the repository (it must run first)."""
        return self._archived_to() is False

    def _archived_to(self) -> bool | None:
        if self.kind is Kind.REPOSITORY and self.action is Action.UPDATE and isinstance(self.desired, dict):
            value = self.desired.get("archived")
            return value if isinstance(value, bool) else None
        return None


REPOSITORY_SCOPED = frozenset({Kind.REPOSITORY, Kind.BRANCH, Kind.BRANCH_PROTECTION, Kind.REPOSITORY_RULESET})


@dataclass(frozen=True)
class Finding:
    """Something the plan noticed but cannot or will not change through the API."""

    code: str
    address: str
    message: str
    severity: str = "warning"


@dataclass
class Plan:
    """Ordered changes plus findings for one organisation."""

    organization: str
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # sha256 over the live state the plan was computed from; apply of a saved plan checks it.
    live_checksum: str = ""
    # Per-resource digests of that live state, so a stale saved plan can name what changed.
    resource_digests: dict[str, str] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def summary(self) -> dict[str, int]:
        """Counts for the summary line: ``add``, ``change``, ``remove`` and ``findings``."""
        counts = {"add": 0, "change": 0, "remove": 0}
        for change in self.changes:
            counts[change.action.verb] += 1
        return {**counts, "findings": len(self.findings)}
