"""Run a plan's changes against GitHub: in order, one write at a time, paced, with partial failure.

Each change becomes write requests through its kind's writer; facts in them (ids, slugs, shas)
are resolved just before sending, so a change can use what an earlier one created. A change that
fails does not stop the apply: later independent changes still run and the changes depending on it
are skipped, naming it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ghprov.apply.report import ApplyReport, ChangeResult, Status
from ghprov.errors import GhprovError, GitHubApiError, RateLimitExhausted, ReadOnlyViolation
from ghprov.github import ratelimit
from ghprov.github.pacing import Pacer, pacer_of
from ghprov.github.write import (
    ApiClient,
    ResolvedRequest,
    Resolver,
    Target,
    Unsupported,
    WriteRequest,
    writes_for,
)
from ghprov.model import LiveOrganization
from ghprov.plan.changes import Action, Change, Plan

# Statuses GitHub answers while a just-created resource is not visible everywhere yet
# (404 unknown, 409 empty repository, 422 validation against a stale view).
CONSISTENCY_STATUSES = frozenset({404, 409, 422})


@dataclass(frozen=True)
class ApplyOptions:
    """Pacing and retry settings; ``clock`` and ``sleep`` are injectable for tests."""

    write_interval: float = 1.0
    # Tries of a write that depends on something this apply created, on 404/409/422.
    consistency_attempts: int = 5
    consistency_backoff: float = 1.0
    # Extra tries when a secondary rate limit still reaches apply after the client's own retries.
    rate_limit_attempts: int = 2
    rate_limit_wait: float = 60.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    on_result: Callable[[ChangeResult], None] | None = None


def is_secondary_rate_limit(error: GitHubApiError) -> bool:
    """True for GitHub's secondary (abuse) rate-limit answers that outlasted the client's retries."""
    return ratelimit.classify(error.status, {}, error.github_message) is ratelimit.Throttle.SECONDARY


class _Stop(Exception):
    """Raised to end the apply early (the primary rate limit is spent)."""


class _Run:
    """The state of one apply: the resolver, the pacer, the counters and the results so far."""

    def __init__(self, plan: Plan, live: LiveOrganization, client: ApiClient, options: ApplyOptions) -> None:
        self.plan = plan
        self.client = client
        self.options = options
        self.resolver = Resolver(Target(plan.organization, live.viewer), live.ids, client)
        # One write schedule: the client's own when it paces its writes (apply may only widen the
        # gap), else one for this run.
        shared = pacer_of(client)
        if shared is not None:
            shared.at_least(options.write_interval)
        self.paced_by_client = shared is not None
        self.pacer = shared or Pacer(options.write_interval, options.clock, options.sleep)
        self.report = ApplyReport(plan.organization, lookups=self.resolver.lookups)
        # address → why it did not happen, for changes that failed or were skipped.
        self.unfinished: dict[str, str] = {}
        self.created: set[str] = set()
        self.stopped = ""

    def run(self) -> ApplyReport:
        for change in self.plan.changes:
            # The plan computed what each change needs (a saved plan carries it), never apply.
            result = self._change(change, change.depends_on)
            if result.status is not Status.DONE:
                self.unfinished.setdefault(
                    change.address, "failed" if result.status is Status.FAILED else "was skipped"
                )
            elif change.action in (Action.CREATE, Action.RENAME):
                self.created.add(change.address)
            self.report.results.append(result)
            if self.options.on_result is not None:
                self.options.on_result(result)
        return self.report

    def _change(self, change: Change, needed: tuple[str, ...]) -> ChangeResult:
        action = change.action.value
        if self.stopped:
            return ChangeResult(change.address, action, Status.SKIPPED, f"not attempted: {self.stopped}")
        blocker = next((name for name in needed if name in self.unfinished), None)
        if blocker is not None:
            reason = f"depends on {blocker}, which {self.unfinished[blocker]}"
            return ChangeResult(change.address, action, Status.SKIPPED, reason)
        writes = writes_for(change, self.resolver.target)
        if isinstance(writes, Unsupported):
            return ChangeResult(change.address, action, Status.SKIPPED, f"unsupported: {writes.reason}")
        self.report.planned_writes += len(writes)
        # Writes after a creation (here or in a prerequisite) may meet GitHub's lag; retry those.
        lagging = any(name in self.created for name in needed)
        sent: list[str] = []
        for request in writes:
            try:
                description = self._send(request, lagging)
            except ReadOnlyViolation:
                # A read-only client means the caller wired apply wrongly: nothing can be written.
                raise
            except _Stop as stop:
                self.stopped = str(stop)
                return ChangeResult(change.address, action, Status.FAILED, self.stopped, tuple(sent))
            except GhprovError as error:
                message = error.message
                if sent:
                    message += f" (after {len(sent)} of {len(writes)} writes of this change succeeded)"
                return ChangeResult(change.address, action, Status.FAILED, message, tuple(sent))
            if description:
                sent.append(description)
            lagging = lagging or request.creates
        return ChangeResult(change.address, action, Status.DONE, "", tuple(sent))

    def _send(self, request: WriteRequest, lagging: bool) -> str:
        """Send one write (resolving its facts first); returns what was sent, "" when not needed."""
        consistency_tries = 0
        rate_limit_tries = 0
        first = True
        while True:
            try:
                if self.resolver.should_skip(request):
                    self.report.elided_writes += 1
                    return ""
                resolved = self.resolver.resolve(request)
                self._count(first)
                first = False
                response = self._write(resolved)
            except RateLimitExhausted as error:
                raise _Stop(f"apply stopped: {error.message}") from error
            except GitHubApiError as error:
                if error.status in request.already_done:
                    return f"{request.method} {error.path or 'request'} (already so: {error.status})"
                if is_secondary_rate_limit(error) and rate_limit_tries < self.options.rate_limit_attempts:
                    self.pacer.hold(self._rate_limit_wait(error, rate_limit_tries))
                    rate_limit_tries += 1
                    continue
                retryable = lagging and error.status in CONSISTENCY_STATUSES
                if retryable and consistency_tries + 1 < self.options.consistency_attempts:
                    self.options.sleep(self.options.consistency_backoff * 2**consistency_tries)
                    consistency_tries += 1
                    continue
                raise
            if request.learn is not None:
                self.resolver.learn(request.learn, response)
            return resolved.describe()

    def _count(self, first: bool) -> None:
        if first:
            self.report.writes += 1
        else:
            self.report.retries += 1

    def _write(self, request: ResolvedRequest) -> Any:
        """Send one write; returns the response's JSON (a mutation's ``data``: its errors raise)."""
        if request.graphql is not None:
            # The client paces REST writes only (GraphQL goes out as a read), so apply paces mutations.
            with self.pacer.turn():
                return self.client.graphql(request.graphql.document, request.body)
        if self.paced_by_client:
            return self.client.request(request.method, request.path, body=request.body).json
        # The gap starts after the client's own retries, so its Retry-After waits never eat it.
        with self.pacer.turn():
            return self.client.request(request.method, request.path, body=request.body).json

    def _rate_limit_wait(self, error: GitHubApiError, tries: int) -> float:
        # The Retry-After GitHub sent with the last refusal; otherwise back off from GitHub's minute.
        if error.retry_after is not None and error.retry_after > 0:
            return error.retry_after
        return float(self.options.rate_limit_wait * 2**tries)


def execute(
    plan: Plan, live: LiveOrganization, client: ApiClient, options: ApplyOptions | None = None
) -> ApplyReport:
    """Apply ``plan`` to the organisation through ``client``; one result per change, in plan order."""
    return _Run(plan, live, client, options or ApplyOptions()).run()
