"""Read one YAML file into plain Python data, remembering where every key and value was written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ghprov.config.locations import ConfigPath, Location, Span
from ghprov.errors import ConfigProblem

MERGE_TAG = "tag:yaml.org,2002:merge"


@dataclass
class YamlFile:
    """One file's content as plain data, its spans and the problems met while reading it."""

    name: str
    data: dict[str, Any] | None = None
    spans: dict[ConfigPath, Span] = field(default_factory=dict)
    problems: list[ConfigProblem] = field(default_factory=list)
    raw: bytes = b""


def read_yaml_file(path: Path, name: str) -> YamlFile:
    """Parse ``path`` (reported as ``name``); problems are collected, never raised."""
    result = YamlFile(name=name)
    try:
        result.raw = path.read_bytes()
        text = result.raw.decode("utf-8")
    except OSError as error:
        result.problems.append(ConfigProblem(name, 1, 1, f"cannot read the file: {error.strerror or error}"))
        return result
    except UnicodeDecodeError as error:
        line, column = _position_of_byte(result.raw, error.start)
        result.problems.append(ConfigProblem(name, line, column, "the file is not valid UTF-8"))
        return result
    # One pass of ruamel's composer gives the node graph, where every key and value carries its
    # position; building plain data from it is several times faster than a round-trip load, and lets
    # duplicate keys be reported with both positions instead of stopping at the first. The C
    # parser (ruamel.yaml.clib) keeps positions too and halves the time on large configs.
    yaml = YAML(typ="safe", pure=False)
    try:
        try:
            root = yaml.compose(text)
        except MarkedYAMLError:
            # The bundled libyaml is older than YAML 1.2 in places: it refuses a ':' inside a plain
            # scalar of a flow mapping (`{value: env:TOKEN}`, as the docs write secret references).
            # The pure-Python parser is the judge: it parses what is valid, and words real errors better.
            yaml = YAML(typ="safe", pure=True)
            root = yaml.compose(text)
        if root is None:
            return result
        if not isinstance(root, MappingNode):
            result.problems.append(
                ConfigProblem(name, 1, 1, f"expected a mapping of top-level keys, got {_node_kind(root)}")
            )
            return result
        builder = _Builder(name, yaml.constructor, result)
        result.data = builder.mapping(root, ())
    except MarkedYAMLError as error:
        result.problems.append(_syntax_problem(error, name))
        result.data = None
    except YAMLError as error:
        result.problems.append(ConfigProblem(name, 1, 1, f"invalid YAML: {error}"))
        result.data = None
    return result


def _syntax_problem(error: MarkedYAMLError, name: str) -> ConfigProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    message = error.problem or error.context or "cannot parse"
    if error.context and error.problem and error.context_mark is not None:
        message = f"{message} ({error.context} at line {error.context_mark.line + 1})"
    return ConfigProblem(name, line, column, f"invalid YAML: {message}")


class _Builder:
    """Builds plain data from composed nodes, recording spans and duplicate keys on the way."""

    def __init__(self, name: str, constructor: Any, result: YamlFile) -> None:
        self.name = name
        self.constructor = constructor
        self.result = result
        self.active: set[int] = set()  # nodes being built, to stop at recursive aliases

    def location(self, node: Node) -> Location:
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def value(self, node: Node, path: ConfigPath) -> Any:
        if id(node) in self.active:
            self.result.problems.append(
                self.location(node).problem("a recursive alias cannot be configuration")
            )
            return None
        self.active.add(id(node))
        try:
            if isinstance(node, MappingNode):
                return self.mapping(node, path)
            if isinstance(node, SequenceNode):
                return self.sequence(node, path)
            return _plain_scalar(self.constructor.construct_object(node, deep=True))
        finally:
            self.active.discard(id(node))

    def mapping(self, node: MappingNode, path: ConfigPath) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Node] = {}
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merged.extend(self.merged_pairs(value_node))
                continue
            if not isinstance(key_node, ScalarNode):
                self.result.problems.append(self.location(key_node).problem("a key must be a plain value"))
                continue
            key = _plain_scalar(self.constructor.construct_object(key_node, deep=True))
            earlier = first_seen.get(key)
            if earlier is not None:
                self.result.problems.append(
                    self.location(key_node).problem(
                        f"duplicate key '{key}' (first defined at {self.location(earlier)})"
                    )
                )
                continue
            first_seen[key] = key_node
            result[key] = self.entry(key, key_node, value_node, path)
        # Keys merged in with "<<" never override the mapping's own keys.
        for key_node, value_node in merged:
            if isinstance(key_node, ScalarNode):
                key = _plain_scalar(self.constructor.construct_object(key_node, deep=True))
                if key not in result:
                    result[key] = self.entry(key, key_node, value_node, path)
        return result

    def entry(self, key: Any, key_node: Node, value_node: Node, path: ConfigPath) -> Any:
        value_path = (*path, key)
        value = self.value(value_node, value_path)
        key_location = self.location(key_node)
        # An empty value has no position of its own: point at its key.
        value_location = key_location if value is None else self.location(value_node)
        self.result.spans[value_path] = Span(key_location, value_location, not isinstance(value, dict | list))
        return value

    def merged_pairs(self, node: Node) -> list[tuple[Node, Node]]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        pairs: list[tuple[Node, Node]] = []
        for source in sources:
            if isinstance(source, MappingNode):
                pairs.extend(source.value)
            else:
                self.result.problems.append(self.location(source).problem("'<<' merges only mappings"))
        return pairs

    def sequence(self, node: SequenceNode, path: ConfigPath) -> list[Any]:
        items = []
        for index, item_node in enumerate(node.value):
            item_path = (*path, index)
            item = self.value(item_node, item_path)
            location = self.location(item_node)
            self.result.spans[item_path] = Span(location, location, not isinstance(item, dict | list))
            items.append(item)
        return items


def _plain_scalar(value: Any) -> Any:
    # Keep builtin types only (the constructor may return subclasses that carry formatting).
    if value is None or isinstance(value, bool | datetime.date):
        return value
    for builtin in (str, int, float):
        if isinstance(value, builtin):
            return builtin(value)
    return value


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def _node_kind(node: Node) -> str:
    return "a list" if isinstance(node, SequenceNode) else "a single value"
