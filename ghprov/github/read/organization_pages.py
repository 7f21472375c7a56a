"""The organisation's repositories, members and teams, paged side by side in shared requests.

Reading each connection on its own costs one request per page of each (10 + 5 + 2 for 1,000
repositories, 500 members and 150 teams); reading them together costs one request per page of the
longest (10). Every request asks for the next page of each part that still has one; each part's
reader consumes its own page (with the errors about it) as soon as the response arrives, so a part
that ends early (the teams) can be used while the others are still paging.

Kinds that read something of every repository ride along on the repositories part: their fields are
selected on its nodes and each page is handed to them, with the errors under their fields
(``repository_fields``), so they cost no requests of their own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.github.graphql import GraphQLProblem, GraphQLResult
from ghprov.github.read import connections, queries
from ghprov.github.read.repository_fields import RepositoryFields, combined_selection, hand_out


@dataclass
class Stream:
    """One part (a key of ``queries.PARTS``) and the reader that consumes its pages."""

    part: str
    consume: Callable[[GraphQLResult], None]
    on_page: Callable[[Any], None] | None = None
    # Kinds whose fields ride on this part's nodes (the repositories part only).
    riders: Sequence[RepositoryFields] = ()
    completed: bool = False
    _ended: threading.Event = field(default_factory=threading.Event)

    @property
    def field(self) -> str:
        return queries.PARTS[self.part].field

    def wait(self, pager: Future[None]) -> None:
        """Block until this part's last page is consumed; the pager's error if it stopped before that."""
        self._ended.wait()
        if not self.completed:
            pager.result()

    def owns(self, problem: GraphQLProblem) -> bool:
        """Whether an error concerns this part: its connection, its root field, or the whole request
        (no path, the organisation itself, ``rateLimit``): no part is read from a response GitHub refused.
        Of the repositories part's errors, those under a riding kind's fields go to that kind
        (``repository_fields.hand_out``)."""
        path = problem.path
        if len(path) > 1 and path[0] == "organization":
            return path[1] == self.field
        roots = {part.root_field for part in queries.PARTS.values() if part.root}
        if path and path[0] in roots:
            return path[0] == queries.PARTS[self.part].root_field
        return True

    def end(self, *, completed: bool, error: BaseException | None = None) -> None:
        self.completed = self.completed or completed
        stopped = error or RuntimeError(f"the {self.part} pages stopped before their end")
        for rider in self.riders:
            rider.end(None if self.completed else stopped)
        self._ended.set()


def read_together(client: GitHubClient, org: str, streams: Sequence[Stream]) -> None:
    """Page every stream's connection to its end, one shared request per round."""
    cursors: dict[str, str | None] = {stream.part: None for stream in streams}
    active = list(streams)
    riding = combined_selection([rider for stream in streams for rider in stream.riders])
    failure: BaseException | None = None
    try:
        while active:
            parts = [stream.part for stream in active]
            variables = {"org": org, **{part: cursors[part] for part in parts}}
            result = client.graphql_result(queries.organization_query(parts, riding), variables)
            still_paging = []
            for stream in active:
                problems = tuple(problem for problem in result.problems if stream.owns(problem))
                connection = connections.dig(result.data, ("organization", stream.field))
                if stream.riders:
                    problems = hand_out(stream.riders, connection, problems)
                stream.consume(GraphQLResult(data=result.data, problems=problems))
                if stream.on_page is not None:
                    stream.on_page(connection)
                page_info = connection.get("pageInfo") if isinstance(connection, dict) else None
                if isinstance(page_info, dict) and page_info.get("hasNextPage"):
                    cursors[stream.part] = page_info.get("endCursor")
                    still_paging.append(stream)
                else:
                    stream.end(completed=True)
            active = still_paging
    except BaseException as error:
        failure = error
        raise
    finally:
        # Whoever waits for a part that will never complete must wake up and see the error.
        for stream in streams:
            stream.end(completed=False, error=failure)
