"""Merge the files of a configuration into one document, and merge ``defaults`` under repositories."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.config.document import COLLECTION_KEYS, EXTENSION_PREFIX
from ghprov.config.locations import ConfigPath, Span
from ghprov.config.yaml_reader import YamlFile
from ghprov.errors import ConfigProblem


def merge_files(
    files: Iterable[YamlFile],
) -> tuple[dict[str, Any], dict[ConfigPath, Span], list[ConfigProblem]]:
    """One document from many files; a top-level key, or a named entry of a collection, defined twice is
    an error naming both places."""
    document: dict[str, Any] = {}
    spans: dict[ConfigPath, Span] = {}
    problems: list[ConfigProblem] = []
    for file in files:
        if file.data is None:
            continue
        grouped = _group_spans(file.spans)
        for key, value in file.data.items():
            if is_extension_key(key):
                continue
            if key in COLLECTION_KEYS and isinstance(value, dict) and isinstance(document.get(key, {}), dict):
                section = document.setdefault(key, {})
                spans.setdefault((key,), file.spans[(key,)])
                for entry, entry_value in value.items():
                    path = (key, entry)
                    if entry in section:
                        problems.append(_twice(file.spans[path], spans[path], f"{key} entry '{entry}'"))
                        continue
                    # An entry written with nothing after the colon has no settings; it is not an error.
                    section[entry] = {} if entry_value is None else entry_value
                    spans.update(grouped.get(path, {}))
            elif key in document:
                problems.append(_twice(file.spans[(key,)], spans[(key,)], f"top-level key '{key}'"))
            else:
                document[key] = value
                spans.update(grouped.get((key,), {}))
    return document, spans, problems


def is_extension_key(key: object) -> bool:
    """Top-level keys starting with ``x-`` are ignored, so they can hold YAML anchors to reuse."""
    return isinstance(key, str) and key.startswith(EXTENSION_PREFIX)


def apply_defaults(document: dict[str, Any], spans: dict[ConfigPath, Span]) -> None:
    """Deep-merge ``defaults.repository`` under every repository, in place; inherited values keep the
    position of the default, so an error in one points at the ``defaults`` section."""
    defaults = document.get("defaults")
    repositories = document.get("repositories")
    if not isinstance(defaults, dict) or not isinstance(repositories, dict):
        return
    repository_defaults = defaults.get("repository")
    if not isinstance(repository_defaults, dict):
        return
    default_spans = [
        (path[2:], span) for path, span in spans.items() if path[:2] == ("defaults", "repository")
    ]
    for name, repository in repositories.items():
        if not isinstance(repository, dict):
            continue
        inherited: list[ConfigPath] = []
        repositories[name] = deep_merge(repository_defaults, repository, (), inherited)
        for relative in inherited:
            for path, span in default_spans:
                if path[: len(relative)] == relative:
                    spans.setdefault(("repositories", name, *path), span)


def deep_merge(
    default: dict[str, Any], own: dict[str, Any], at: ConfigPath, inherited: list[ConfigPath]
) -> dict[str, Any]:
    """``own`` over ``default``: mappings merge key by key, anything else in ``own`` wins.

    Appends to ``inherited`` the relative paths whose value came from ``default``.
    """
    merged: dict[str, Any] = {}
    for key, value in default.items():
        if key not in own:
            merged[key] = value
            inherited.append((*at, key))
    for key, value in own.items():
        base = default.get(key)
        if isinstance(base, dict) and isinstance(value, dict):
            merged[key] = deep_merge(base, value, (*at, key), inherited)
        else:
            merged[key] = value
    return merged


def _twice(second: Span, first: Span, what: str) -> ConfigProblem:
    return second.key.problem(f"{what} is defined twice (first at {first.key})")


def _group_spans(spans: dict[ConfigPath, Span]) -> dict[ConfigPath, dict[ConfigPath, Span]]:
    """Spans grouped under their first one and two path elements, so copying an entry is cheap."""
    grouped: dict[ConfigPath, dict[ConfigPath, Span]] = {}
    for path, span in spans.items():
        grouped.setdefault(path[:1], {})[path] = span
        if len(path) >= 2:
            grouped.setdefault(path[:2], {})[path] = span
    return grouped
