"""Match a concrete request path to an OpenAPI path template, the way GitHub's router does."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

# Git refs ("heads/main") travel unencoded, so a `{ref}` parameter may span several segments.
_GREEDY_PARAMETERS = frozenset({"ref"})
_PARAMETER = re.compile(r"^\{([^}]+)\}$")
# GitHub Enterprise Server serves the same API under /api/v3.
_API_PREFIX = "/api/v3"


@dataclass(frozen=True)
class Route:
    """A compiled path template: literal segments sort before parameters, so the most specific wins."""

    template: str
    pattern: re.Pattern[str]
    parameters: tuple[str, ...]
    specificity: tuple[int, ...]

    @classmethod
    def compile(cls, template: str) -> Route:
        """Build the regular expression and the specificity key of one template."""
        parts: list[str] = []
        names: list[str] = []
        specificity: list[int] = []
        for segment in template.strip("/").split("/"):
            match = _PARAMETER.match(segment)
            if match is None:
                parts.append(re.escape(segment))
                specificity.append(0)
                continue
            name = match.group(1)
            names.append(name)
            parts.append(f"(?P<{name}>.+)" if name in _GREEDY_PARAMETERS else f"(?P<{name}>[^/]+)")
            specificity.append(2 if name in _GREEDY_PARAMETERS else 1)
        pattern = re.compile("^/" + "/".join(parts) + "$")
        return cls(template, pattern, tuple(names), tuple(specificity))


class Router:
    """All templates of a description, matched most-specific first."""

    def __init__(self, templates: Iterable[str]) -> None:
        self._routes = sorted(
            (Route.compile(t) for t in templates), key=lambda r: (r.specificity, r.template)
        )

    def match(self, path: str) -> tuple[str, dict[str, str]] | None:
        """The template that serves `path` and the decoded parameter values, or None."""
        concrete = normalise_path(path)
        for route in self._routes:
            found = route.pattern.match(concrete)
            if found is not None:
                return route.template, {name: unquote(value) for name, value in found.groupdict().items()}
        return None


def normalise_path(path: str) -> str:
    """Drop the query string, the GHES `/api/v3` prefix and a trailing slash."""
    concrete = path.split("?", 1)[0].split("#", 1)[0]
    if concrete.startswith(_API_PREFIX + "/"):
        concrete = concrete[len(_API_PREFIX) :]
    if not concrete.startswith("/"):
        concrete = "/" + concrete
    if len(concrete) > 1:
        concrete = concrete.rstrip("/")
    return concrete
