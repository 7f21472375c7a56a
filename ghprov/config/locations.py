"""Where each key and value of a configuration came from, so every later stage can point at the YAML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ghprov.errors import ConfigProblem

# A path into the configuration document: mapping keys and list indexes, e.g.
# ("repositories", "d1-infra", "rulesets", "infra-production", "bypass_actors", 0, "team").
ConfigPath = tuple[Any, ...]


@dataclass(frozen=True)
class Location:
    """A position in a file (1-based line and column)."""

    file: str
    line: int
    column: int

    def problem(self, message: str) -> ConfigProblem:
        """A problem reported at this position."""
        return ConfigProblem(self.file, self.line, self.column, message)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Span:
    """Where one entry was written: its key (or list item) and its value."""

    key: Location
    value: Location
    is_scalar: bool


@dataclass
class SourceMap:
    """Positions of every key and value of the merged document, plus the document itself.

    Lists are indexed as written in YAML (the model sorts some of them); use ``locate_entry`` to find
    an item by its content.
    """

    spans: dict[ConfigPath, Span] = field(default_factory=dict)
    document: dict[str, Any] = field(default_factory=dict)
    fallback: Location = Location("<config>", 1, 1)

    def add(self, path: ConfigPath, span: Span) -> None:
        self.spans[path] = span

    def span(self, path: ConfigPath) -> Span | None:
        """The exact span of ``path``, or None when nothing was written there."""
        return self.spans.get(path)

    def deepest(self, path: ConfigPath) -> tuple[ConfigPath, Span | None]:
        """The longest prefix of ``path`` that was written in the config, and its span."""
        for end in range(len(path), 0, -1):
            span = self.spans.get(path[:end])
            if span is not None:
                return path[:end], span
        return (), None

    def locate(self, path: ConfigPath, at: Literal["auto", "key", "value"] = "auto") -> Location:
        """Position of ``path`` (or of its deepest written prefix).

        ``auto`` gives a scalar's value and a mapping's or list's key, which is what a reader expects.
        """
        found, span = self.deepest(path)
        if span is None:
            return self.fallback
        if found != path or at == "key":
            return span.key
        if at == "value" or span.is_scalar:
            return span.value
        return span.key

    def locate_entry(self, list_path: ConfigPath, match: str | Mapping[str, Any]) -> Location:
        """Position of the first item of the list at ``list_path`` equal to ``match`` (a string) or
        containing all of ``match``'s items (a mapping); the list's own position when none does."""
        items = self._value_at(list_path)
        if isinstance(items, Sequence) and not isinstance(items, str):
            for index, item in enumerate(items):
                if _matches(item, match):
                    return self.locate((*list_path, index))
        return self.locate(list_path)

    def problem(
        self, path: ConfigPath, message: str, at: Literal["auto", "key", "value"] = "auto"
    ) -> ConfigProblem:
        """A problem located at ``path``."""
        return self.locate(path, at).problem(message)

    def _value_at(self, path: ConfigPath) -> Any:
        value: Any = self.document
        for part in path:
            found, value = child(value, part)
            if not found:
                return None
        return value


def child(value: Any, part: Any) -> tuple[bool, Any]:
    """``value[part]`` for a mapping key or a list index, and whether it exists."""
    if isinstance(value, Mapping) and part in value:
        return True, value[part]
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return True, value[part]
    return False, None


def _matches(item: Any, match: str | Mapping[str, Any]) -> bool:
    if isinstance(match, str):
        return isinstance(item, str) and item == match
    return isinstance(item, Mapping) and all(item.get(key) == value for key, value in match.items())
