"""Read one YAML file into plain Python data, remembering where every key and value was written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.scalarbool import ScalarBoolean

from ghprov.config.locations import ConfigPath, Location, Span
from ghprov.errors import ConfigProblem

MERGE_KEY = "<<"


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
    try:
        # Composing first finds duplicate keys with both positions; the round-trip load then keeps
        # line/column of every key and value.
        root = YAML().compose(text)
        if root is not None:
            result.problems.extend(_duplicate_keys(root, name))
        loader = YAML()
        loader.allow_duplicate_keys = True
        document = loader.load(text)
    except MarkedYAMLError as error:
        result.problems.append(_syntax_problem(error, name))
        return result
    except YAMLError as error:
        result.problems.append(ConfigProblem(name, 1, 1, f"invalid YAML: {error}"))
        return result
    if document is None:
        return result
    if not isinstance(document, CommentedMap):
        result.problems.append(
            ConfigProblem(name, 1, 1, f"expected a mapping of top-level keys, got {_kind(document)}")
        )
        return result
    result.data = _plain_mapping(document, (), name, result.spans)
    return result


def _syntax_problem(error: MarkedYAMLError, name: str) -> ConfigProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    message = error.problem or error.context or "cannot parse"
    if error.context and error.problem and error.context_mark is not None:
        message = f"{message} ({error.context} at line {error.context_mark.line + 1})"
    return ConfigProblem(name, line, column, f"invalid YAML: {message}")


def _duplicate_keys(node: Node, name: str) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    stack: list[Node] = [node]
    seen_nodes: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen_nodes:  # anchors make the node graph share nodes
            continue
        seen_nodes.add(id(current))
        if isinstance(current, MappingNode):
            first: dict[str, Node] = {}
            for key_node, value_node in current.value:
                stack.append(value_node)
                if not isinstance(key_node, ScalarNode) or key_node.value == MERGE_KEY:
                    continue
                earlier = first.get(key_node.value)
                if earlier is None:
                    first[key_node.value] = key_node
                    continue
                mark, earlier_mark = key_node.start_mark, earlier.start_mark
                problems.append(
                    ConfigProblem(
                        name,
                        mark.line + 1,
                        mark.column + 1,
                        f"duplicate key '{key_node.value}' (first defined at "
                        f"{name}:{earlier_mark.line + 1}:{earlier_mark.column + 1})",
                    )
                )
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return problems


def _plain_mapping(
    mapping: CommentedMap, path: ConfigPath, name: str, spans: dict[ConfigPath, Span]
) -> dict[str, Any]:
    here = _own_location(mapping, name)
    result: dict[Any, Any] = {}
    for raw_key, raw_value in mapping.items():
        key = _plain_scalar(raw_key)
        value_path = (*path, key)
        value = _plain(raw_value, value_path, name, spans)
        try:
            key_line, key_column = mapping.lc.key(raw_key)
            value_line, value_column = mapping.lc.value(raw_key)
            key_location = Location(name, key_line + 1, key_column + 1)
            # An empty value has no position of its own; ruamel reports the next line.
            value_location = (
                key_location if raw_value is None else Location(name, value_line + 1, value_column + 1)
            )
        except KeyError:  # keys merged in with "<<" have no position in this mapping
            key_location = value_location = here
        spans[value_path] = Span(key_location, value_location, not isinstance(value, dict | list))
        result[key] = value
    return result


def _plain(value: Any, path: ConfigPath, name: str, spans: dict[ConfigPath, Span]) -> Any:
    if isinstance(value, CommentedMap):
        return _plain_mapping(value, path, name, spans)
    if isinstance(value, CommentedSeq):
        items = []
        for index, item in enumerate(value):
            item_path = (*path, index)
            plain_item = _plain(item, item_path, name, spans)
            try:
                line, column = value.lc.item(index)
                location = Location(name, line + 1, column + 1)
            except (KeyError, IndexError):
                location = _own_location(value, name)
            spans[item_path] = Span(location, location, not isinstance(plain_item, dict | list))
            items.append(plain_item)
        return items
    return _plain_scalar(value)


def _plain_scalar(value: Any) -> Any:
    # ruamel keeps formatting in subclasses of the builtin types; the model wants the builtins.
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, ScalarBoolean):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime.date):
        return value
    if hasattr(value, "value"):  # TaggedScalar and other custom-tag scalars
        return _plain_scalar(value.value)
    return value


def _own_location(node: CommentedMap | CommentedSeq, name: str) -> Location:
    line = getattr(node.lc, "line", None)
    column = getattr(node.lc, "col", None)
    if isinstance(line, int) and isinstance(column, int):
        return Location(name, line + 1, column + 1)
    return Location(name, 1, 1)


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else f"a {type(value).__name__} value"
