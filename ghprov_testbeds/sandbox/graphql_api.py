"""The sandbox's GraphQL endpoint: GitHub's schema, GitHub's limits and error shapes, the sandbox's state.

`execute` does what GitHub does, in its order: parse and validate against the vendored schema (which has no
subscriptions); check pagination bounds and the node limit; charge the query's cost to the caller's GraphQL
budget; then resolve against the state. Mutations are the ones ghprov sends (classic protection rules,
``graphql_protection_rules``); any other mutation field is a NOT_IMPLEMENTED error.
"""

from __future__ import annotations

import re
import time
from inspect import isawaitable
from typing import Any, cast

from graphql import (
    GraphQLAbstractType,
    GraphQLError,
    GraphQLResolveInfo,
    OperationType,
    get_operation_ast,
)
from graphql import execute as graphql_execute
from graphql.execution.values import get_variable_values

from ghprov_testbeds.contract.graphql_cost import LimitProblem, analyse
from ghprov_testbeds.contract.graphql_schema import github_schema, parse_and_validate
from ghprov_testbeds.sandbox.graphql_connections import snake_case
from ghprov_testbeds.sandbox.graphql_context import Context, NotEmulated, NotFound
from ghprov_testbeds.sandbox.graphql_nodes import resolve_node
from ghprov_testbeds.sandbox.graphql_protection_rules import ProtectionRuleMutations
from ghprov_testbeds.sandbox.graphql_resolvers import (
    AppNode,
    OrganizationNode,
    RepositoryNode,
    TeamNode,
    UserNode,
    ViewerNode,
)
from ghprov_testbeds.sandbox.limits import WINDOW_S, RateLimits
from ghprov_testbeds.sandbox.state import App, GitHubState, Identity, Organization, Repository, Team, User

DEFAULT_GRAPHQL_LIMIT = 5000
_MISSING = object()
# graphql-core words it "has invalid value: <why>" (3.3) or "got invalid value <v>; <why>" (3.2).
_VARIABLE_PROBLEM = re.compile(r"^Variable '\$(\w+)' (?:has|got) invalid value(?:: | .*?; )(.*)$")


class QueryRoot:
    """The `Query` type: the fields ghprov reads."""

    typename = "Query"

    def __init__(self, ctx: Context, rate_limit: dict[str, Any]) -> None:
        self._ctx = ctx
        self._rate_limit = rate_limit

    def organization(self, login: str) -> OrganizationNode:
        if login.lower() != self._ctx.state.organization.login.lower():
            raise NotFound(f"Could not resolve to an Organization with the login of '{login}'.")
        return OrganizationNode(self._ctx)

    def repository(self, owner: str, name: str, follow_renames: bool = True) -> RepositoryNode:
        if owner.lower() != self._ctx.state.organization.login.lower():
            raise NotFound(f"Could not resolve to a Repository with the name '{owner}/{name}'.")
        return OrganizationNode(self._ctx).repository(name)

    def user(self, login: str) -> UserNode:
        found = self._ctx.state.users.get(login)
        if found is None:
            raise NotFound(f"Could not resolve to a User with the login of '{login}'.")
        return UserNode(self._ctx, found)

    def viewer(self) -> UserNode:
        identity, state = self._ctx.identity, self._ctx.state
        if identity.is_installation:
            return ViewerNode(self._ctx, state.apps[identity.login])
        return UserNode(self._ctx, state.users[identity.login])

    def node(self, id: str) -> Any:
        classes = {
            "Repository": RepositoryNode,
            "Team": TeamNode,
            "User": UserNode,
            "Organization": OrganizationNode,
        }
        return resolve_node(self._ctx, id, classes)

    def rate_limit(self, dry_run: bool = False) -> dict[str, Any]:
        return self._rate_limit


def execute(
    state: GitHubState,
    identity: Identity,
    query: str,
    variables: dict[str, Any] | None,
    *,
    limits: RateLimits | None = None,
    operation_name: str | None = None,
) -> dict[str, Any]:
    """Run one GraphQL request as GitHub would and return its response body (`data` and/or `errors`).

    With `limits`, the query's cost is charged to `(identity.token, "graphql")` here; the caller must not
    charge the request again.
    """
    schema = github_schema()
    document, errors = parse_and_validate(query)
    if document is None or errors:
        return {"errors": errors}
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return {
            "errors": [{"message": "An operation name is required when the document has several operations"}]
        }
    coerced = get_variable_values(schema, operation.variable_definitions or (), variables or {})
    if isinstance(coerced, list):
        return {"errors": [_execution_error(error) for error in coerced]}
    # graphql-core 3.3 wraps the values (`.coerced`); 3.2 returns the dict itself.
    values: dict[str, Any] = getattr(coerced, "coerced", cast(Any, coerced))
    analysis = analyse(schema, document, values, operation_name)
    if analysis.problems:
        return {"errors": [_limit_error(problem) for problem in analysis.problems]}
    rate_limit = _charge(state, identity, limits, analysis.cost, analysis.node_count)
    if isinstance(rate_limit, str):
        return {"errors": [{"type": "RATE_LIMITED", "message": rate_limit}]}
    ctx = Context(state, identity, schema)
    result = graphql_execute(
        schema,
        document,
        root_value=(
            ProtectionRuleMutations(ctx)
            if operation.operation is OperationType.MUTATION
            else QueryRoot(ctx, rate_limit)
        ),
        context_value=ctx,
        variable_values=variables or {},
        operation_name=operation_name,
        field_resolver=_resolve_field,
        type_resolver=_resolve_type,
    )
    if isawaitable(result):
        raise TypeError("the sandbox's resolvers are synchronous; an awaitable result is a bug")
    response: dict[str, Any] = {}
    if result.errors:
        response["errors"] = [_execution_error(error) for error in result.errors]
    if result.data is not None or not result.errors:
        response["data"] = result.data
    return response


def _charge(
    state: GitHubState, identity: Identity, limits: RateLimits | None, cost: int, nodes: int
) -> dict[str, Any] | str:
    """The `rateLimit` object after charging `cost`, or GitHub's message when the budget is too small."""
    if limits is None:
        limit, used, reset = DEFAULT_GRAPHQL_LIMIT, cost, int(time.time()) + WINDOW_S
    else:
        bucket = limits.bucket(identity.token, "graphql")
        if bucket.remaining < cost:
            user = state.users.get(identity.login)
            who = f"user ID {user.id}" if user else f"installation ID {identity.login}"
            return f"API rate limit exceeded for {who}."
        limits.charge(identity.token, "graphql", cost)
        bucket = limits.bucket(identity.token, "graphql")
        limit, used, reset = bucket.limit, bucket.used, bucket.reset
    return {
        "__typename": "RateLimit",
        "cost": cost,
        "limit": limit,
        "remaining": max(0, limit - used),
        "used": used,
        "resetAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(reset)),
        "nodeCount": nodes,
    }


def _resolve_field(source: Any, info: GraphQLResolveInfo[Any], **arguments: Any) -> Any:
    """Bind a GraphQL field to its Python name: `fooBar` → attribute or method `foo_bar`."""
    name = info.field_name
    if isinstance(source, dict):
        value = source.get(name)
    else:
        attribute = getattr(source, snake_case(name), _MISSING) if not name.startswith("_") else _MISSING
        if attribute is _MISSING:
            raise NotEmulated(f"the field '{name}' on type '{info.parent_type.name}'")
        # Only the arguments the query spelt out: the Python defaults mirror the schema's, and an argument
        # the sandbox does not model must fail only when someone actually uses it.
        given = {a.name.value for node in info.field_nodes for a in node.arguments or ()}
        chosen = {snake_case(k): v for k, v in arguments.items() if k in given}
        value = attribute(**chosen) if callable(attribute) else attribute
    return _adapt(value, info.context)


def _adapt(value: Any, ctx: Context) -> Any:
    """Wrap raw state objects (returned by rule and protection resolvers) in their GraphQL classes."""
    if isinstance(value, list):
        return [_adapt(item, ctx) for item in value]
    if isinstance(value, User):
        return UserNode(ctx, value)
    if isinstance(value, Team):
        return TeamNode(ctx, value)
    if isinstance(value, App):
        return AppNode(ctx, value)
    if isinstance(value, Repository):
        return RepositoryNode(ctx, value)
    if isinstance(value, Organization):
        return OrganizationNode(ctx)
    return value


def _resolve_type(value: Any, info: GraphQLResolveInfo[Any], abstract_type: GraphQLAbstractType) -> str:
    return str(value["__typename"] if isinstance(value, dict) else value.typename)


def _limit_error(problem: LimitProblem) -> dict[str, Any]:
    error: dict[str, Any] = {"type": problem.type}
    if problem.path:
        error["path"] = problem.path
    error["locations"] = [{"line": problem.line, "column": problem.column}]
    error["message"] = problem.message
    return error


def _execution_error(error: GraphQLError) -> dict[str, Any]:
    """GitHub's execution-error shape: `type` (when known) at the top level, then path, locations, message."""
    variable = _VARIABLE_PROBLEM.match(error.message)
    if variable is not None:
        explanation, declared = variable.group(2), _declared_type(error)
        return {
            "extensions": {"value": None, "problems": [{"path": [], "explanation": explanation}]},
            "locations": [{"line": loc.line, "column": loc.column} for loc in error.locations or []],
            "message": f"Variable ${variable.group(1)} of type {declared} was provided invalid value",
        }
    result: dict[str, Any] = {}
    kind = (error.extensions or {}).get("type")
    if kind:
        result["type"] = kind
    if error.path:
        result["path"] = list(error.path)
    result["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations or []]
    result["message"] = error.message
    return result


def _declared_type(error: GraphQLError) -> str:
    node = error.nodes[0] if error.nodes else None
    type_node = getattr(node, "type", None)
    if type_node is None or type_node.loc is None:
        return "unknown"
    return str(type_node.loc.source.body[type_node.loc.start : type_node.loc.end])
