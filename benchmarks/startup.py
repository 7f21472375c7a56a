"""Start-up figures the sandbox issue sets targets for (sandbox < 2 s), measured, not asserted in tests."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from benchmarks.synthetic import synthetic_organization
from ghprov.contract.graphql_schema import github_schema
from ghprov.contract.openapi import contract
from ghprov.sandbox import Sandbox
from ghprov.sandbox.seeds import seed_from_model
from ghprov.sandbox.state import new_state


def _seconds(action: Any) -> float:
    started = time.perf_counter()
    action()
    return round(time.perf_counter() - started, 3)


def _serve_cold() -> float:
    """A fresh interpreter running `ghprov sandbox serve` until it prints its URL."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "ghprov", "sandbox", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        while "http://127.0.0.1:" not in process.stdout.readline():
            pass
        return round(time.perf_counter() - started, 3)
    finally:
        process.terminate()
        process.wait(timeout=10)


def startup_figures() -> dict[str, float]:
    organization = synthetic_organization()
    state = new_state(organization.organization)

    def start_and_stop() -> None:
        Sandbox.start("acme").stop()

    return {
        "sandbox_serve_cold_s": _serve_cold(),
        "sandbox_start_in_process_s": _seconds(start_and_stop),
        "openapi_contract_load_s": _seconds(contract),
        "graphql_schema_build_s": _seconds(github_schema),
        "seed_1000_repositories_s": _seconds(lambda: seed_from_model(state, organization)),
    }
