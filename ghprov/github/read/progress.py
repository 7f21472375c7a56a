"""Progress bars for long reads: rich on a TTY, silent otherwise."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from ghprov.github.waiting import stderr_console


class ReadProgress:
    """One bar per resource kind; ``tracker(kind)`` gives the callback a connection page feeds."""

    def __init__(self, enabled: bool | None = None) -> None:
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> ReadProgress:
        if self.enabled:
            self._progress = Progress(
                TextColumn("{task.description:<14}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=stderr_console(),
                transient=True,
            )
            self._progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def tracker(self, kind: str) -> Callable[[Any], None]:
        """A callback advancing ``kind``'s bar by one GraphQL connection page."""

        def advance(connection: Any) -> None:
            if self._progress is None or not isinstance(connection, dict):
                return
            found = connection.get("nodes") if "nodes" in connection else connection.get("edges")
            with self._lock:
                if kind not in self._tasks:
                    self._tasks[kind] = self._progress.add_task(kind, total=connection.get("totalCount"))
                self._progress.advance(self._tasks[kind], len(found or ()))

        return advance
