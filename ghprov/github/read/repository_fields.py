"""Kinds' own fields on the repository nodes of the shared organisation pages.

A kind that reads something of every repository through GraphQL (deploy keys, direct collaborators,
vulnerability alerts) selects it on the repository nodes the core read pages anyway
(``organization_pages``) instead of paging every repository again: on 1,000 repositories that is 10
requests fewer per kind. A kind's ``RepositoryFields`` holds its selection and, once the repositories
part has ended, each repository as the kind sees it (``RepositoryNode``).

Errors stay the kind's, per repository: GitHub reports a failed field under its path
(``organization.repositories.nodes.<i>.<field>…``), and such an error goes to the kind that selected
``<field>``, for repository ``<i>`` only, never to the repositories part. The one exception: a field
that cannot be null (``deployKeys``, ``hasVulnerabilityAlertsEnabled``) nulls the whole repository
node when it fails, so the error cannot be pinned to a repository; it is left to the repositories
part, which refuses the page (no plan from partial data).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, OperationDefinitionNode, parse

from ghprov.github.graphql import GraphQLProblem

# The repositories part always selects these; every kind gets them with its own fields.
BASICS = ("id", "name", "viewerPermission")
# organization.repositories.nodes.<i>.<field>: where a node's field sits in a problem's path.
NODE_AT = 3
FIELD_AT = 4


@dataclass(frozen=True)
class RepositoryNode:
    """One repository as a kind sees it: its name, node id, the viewer's permission, the kind's own
    fields (by response key) and the errors GitHub reported under them (paths start at the field)."""

    name: str
    id: str
    viewer_permission: str | None
    data: Mapping[str, Any]
    problems: tuple[GraphQLProblem, ...] = ()


def response_keys(selection: str) -> frozenset[str]:
    """The top-level response keys (aliases where given) of a selection on a ``Repository`` node."""
    if not selection.strip():
        return frozenset()
    operation = parse(f"{{ {selection} }}").definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return frozenset(
        (node.alias or node.name).value
        for node in operation.selection_set.selections
        if isinstance(node, FieldNode)
    )


class RepositoryFields:
    """One kind's selection on the shared repository pages, and the repositories it collected.

    The pager thread hands it each page (``add_page``) and ends it with the repositories part; the
    kind's reader, in a thread of its own, ``wait``s for the whole list.
    """

    def __init__(self, selection: str) -> None:
        self.selection = " ".join(selection.split())
        self.keys = response_keys(selection)
        overlap = self.keys & set(BASICS)
        if overlap:
            raise ValueError(
                f"the repositories part always selects {sorted(overlap)}; do not select it again"
            )
        self._nodes: list[RepositoryNode] = []
        self._ended = threading.Event()
        self._error: BaseException | None = None

    def add_page(self, nodes: Sequence[Any], problems: Mapping[int, list[GraphQLProblem]]) -> None:
        """One page of repository nodes, with the problems under this kind's fields by node index."""
        for index, node in enumerate(nodes):
            if not isinstance(node, dict):
                continue
            self._nodes.append(
                RepositoryNode(
                    name=str(node["name"]),
                    id=str(node["id"]),
                    viewer_permission=node.get("viewerPermission"),
                    data={key: node.get(key) for key in self.keys},
                    problems=tuple(problems.get(index, ())),
                )
            )

    def end(self, error: BaseException | None = None) -> None:
        """The repositories part ended: completely, or stopped by ``error`` (the first end counts)."""
        if not self._ended.is_set():
            self._error = error
            self._ended.set()

    def wait(self) -> list[RepositoryNode]:
        """Every repository of the organisation, once the last page is in; the pager's error if it stopped."""
        self._ended.wait()
        if self._error is not None:
            raise self._error
        return list(self._nodes)


def combined_selection(riders: Sequence[RepositoryFields]) -> str:
    """The selections of every kind riding on the pages, which must not share a response key (a field
    error would belong to two kinds, and GitHub refuses one field asked twice with other arguments)."""
    seen: set[str] = set()
    for rider in riders:
        shared = seen & rider.keys
        if shared:
            raise ValueError(f"two kinds select {sorted(shared)} on the repository pages")
        seen |= rider.keys
    return " ".join(rider.selection for rider in riders if rider.selection)


def hand_out(
    riders: Sequence[RepositoryFields], connection: Any, problems: Iterable[GraphQLProblem]
) -> tuple[GraphQLProblem, ...]:
    """Give each kind its share of one page of repositories; the problems left for the repositories part.

    A problem under ``nodes.<i>.<field>`` belongs to the kind that selected ``<field>`` while node
    ``<i>`` is there; when the error nulled the node it cannot be pinned to a repository and stays.
    """
    raw = connection.get("nodes") if isinstance(connection, dict) else None
    nodes: list[Any] = list(raw or [])
    owner = {key: rider for rider in riders for key in rider.keys}
    shares: dict[int, dict[int, list[GraphQLProblem]]] = {id(rider): {} for rider in riders}
    left: list[GraphQLProblem] = []
    for problem in problems:
        path = problem.path
        index = path[NODE_AT] if len(path) > FIELD_AT else None
        key = path[FIELD_AT] if len(path) > FIELD_AT else None
        rider = owner.get(key) if isinstance(key, str) else None
        if (
            rider is not None
            and path[:NODE_AT] == ("organization", "repositories", "nodes")
            and isinstance(index, int)
            and 0 <= index < len(nodes)
            and isinstance(nodes[index], dict)
        ):
            relative = GraphQLProblem(problem.message, problem.type, path[FIELD_AT:])
            shares[id(rider)].setdefault(index, []).append(relative)
        else:
            left.append(problem)
    for rider in riders:
        rider.add_page(nodes, shares[id(rider)])
    return tuple(left)
