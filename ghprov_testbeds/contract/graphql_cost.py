"""GitHub's GraphQL resource limits: pagination bounds, node count and rate-limit cost.

From GitHub's docs ("Rate limits and node limits for the GraphQL API"): every connection needs `first`
or `last` between 1 and 100; a call may request at most 500,000 nodes (first/last values multiplied down
nested connections, summed); the cost is the number of requests needed to fill each connection (the
product of the enclosing connections' sizes), summed, divided by 100 and rounded, minimum 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    is_interface_type,
    is_object_type,
    value_from_ast_untyped,
)

MAX_PAGE = 100
MAX_NODES = 500_000


@dataclass
class LimitProblem:
    """A resource-limit violation, with GitHub's error `type`."""

    type: str
    message: str
    path: list[str]
    line: int
    column: int


@dataclass
class QueryAnalysis:
    """What a query would cost and which limits it breaks."""

    requests: int = 0
    node_count: int = 0
    problems: list[LimitProblem] = field(default_factory=list)

    @property
    def cost(self) -> int:
        """Requests / 100, rounded half up, never below 1."""
        return max(1, (self.requests + 50) // 100)


def analyse(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: dict[str, Any],
    operation_name: str | None = None,
) -> QueryAnalysis:
    """Walk the chosen operation, counting connections the way GitHub's rate limiter does."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next(
        (o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)), None
    )
    result = QueryAnalysis()
    if chosen is None:
        return result
    root = schema.get_root_type(chosen.operation)
    if root is None:
        return result
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    walker = _Walker(schema, fragments, variables, result)
    walker.selections(chosen.selection_set, root, 1, [], frozenset())
    if result.node_count > MAX_NODES:
        result.problems.append(
            LimitProblem(
                "MAX_NODE_LIMIT_EXCEEDED",
                f"This query requests up to {result.node_count:,} possible nodes which exceeds the maximum "
                f"limit of {MAX_NODES:,}.",
                [],
                chosen.loc.source.get_location(chosen.loc.start).line if chosen.loc else 1,
                1,
            )
        )
    return result


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: dict[str, Any],
        result: QueryAnalysis,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.result = result

    def selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        multiplier: int,
        path: list[str],
        spreading: frozenset[str],
    ) -> None:
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self.field(selection, parent, multiplier, path, spreading)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                self.selections(selection.selection_set, target or parent, multiplier, path, spreading)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in spreading:
                    continue
                target = self.schema.get_type(fragment.type_condition.name.value) or parent
                self.selections(fragment.selection_set, target, multiplier, path, spreading | {name})

    def field(
        self,
        node: FieldNode,
        parent: GraphQLNamedType,
        multiplier: int,
        path: list[str],
        spreading: frozenset[str],
    ) -> None:
        name = node.name.value
        if name.startswith("__") or not (is_object_type(parent) or is_interface_type(parent)):
            return
        definition = parent.fields.get(name)
        if definition is None:
            return
        here = [*path, node.alias.value if node.alias else name]
        returned = get_named_type(definition.type)
        inner = multiplier
        if (
            isinstance(returned, GraphQLObjectType)
            and returned.name.endswith("Connection")
            and "first" in definition.args
        ):
            size = self._page_size(node, name, here)
            self.result.requests += multiplier
            inner = multiplier * size
            self.result.node_count += inner
        self.selections(node.selection_set, returned, inner, here, spreading)

    def _page_size(self, node: FieldNode, name: str, path: list[str]) -> int:
        arguments = {
            a.name.value: value_from_ast_untyped(a.value, self.variables) for a in node.arguments or ()
        }
        line, column = _position(node)
        for key in ("first", "last"):
            value = arguments.get(key)
            if isinstance(value, int):
                if value > MAX_PAGE:
                    self.result.problems.append(
                        LimitProblem(
                            "EXCESSIVE_PAGINATION",
                            f"Requesting {value} records on the `{name}` connection exceeds the "
                            f"`{key}` limit of {MAX_PAGE} records.",
                            path,
                            line,
                            column,
                        )
                    )
                    return MAX_PAGE
                return max(value, 0)
        self.result.problems.append(
            LimitProblem(
                "MISSING_PAGINATION_BOUNDARIES",
                f"You must provide a `first` or `last` value to properly paginate the `{name}` connection.",
                path,
                line,
                column,
            )
        )
        return 1


def _position(node: FieldNode) -> tuple[int, int]:
    if node.loc is None:
        return 1, 1
    location = node.loc.source.get_location(node.loc.start)
    return location.line, location.column
