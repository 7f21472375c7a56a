"""What to import (kinds, repositories, bots), and the warnings about what was left out and why."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from ghprov.errors import GhprovError

# The configuration sections an import can write (``--only``).
KINDS: tuple[str, ...] = (
    "settings",
    "members",
    "custom_roles",
    "custom_organization_roles",
    "custom_properties",
    "teams",
    "repositories",
    "rulesets",
)


@dataclass(frozen=True)
class ImportOptions:
    """``kinds``: sections to write; ``repositories``: glob patterns of repository names; ``bots``:
    logins to declare under ``bots`` rather than as plain members."""

    kinds: frozenset[str] = frozenset(KINDS)
    repositories: tuple[str, ...] = ()
    bots: tuple[str, ...] = ()

    def wants(self, kind: str) -> bool:
        return kind in self.kinds

    def selects_repository(self, name: str) -> bool:
        """True when no ``--repos`` pattern was given or ``name`` matches one of them."""
        return not self.repositories or any(
            fnmatch.fnmatchcase(name, pattern) for pattern in self.repositories
        )


def parse_kinds(values: list[str] | None) -> frozenset[str]:
    """``["teams,repositories", "members"]`` → the kinds; all kinds when nothing was given."""
    if not values:
        return frozenset(KINDS)
    kinds = {item.strip() for value in values for item in value.split(",") if item.strip()}
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        raise GhprovError(
            f"unknown kind{'s' if len(unknown) > 1 else ''} for --only: {', '.join(unknown)}",
            hint=f"choose from {', '.join(KINDS)}",
        )
    return frozenset(kinds)


def split_list(values: list[str] | None) -> tuple[str, ...]:
    """Repeated and comma-separated option values, in order, without duplicates or blanks."""
    items = [item.strip() for value in values or () for item in value.split(",")]
    return tuple(dict.fromkeys(item for item in items if item))


@dataclass(frozen=True, order=True)
class ImportWarning:
    """Something in the live organisation the configuration does not (or cannot) express."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class Warnings:
    """Collects warnings; ``sorted()`` gives them in a stable order."""

    items: set[ImportWarning] = field(default_factory=set)

    def add(self, path: str, reason: str) -> None:
        self.items.add(ImportWarning(path, reason))

    def sorted(self) -> list[ImportWarning]:
        return sorted(self.items)

    def under(self, prefix: str) -> list[ImportWarning]:
        """The warnings about ``prefix`` or anything below it, sorted."""
        return [item for item in self.sorted() if item.path == prefix or item.path.startswith(prefix + "/")]
