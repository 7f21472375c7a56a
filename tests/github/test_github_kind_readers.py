"""Kind readers: every GraphQL document they send is valid against GitHub's schema and within its limits,
and every kind the plan knows is either read by the core reader or has a kind reader."""

from __future__ import annotations

import pytest

from ghprov.github.graphql import is_read_only_document
from ghprov.github.read import custom_properties
from ghprov.github.read.registry import KIND_READERS
from ghprov.model import Organization, Repository
from ghprov_testbeds.contract.graphql_schema import node_count, validate_query

QUERIES = {name: query for reader in KIND_READERS for name, query in reader.queries.items()}
NODE_LIMIT = 500_000


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_kind_reader_query_is_valid_read_only_and_within_limits(name: str) -> None:
    assert validate_query(QUERIES[name]) == []
    assert node_count(QUERIES[name], {"org": "acme", "id": "R_1"}) < NODE_LIMIT
    assert is_read_only_document(QUERIES[name])


# What a config declares to make a kind reader's kind part of the plan (readers not listed here
# are held to the first two rules only).
DECLARING = {
    "DeployKeyReader": {"repositories": {"d1-fleet": {"deploy_keys": {}}}},
    "CollaboratorReader": {"repositories": {"d1-fleet": {"collaborators": {}}}},
    "CustomPropertyReader": {"repositories": {"d1-fleet": {"properties": {}}}},
}


def test_a_kind_nobody_declares_is_not_read_for_a_plan_but_always_for_import() -> None:
    bare = Organization(organization="acme", repositories={"d1-fleet": Repository()})
    names = {type(reader).__name__ for reader in KIND_READERS}
    assert set(DECLARING) <= names
    for reader in KIND_READERS:
        assert reader.wanted(None)
        assert not reader.wanted(bare)
        declaring = DECLARING.get(type(reader).__name__)
        if declaring is not None:
            assert reader.wanted(Organization.model_validate({"organization": "acme", **declaring}))


def test_custom_property_definitions_alone_make_the_property_reader_read() -> None:
    declared = Organization.model_validate(
        {"organization": "acme", "custom_properties": {"team": {"value_type": "string"}}}
    )
    assert custom_properties.READER.wanted(declared)
