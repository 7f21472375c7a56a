"""Errors a user can cause or meet. The CLI maps each to a message and an exit code, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


class GhprovError(Exception):
    """Base of every error ghprov reports to a user. ``hint`` says what to do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in a config file, located to the character."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ConfigError(GhprovError):
    """Every problem found in a configuration, reported together."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.message))
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the configuration")


class GitHubApiError(GhprovError):
    """GitHub answered with an error (or not at all: ``status`` 0); carries what GitHub said."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        method: str = "",
        path: str = "",
        documentation_url: str = "",
        hint: str = "",
        errors: tuple[str, ...] = (),
        retry_after: float | None = None,
    ) -> None:
        where = f"{method} {path}: " if method else ""
        # Status 0 means no answer at all (connection refused, DNS, TLS): say so, not "returned 0".
        text = (
            f"no answer from GitHub for {where}{message}"
            if status == 0
            else (f"GitHub returned {status} for {where}{message}")
        )
        if errors:
            text += " (" + "; ".join(errors) + ")"
        if documentation_url:
            text += f" (see {documentation_url})"
        super().__init__(text, hint)
        self.status = status
        self.github_message = message
        self.method = method
        self.path = path
        self.documentation_url = documentation_url
        # GitHub's itemised problems (422 validation errors, GraphQL errors), one line each.
        self.errors = errors
        # Seconds GitHub asked to wait (its Retry-After header), when it said.
        self.retry_after = retry_after


class ReadOnlyViolation(GhprovError):
    """A read-only command tried to send a write; raised before the request leaves the process."""


class RateLimitExhausted(GhprovError):
    """The primary rate limit is spent and its reset is too far away to wait for."""


class UnsafePlan(GhprovError):
    """A safety rail refused the plan; ``--force`` or a specific flag may override it."""


class PlanRefused(GhprovError):
    """The plan would act on live data the token could not see; it fails closed instead."""

    def __init__(self, blind: list[tuple[str, str]]) -> None:
        self.blind = sorted(set(blind))
        lines = "\n".join(f"  {path}: {reason}" for path, reason in self.blind)
        count = len(self.blind)
        super().__init__(
            f"refusing to plan: the configuration manages {count} part{'s' if count != 1 else ''} "
            f"of the organisation that could not be read:\n{lines}",
            "use a token that can read these (an owner or admin token), or stop managing them in the config",
        )
