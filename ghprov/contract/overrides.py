"""Known places where GitHub's live server disagrees with its OpenAPI description, with evidence.

Each override rewrites the strict request schema of one operation to what the server accepts and may add a
check that JSON Schema in OpenAPI 3.0 cannot express well. Keep this list short and sourced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SchemaPatch = Callable[[dict[str, Any]], None]
BodyCheck = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Override:
    """One spec-vs-server disagreement: which request it touches, why, and how it is corrected."""

    method: str
    path: str
    summary: str
    evidence: tuple[str, ...]
    patch_schema: SchemaPatch
    check_body: BodyCheck


def _status_checks_schema(schema: dict[str, Any]) -> None:
    # The spec requires `contexts`; the server takes `checks` instead, so neither is required by schema and
    # `_exactly_one_status_check_list` enforces the server's rule.
    checks = schema["properties"]["required_status_checks"]
    checks["required"] = [name for name in checks.get("required", []) if name != "contexts"]


def _exactly_one_status_check_list(body: Any) -> list[str]:
    if not isinstance(body, dict):
        return []
    checks = body.get("required_status_checks")
    if not isinstance(checks, dict):
        return []
    present = [key for key in ("checks", "contexts") if key in checks]
    if len(present) == 1:
        return []
    if present:
        return [
            "body.required_status_checks: give exactly one of 'checks' or 'contexts', not both "
            "(GitHub answers 422 'More than one subschema in oneOf matched')"
        ]
    return ["body.required_status_checks: exactly one of 'checks' or 'contexts' is required"]


OVERRIDES: tuple[Override, ...] = (
    Override(
        method="put",
        path="/repos/{owner}/{repo}/branches/{branch}/protection",
        summary="required_status_checks takes one of `checks`/`contexts`; the spec requires `contexts`",
        evidence=(
            "https://github.com/google/go-github/issues/2276",
            "https://github.com/google/go-github/issues/2976",
            "https://github.com/ossf/allstar/issues/155",
        ),
        patch_schema=_status_checks_schema,
        check_body=_exactly_one_status_check_list,
    ),
)


def overrides_for(method: str, path: str) -> list[Override]:
    """The overrides that apply to one operation."""
    return [o for o in OVERRIDES if o.method == method.lower() and o.path == path]
