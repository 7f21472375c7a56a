"""``python -m benchmarks.audit_organizations``: one organisation's audit against two in one run.

Each organisation is the embedded sandbox's D1 organisation on a sandbox of its own with 100 ms
latency per request (the embedded sandbox's starter is wrapped to add the latency, so this runs
in-process). Prints the wall time of ``audit export --org A`` and of ``--org A --org B`` (median and
fastest of three runs), and each run's requests; the machines are shared, so wall times vary.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from ghprov.cli.commands import register_all
from ghprov.cli.main import app
from ghprov.model import Organization
from ghprov_testbeds.sandbox import Sandbox, for_config
from ghprov_testbeds.sandbox.settings import SandboxSettings

LATENCY_MS = 100
RUNS = 3


@contextmanager
def latency(started: list[Sandbox]) -> Iterator[None]:
    original = for_config.start_for_organization

    def start(organization: Organization, **options: Any) -> Sandbox:
        options["settings"] = SandboxSettings(latency_ms=LATENCY_MS)
        sandbox = original(organization, **options)
        started.append(sandbox)
        return sandbox

    for_config.start_for_organization = start
    try:
        yield
    finally:
        for_config.start_for_organization = original


def case(organizations: list[str]) -> tuple[float, int]:
    """Wall seconds and requests of one export of ``organizations``."""
    register_all(app)
    started: list[Sandbox] = []
    arguments = ["audit", "export", "--sandbox", "--fail-on", "none"]
    for name in organizations:
        arguments += ["--org", name]
    with tempfile.TemporaryDirectory() as out, latency(started):
        begin = time.perf_counter()
        result = CliRunner().invoke(app, [*arguments, "--out", str(Path(out) / "evidence")])
        wall = time.perf_counter() - begin
    if result.exit_code != 0:
        raise SystemExit(f"audit export failed ({result.exit_code}): {result.output[-2000:]}")
    return wall, sum(len(sandbox.log) for sandbox in started)


def main() -> None:
    rows = []
    for organizations in (["acme-one"], ["acme-one", "acme-two"]):
        walls, requests = [], 0
        for _ in range(RUNS):
            wall, requests = case(organizations)
            walls.append(wall)
        rows.append((len(organizations), requests, statistics.median(walls), min(walls)))
    print("| organisations | requests | wall median (s) | wall fastest (s) |")
    print("|---|---|---|---|")
    for count, requests, median, fastest in rows:
        print(f"| {count} | {requests} | {median:.2f} | {fastest:.2f} |")


if __name__ == "__main__":
    main()
