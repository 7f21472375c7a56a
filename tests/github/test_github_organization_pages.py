"""Errors in a shared organisation request go to the part they concern (or to every part)."""

from __future__ import annotations

import pytest

from ghprov.github.graphql import GraphQLProblem
from ghprov.github.read.organization_pages import Stream


def stream(part: str) -> Stream:
    return Stream(part, lambda result: None)


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        (("organization", "teams", "nodes", 3, "members"), {"teams"}),
        (("organization", "membersWithRole"), {"members"}),
        (("organization", "repositories", "nodes", 0, "rulesets"), {"repositories"}),
        (("viewer", "login"), {"members"}),
        # The whole request: the organisation itself, the rate limit, no path at all.
        (("organization",), {"repositories", "members", "teams"}),
        (("rateLimit",), {"repositories", "members", "teams"}),
        ((), {"repositories", "members", "teams"}),
    ],
)
def test_a_problem_belongs_to_the_parts_it_concerns(path: tuple[str | int, ...], owners: set[str]) -> None:
    problem = GraphQLProblem("refused", "FORBIDDEN", path)
    assert {part for part in ("repositories", "members", "teams") if stream(part).owns(problem)} == owners
