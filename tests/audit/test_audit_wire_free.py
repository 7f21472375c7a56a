"""GitHub's wire format stays in ``ghprov/github``: the audit calls readers and gets typed values back."""

from __future__ import annotations

import ast
from pathlib import Path

AUDIT = Path(__file__).resolve().parents[2] / "ghprov" / "audit"
# The GitHubClient methods that send a request, and the helpers that pick GitHub's JSON apart.
WIRE_CALLS = {"request", "paginate", "graphql", "graphql_result"}
WIRE_MODULES = {"ghprov.github.read.connections", "ghprov.github.read.queries", "ghprov.github.graphql"}


def _wire_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        called = node.func if isinstance(node, ast.Call) else None
        if isinstance(called, ast.Attribute) and called.attr in WIRE_CALLS:
            found.append(f"{path.name}:{node.lineno} calls .{called.attr}()")
        if isinstance(node, ast.ImportFrom) and node.module in WIRE_MODULES:
            found.append(f"{path.name}:{node.lineno} imports {node.module}")
    return found


def test_no_module_of_the_audit_sends_requests_or_parses_github_json() -> None:
    uses = [use for path in sorted(AUDIT.rglob("*.py")) for use in _wire_uses(path)]
    assert uses == []
