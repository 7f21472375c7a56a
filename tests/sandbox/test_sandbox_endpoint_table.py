"""docs/sandbox.md's endpoint table and the sandbox's router agree, and every endpoint is GitHub's."""

from __future__ import annotations

import re
from pathlib import Path

from ghprov_testbeds.contract.openapi import contract
from ghprov_testbeds.sandbox.runtime import TABLES

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sandbox.md"
ROW = re.compile(
    r"^\| `(GET|POST|PUT|PATCH|DELETE) (/[^`]*)` \| (emulated|nothing-configured answer|absent) \|"
)
SERVED = ("emulated", "nothing-configured answer")


def _table() -> dict[tuple[str, str], str]:
    rows: dict[tuple[str, str], str] = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found:
            key = (found.group(1), found.group(2))
            assert key not in rows, f"{key} is listed twice in docs/sandbox.md"
            rows[key] = found.group(3)
    return rows


def _routed() -> set[tuple[str, str]]:
    # The router's `{name+}` (a parameter spanning segments) is GitHub's plain `{name}`.
    return {(route.method, route.template.replace("+}", "}")) for table in TABLES for route in table.routes}


def test_every_served_endpoint_is_in_the_table() -> None:
    table = _table()
    missing = sorted(key for key in _routed() if table.get(key) not in SERVED)
    assert missing == [], "add a row (emulated / nothing-configured answer) to docs/sandbox.md for each"


def test_the_table_lists_nothing_the_router_does_not_serve_as_served() -> None:
    routed = _routed()
    stale = sorted(key for key, status in _table().items() if (status in SERVED) != (key in routed))
    assert stale == [], "docs/sandbox.md: these rows' status does not match the router"


def test_every_served_endpoint_is_a_documented_github_operation() -> None:
    undocumented = [
        (method, template)
        for method, template in sorted(_routed())
        if contract().find_operation(method, re.sub(r"\{[^}]+\}", "x", template)) is None
    ]
    assert undocumented == []
