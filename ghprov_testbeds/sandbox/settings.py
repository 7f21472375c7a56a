"""The sandbox's knobs: latency, injected faults, limits, eventual consistency and fidelity checks."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ghprov.errors import GhprovError

# Set for the whole test suite (tests/conftest.py): every sandbox validates every response, strictly.
STRICT_RESPONSES_ENV = "GHPROV_SANDBOX_STRICT_RESPONSES"


@dataclass(frozen=True)
class FaultSpec:
    """Probabilities of injected faults per request, from a spec like ``5xx=0.1,reset=0.02,seed=7``."""

    server_error: float = 0.0
    reset: float = 0.0
    seed: int | None = None

    @classmethod
    def parse(cls, spec: str | None) -> FaultSpec:
        """Parse ``--faults``; raises a ``GhprovError`` naming the bad part."""
        if not spec:
            return cls()
        values: dict[str, str] = {}
        for part in spec.split(","):
            key, sep, value = part.strip().partition("=")
            if not sep or key not in ("5xx", "reset", "seed"):
                raise GhprovError(
                    f"invalid fault spec part {part.strip()!r}",
                    hint="use e.g. 5xx=0.1,reset=0.02,seed=7 (keys: 5xx, reset, seed)",
                )
            values[key] = value
        try:
            fault = cls(
                server_error=float(values.get("5xx", 0.0)),
                reset=float(values.get("reset", 0.0)),
                seed=int(values["seed"]) if "seed" in values else None,
            )
        except ValueError as exc:
            raise GhprovError(
                f"invalid fault spec {spec!r}: {exc}", hint="probabilities are numbers in 0..1"
            ) from exc
        if not (
            0 <= fault.server_error <= 1 and 0 <= fault.reset <= 1 and fault.server_error + fault.reset <= 1
        ):
            raise GhprovError(f"invalid fault spec {spec!r}: probabilities must be within 0..1")
        return fault

    @property
    def active(self) -> bool:
        return self.server_error > 0 or self.reset > 0


@dataclass
class SandboxSettings:
    """Runtime behaviour; change fields on ``sandbox.settings`` while it runs."""

    latency_ms: int = 0
    faults: FaultSpec = field(default_factory=FaultSpec)
    # A new team stays invisible to reads (404, absent from lists) for this many seconds.
    team_visibility_delay_s: float = 0.0
    # Primary rate limit per identity and hour; status at exhaustion (GitHub uses 403 or 429).
    rate_limit: int = 5000
    rate_limit_status: int = 403
    graphql_rate_limit: int = 5000
    # Secondary limits: concurrent requests per identity, and writes per window (None = off).
    max_concurrent: int = 100
    writes_per_window: int | None = None
    write_window_s: float = 60.0
    # PAT identities' expiry, reported in GitHub-Authentication-Token-Expiration.
    token_expiry_days: int = 30
    validate_requests: bool = True
    # Check every 2xx response against GitHub's response schema. GHPROV_SANDBOX_STRICT_RESPONSES=1
    # (set for the whole test suite) turns it on everywhere and makes a mismatch a 500, so no test
    # can pass on a response GitHub would never send.
    validate_responses: bool = field(default_factory=lambda: STRICT_RESPONSES_ENV in os.environ)
    strict_responses: bool = field(default_factory=lambda: STRICT_RESPONSES_ENV in os.environ)
    # Invitations are accepted as soon as they are sent (convenient for demos).
    auto_accept_invitations: bool = False
