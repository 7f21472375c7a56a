"""Plain data → YAML text through ruamel.yaml: stable layout, comments where they help a reader.

The same input always gives the same bytes: mappings keep the order they are given in (callers
sort them), short leaf collections are written inline and everything else as blocks.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

# A path into a document: mapping keys from the top, e.g. ("repositories", "d1-infra").
KeyPath = tuple[str, ...]
INLINE_WIDTH = 72
INDENT = 2


@dataclass
class YamlDocument:
    """One file's content: data, a header comment, and comment lines placed before given keys.

    An empty comment line ("") is written as an empty line, which separates sections.
    """

    data: dict[str, Any]
    header: tuple[str, ...] = ()
    comments: dict[KeyPath, tuple[str, ...]] = field(default_factory=dict)

    def comment(self, path: KeyPath, *lines: str) -> None:
        """Add comment lines before the key at ``path`` (after any already there)."""
        self.comments[path] = (*self.comments.get(path, ()), *lines)


def render(document: YamlDocument) -> str:
    """The document as YAML text."""
    tree = _build(document.data, 0)
    if not isinstance(tree, CommentedMap):
        raise TypeError("a YAML document is a mapping")
    comments = dict(document.comments)
    # An empty line before every top-level section (and between the header and the first one).
    for index, key in enumerate(document.data):
        if index > 0 or document.header:
            comments[(key,)] = ("", *comments.get((key,), ()))
    for path, lines in sorted(comments.items(), key=lambda item: (len(item[0]), item[0])):
        _attach(tree, path, lines)
    if document.header:
        tree.yaml_set_start_comment("\n".join(document.header))
    yaml = YAML()
    yaml.indent(mapping=INDENT, sequence=INDENT * 2, offset=INDENT)
    yaml.width = 4096  # never fold long strings: a folded description would change with the width
    stream = io.StringIO()
    yaml.dump(tree, stream)
    return stream.getvalue()


def _attach(tree: CommentedMap, path: KeyPath, lines: tuple[str, ...]) -> None:
    parent: Any = tree
    for part in path[:-1]:
        parent = parent.get(part) if isinstance(parent, CommentedMap) else None
    if not isinstance(parent, CommentedMap) or path[-1] not in parent or parent.fa.flow_style():
        raise KeyError(f"no block mapping key at {'/'.join(path)} to comment")
    parent.yaml_set_comment_before_after_key(
        path[-1], before=_comment_text(lines), indent=INDENT * (len(path) - 1)
    )


def _comment_text(lines: tuple[str, ...]) -> str:
    # ruamel writes each line of ``before`` as "# line", and an empty line as an empty line.
    return "\n".join(lines)


def _is_scalar(value: Any) -> bool:
    # A string holding ":" (a URL, a secret reference such as env:NAME) stays in block style: in a
    # flow collection the YAML 1.1 reader the config loader uses refuses it unquoted.
    if isinstance(value, str):
        return ":" not in value
    return value is None or isinstance(value, int | float | bool)


def _inline_candidate(value: Any) -> bool:
    """Leaf collections: scalars, or lists of scalars, inside."""
    if isinstance(value, Mapping):
        return all(_is_scalar(item) or _is_scalar_list(item) for item in value.values())
    return _is_scalar_list(value)


def _is_scalar_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(_is_scalar(item) for item in value)


def _inline_length(value: Any) -> int:
    if isinstance(value, Mapping):
        return sum(len(str(key)) + 2 + _inline_length(item) + 2 for key, item in value.items()) + 2
    if isinstance(value, list | tuple):
        return sum(_inline_length(item) + 2 for item in value) + 2
    return len(str(value))


def _build(value: Any, depth: int) -> Any:
    if isinstance(value, Mapping):
        built = CommentedMap()
        for key, item in value.items():
            built[key] = _build(item, depth + 1)
        if depth >= 2 and (not value or (_inline_candidate(value) and _inline_length(value) <= INLINE_WIDTH)):
            built.fa.set_flow_style()
        return built
    if isinstance(value, Sequence) and not isinstance(value, str):
        sequence = CommentedSeq(_build(item, depth + 1) for item in value)
        if _is_scalar_list(value) and _inline_length(value) <= INLINE_WIDTH:
            sequence.fa.set_flow_style()
        return sequence
    return value
