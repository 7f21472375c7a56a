"""Reword graphql-core's validation errors the way GitHub's GraphQL server (graphql-ruby) reports them.

GitHub answers, e.g., `{"path": ["query", "repository", "foo"], "extensions": {"code": "undefinedField",
"typeName": "Repository", "fieldName": "foo"}, "locations": [...], "message": "Field 'foo' doesn't exist on
type 'Repository'"}`. Messages graphql-core words differently from every pattern below keep its wording.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    InlineFragmentNode,
    Node,
    ObjectFieldNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableDefinitionNode,
    print_ast,
    visit,
)
from graphql.language import Visitor

Rewrite = Callable[[re.Match[str], list[Node]], tuple[str, dict[str, Any]]]
_PUNCTUATION = {
    "{": "LCURLY",
    "}": "RCURLY",
    "(": "LPAREN",
    ")": "RPAREN",
    "[": "LBRACKET",
    "]": "RBRACKET",
    ":": "COLON",
    "=": "EQUALS",
    "!": "BANG",
    "$": "VAR_SIGN",
    "@": "DIR_SIGN",
    "...": "ELLIPSIS",
}


class _Ancestry(Visitor):
    """Records, for every node, the chain of nodes above it."""

    def __init__(self) -> None:
        super().__init__()
        self.parents: dict[int, list[Node]] = {}

    def enter(self, node: Node, key: Any, parent: Any, path: Any, ancestors: Any) -> None:
        # graphql-core's `ancestors` stops short of the direct parent.
        self.parents[id(node)] = [a for a in [*ancestors, parent] if isinstance(a, Node)]


def _operation_label(chain: list[Node]) -> str:
    for node in chain:
        if isinstance(node, OperationDefinitionNode):
            kind = node.operation.value
            return f"{kind} {node.name.value}" if node.name else f"anonymous {kind}"
    return "anonymous query"


def _document_path(node: Node, chain: list[Node]) -> list[str]:
    path: list[str] = []
    for item in [*chain, node]:
        if isinstance(item, OperationDefinitionNode):
            path.append(f"{item.operation.value} {item.name.value}" if item.name else item.operation.value)
        elif isinstance(item, FragmentDefinitionNode):
            path.append(f"fragment {item.name.value}")
        elif isinstance(item, InlineFragmentNode):
            path.append(f"... on {item.type_condition.name.value}" if item.type_condition else "...")
        elif isinstance(item, FieldNode | ArgumentNode | ObjectFieldNode):
            path.append(item.name.value)
    return path


def _nearest(chain: list[Node], kind: type[Node]) -> Any:
    return next((node for node in reversed(chain) if isinstance(node, kind)), None)


def _undefined_field(match: re.Match[str], _: list[Node]) -> tuple[str, dict[str, Any]]:
    field, type_name = match.group(1), match.group(2)
    return f"Field '{field}' doesn't exist on type '{type_name}'", {
        "code": "undefinedField",
        "typeName": type_name,
        "fieldName": field,
    }


def _unknown_argument(match: re.Match[str], _: list[Node]) -> tuple[str, dict[str, Any]]:
    argument, field = match.group(1), match.group(3)
    return f"Field '{field}' doesn't accept argument '{argument}'", {
        "code": "argumentNotAccepted",
        "name": field,
        "typeName": "Field",
        "argumentName": argument,
    }


def _missing_argument(match: re.Match[str], _: list[Node]) -> tuple[str, dict[str, Any]]:
    field, argument = match.group(2), match.group(3)
    return f"Field '{field}' is missing required arguments: {argument}", {
        "code": "missingRequiredArguments",
        "className": "Field",
        "name": field,
        "arguments": argument,
    }


def _leaf_with_selections(match: re.Match[str], chain: list[Node]) -> tuple[str, dict[str, Any]]:
    field, type_name = match.group(1), match.group(2).rstrip("!")
    node = chain[-1] if chain else None
    selection_set = node.selection_set if isinstance(node, FieldNode) else node
    selections: list[str] = []
    if isinstance(selection_set, SelectionSetNode):
        selections = [s.name.value for s in selection_set.selections if isinstance(s, FieldNode)]
    return (
        f"Selections can't be made on scalars (field '{field}' returns {type_name} but has selections "
        f"[{', '.join(selections)}])",
        {"code": "selectionMismatch", "nodeName": f"field '{field}'", "typeName": type_name},
    )


def _missing_selections(match: re.Match[str], _: list[Node]) -> tuple[str, dict[str, Any]]:
    field, type_name = match.group(1), match.group(2).rstrip("!").strip("[]!")
    return (
        f"Field must have selections (field '{field}' returns {type_name} but has no selections. "
        f"Did you mean '{field} {{ ... }}'?)",
        {"code": "selectionMismatch", "nodeName": f"field '{field}'", "typeName": type_name},
    )


def _unused_variable(match: re.Match[str], chain: list[Node]) -> tuple[str, dict[str, Any]]:
    name = match.group(1)
    return f"Variable ${name} is declared by {_operation_label(chain)} but not used", {
        "code": "variableNotUsed",
        "variableName": name,
    }


def _undefined_variable(match: re.Match[str], chain: list[Node]) -> tuple[str, dict[str, Any]]:
    name = match.group(1)
    return f"Variable ${name} is used by {_operation_label(chain)} but not declared", {
        "code": "variableNotDefined",
        "variableName": name,
    }


def _unknown_type(match: re.Match[str], chain: list[Node]) -> tuple[str, dict[str, Any]]:
    type_name = match.group(1)
    variable = _nearest(chain, VariableDefinitionNode)
    if variable is not None:
        name = variable.variable.name.value
        return f"{type_name} isn't a defined input type (on ${name})", {
            "code": "variableRequiresValidType",
            "typeName": type_name,
            "variableName": name,
        }
    return f"No such type {type_name}, so it can't be a fragment condition", {
        "code": "undefinedType",
        "typeName": type_name,
    }


def _unused_fragment(match: re.Match[str], _: list[Node]) -> tuple[str, dict[str, Any]]:
    name = match.group(1)
    return f"Fragment {name} was defined, but not used", {
        "code": "useAndDefineFragment",
        "fragmentName": name,
    }


def _bad_literal(match: re.Match[str], chain: list[Node]) -> tuple[str, dict[str, Any]]:
    argument = _nearest(chain, ArgumentNode)
    owner = _nearest(chain, FieldNode)
    if argument is None or owner is None:
        return match.group(0), {}
    value = print_ast(argument.value)
    return (
        f"Argument '{argument.name.value}' on Field '{owner.name.value}' has an invalid value ({value}). "
        f"Expected type '{match.group('type') or 'a valid value'}'.",
        {"code": "argumentLiteralsIncompatible", "typeName": "Field", "argumentName": argument.name.value},
    )


_REWRITES: list[tuple[re.Pattern[str], Rewrite]] = [
    (re.compile(r"^Cannot query field '(\w+)' on type '(\w+)'\."), _undefined_field),
    (re.compile(r"^Unknown argument '(\w+)' on field '(\w+)\.(\w+)'\."), _unknown_argument),
    (re.compile(r"^Argument '(\w+)\.(\w+)\((\w+):\)' of type '.+' is required"), _missing_argument),
    (
        re.compile(r"^Field '(\w+)' must not have a selection since type '(.+)' has no subfields\."),
        _leaf_with_selections,
    ),
    (re.compile(r"^Field '(\w+)' of type '(.+)' must have a selection of subfields\."), _missing_selections),
    (re.compile(r"^Variable '\$(\w+)' is never used"), _unused_variable),
    (re.compile(r"^Variable '\$(\w+)' is not defined"), _undefined_variable),
    (re.compile(r"^Unknown type '(\w+)'\."), _unknown_type),
    (re.compile(r"^Fragment '(\w+)' is never used\."), _unused_fragment),
    (re.compile(r"^(?P<type>Int|Float|String|Boolean|ID) cannot represent"), _bad_literal),
    (re.compile(r"^Value '\w+' does not exist in '(?P<type>\w+)' enum"), _bad_literal),
    (re.compile(r"^Expected value of type '(?P<type>[^']+)'"), _bad_literal),
    (re.compile(r"^Enum '(?P<type>\w+)' cannot represent"), _bad_literal),
]


def github_error(error: GraphQLError, document: DocumentNode) -> dict[str, Any]:
    """One graphql-core validation error as GitHub would send it."""
    ancestry = _Ancestry()
    visit(document, ancestry)
    node = error.nodes[0] if error.nodes else None
    chain = [*ancestry.parents.get(id(node), []), node] if node is not None else []
    message, extensions = error.message, dict[str, Any]()
    for pattern, rewrite in _REWRITES:
        match = pattern.match(error.message)
        if match is not None:
            message, extensions = rewrite(match, chain)
            break
    result: dict[str, Any] = {}
    if node is not None:
        result["path"] = _document_path(node, chain[:-1])
    if extensions:
        result["extensions"] = extensions
    result["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations or []]
    result["message"] = message
    return result


def syntax_error(error: GraphQLError) -> dict[str, Any]:
    """A parse failure in graphql-ruby's words: `Parse error on "}" (RCURLY) at [1, 5]`."""
    locations = [{"line": loc.line, "column": loc.column} for loc in error.locations or []]
    line, column = (locations[0]["line"], locations[0]["column"]) if locations else (1, 1)
    found = re.search(r"found (?:'([^']*)'|<EOF>|(\S+?)\.?$)", error.message)
    if found is None or (found.group(1) is None and found.group(2) is None):
        message = "Unexpected end of document"
    else:
        token = found.group(1) or found.group(2) or ""
        kind = _PUNCTUATION.get(token, "IDENTIFIER" if re.fullmatch(r"\w+", token) else "UNKNOWN_CHAR")
        message = f'Parse error on "{token}" ({kind}) at [{line}, {column}]'
    return {"message": message, "locations": locations}
