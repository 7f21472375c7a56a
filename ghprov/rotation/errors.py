"""Rotation errors a user meets, each with its own exit code for schedulers."""

from __future__ import annotations

from collections.abc import Sequence

from ghprov.errors import GhprovError
from ghprov.rotation.results import ClusterResult

EXIT_NOT_CONFIRMED = 2
EXIT_TOKEN_REJECTED = 3
EXIT_LOCKED = 4
# How GitHubApiError words a request that got no answer at all (status 0).
NO_ANSWER = "no answer from GitHub"


class TokenVerificationFailed(GhprovError):
    """The new token failed a check against GitHub (finding TOKEN-VERIFY-FAILED); nothing was written."""

    exit_code = EXIT_TOKEN_REJECTED
    finding = "TOKEN-VERIFY-FAILED"

    def __init__(self, fingerprint: str, problems: list[str], *, finding: str | None = None) -> None:
        self.fingerprint = fingerprint
        self.problems = problems
        what = f"token {fingerprint}"
        if finding is not None:
            # Deploy keys and Apps are checked before any write too, under their own finding.
            self.finding, what = finding, fingerprint
            hint = "give ghprov's GitHub credential what the messages say, then run again"
        else:
            hint = "create a token for the declared bot with access to every declared repository"
        if problems and all(problem.startswith(NO_ANSWER) for problem in problems):
            # Nothing was judged: a new credential would fail the same way.
            hint = "GitHub did not answer: check the network and --api-url (GHPROV_API_URL), then run again"
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(
            f"{self.finding}: the new {what} failed verification; nothing was written:\n{lines}",
            hint,
        )


class RotationLocked(GhprovError):
    """Another rotation of the same tenant holds the lock; ``rows`` are what this run read first."""

    exit_code = EXIT_LOCKED

    def __init__(self, message: str, hint: str = "", rows: Sequence[ClusterResult] = ()) -> None:
        super().__init__(message, hint)
        self.rows = list(rows)
