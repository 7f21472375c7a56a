"""Helpers for writer tests: resolve a change's requests and check each against GitHub's OpenAPI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import get_operation_ast, parse
from graphql.execution.values import get_variable_values

from ghprov.github.write import ResolvedRequest, Resolver, Target, Unsupported, writes_for
from ghprov.model import ResourceIds, TeamRef
from ghprov.plan.changes import Change
from ghprov_testbeds.contract.graphql_schema import github_schema, validate_query
from ghprov_testbeds.contract.openapi import contract

ORG = "acme"
VERSIONS = ("2022-11-28", "2026-03-10")


def live_ids() -> ResourceIds:
    return ResourceIds(
        teams={
            "platform-team": TeamRef(11, "platform-team"),
            "Apps Team": TeamRef(12, "apps-team"),
            "flux-bots": TeamRef(13, "flux-bots"),
        },
        repository_rulesets={("d1-infra", "infra-production"): 77},
        organization_rulesets={"org-main": 88},
        custom_roles={"flux-automation": 501},
        users={"acme-flux-bot": 9001},
        apps={"flux-app": 3003},
    )


def graphql_problems(document: str, variables: Mapping[str, Any]) -> list[str]:
    """What GitHub's schema says about a GraphQL document and its variables (empty: it would run)."""
    problems = validate_query(document)
    if problems:
        return problems
    operation = get_operation_ast(parse(document))
    assert operation is not None
    coerced = get_variable_values(github_schema(), operation.variable_definitions or (), dict(variables))
    return [error.message for error in coerced] if isinstance(coerced, list) else []


def check_contract(request: ResolvedRequest) -> None:
    if request.graphql is not None:
        # A mutation: the document and the variables it is sent with, against GitHub's GraphQL schema.
        assert graphql_problems(request.graphql.document, request.body) == [], request.describe()
        return
    for version in VERSIONS:
        problems = contract().validate_request(request.method, request.path, None, request.body, version)
        assert problems == [], f"{request.describe()} under {version}: {problems}"


def requests_for(
    change: Change,
    *,
    viewer: str = "",
    known: Mapping[Any, Any] | None = None,
    ids: ResourceIds | None = None,
    validate: bool = True,
) -> list[tuple[str, str, Any]]:
    """(method, path, body) of every request the change's writer produces, facts resolved."""
    target = Target(ORG, viewer)
    writes = writes_for(change, target)
    assert not isinstance(writes, Unsupported), writes
    resolver = Resolver(target, ids if ids is not None else live_ids(), known=known)
    resolved = [resolver.resolve(request) for request in writes]
    if validate:
        for request in resolved:
            check_contract(request)
    return [(request.method, request.path, request.body) for request in resolved]


def unsupported_reason(change: Change) -> str:
    writes = writes_for(change, Target(ORG))
    assert isinstance(writes, Unsupported), writes
    return writes.reason
