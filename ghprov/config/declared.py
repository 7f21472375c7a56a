"""What a configuration declares, and the findings of checking the names it uses against that."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ghprov.errors import ConfigProblem
from ghprov.model import team_slug


@dataclass
class Findings:
    """Errors (the config is unusable) and warnings (it is usable but probably not what was meant)."""

    errors: list[ConfigProblem] = field(default_factory=list)
    warnings: list[ConfigProblem] = field(default_factory=list)


@dataclass
class Declared:
    """Names the configuration declares, for resolving references."""

    teams: dict[str, Any]
    repositories: dict[str, Any]
    custom_roles: dict[str, Any]

    @cached_property
    def team_names(self) -> dict[str, str]:
        """Every name a team may be referred to by (its name, or its slug as GitHub's API uses) → name."""
        names = {team_slug(team): team for team in self.teams}
        names.update({team: team for team in self.teams})
        return names

    def has_team(self, name: Any) -> bool:
        return isinstance(name, str) and name in self.team_names

    def team_privacy(self, name: str) -> Any:
        settings = self.teams.get(self.team_names.get(name, ""))
        return settings.get("privacy") if isinstance(settings, dict) else None


def unknown_name(what: str, name: str, known: Iterable[str]) -> str:
    """ "unknown team 'x' (did you mean 'y'?)"."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"unknown {what} '{name}'" + (f" (did you mean '{close[0]}'?)" if close else "")


def as_mapping(value: Any) -> dict[str, Any]:
    """``value`` if it is a mapping, else an empty one (type errors are reported by validation)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty one."""
    return value if isinstance(value, list) else []


def as_strings(value: Any) -> list[str]:
    """The strings of a list."""
    return [item for item in as_list(value) if isinstance(item, str)]
