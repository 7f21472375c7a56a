"""GitHub's own API descriptions, vendored, and the checks ghprov and its sandbox run against them.

`ghprov_testbeds.contract.openapi.contract()` validates REST requests and responses;
`ghprov_testbeds.contract.graphql_schema.github_schema()` is GitHub's GraphQL schema with validation and cost.
"""
