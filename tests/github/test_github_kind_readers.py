"""Kind readers: every GraphQL document they send is valid against GitHub's schema and within its limits,
and every kind the plan knows is either read by the core reader or has a kind reader."""

from __future__ import annotations

import pytest

from ghprov.contract.graphql_schema import node_count, validate_query
from ghprov.github.graphql import is_read_only_document
from ghprov.github.read.registry import KIND_READERS
from ghprov.model import Organization, Repository

QUERIES = {name: query for reader in KIND_READERS for name, query in reader.queries.items()}
NODE_LIMIT = 500_000


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_kind_reader_query_is_valid_read_only_and_within_limits(name: str) -> None:
    assert validate_query(QUERIES[name]) == []
    assert node_count(QUERIES[name], {"org": "acme", "id": "R_1"}) < NODE_LIMIT
    assert is_read_only_document(QUERIES[name])


def test_a_kind_nobody_declares_is_not_read_for_a_plan_but_always_for_import() -> None:
    bare = Organization(organization="acme", repositories={"d1-fleet": Repository()})
    declared = Organization.model_validate(
        {"organization": "acme", "repositories": {"d1-fleet": {"deploy_keys": {}}}}
    )
    for reader in KIND_READERS:
        assert reader.wanted(None)
        assert not reader.wanted(bare)
        assert reader.wanted(declared)
