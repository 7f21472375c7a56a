"""Every GraphQL document the reader can send is valid against GitHub's schema and within its limits."""

from __future__ import annotations

import pytest

from ghprov.github.graphql import is_read_only_document
from ghprov.github.read.queries import all_queries
from ghprov_testbeds.contract.graphql_schema import node_count, validate_query

QUERIES = all_queries()
# GitHub refuses a query that could return more than 500,000 nodes.
NODE_LIMIT = 500_000


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_is_valid_against_githubs_schema(name: str) -> None:
    assert validate_query(QUERIES[name]) == []


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_query_stays_within_the_node_limit_and_reads_only(name: str) -> None:
    assert node_count(QUERIES[name], {"org": "acme", "id": "R_1"}) < NODE_LIMIT
    assert is_read_only_document(QUERIES[name])
