"""GitHub's naming rule for Actions and Dependabot secrets and variables, shared by their endpoints.

Names are case-insensitive and stored upper-cased; only letters, digits and underscores; not starting
with a digit or with the reserved ``GITHUB_`` prefix (GitHub docs: "Naming your secrets").
"""

from __future__ import annotations

from ghprov_testbeds.sandbox.wire import validation_failed


def checked_name(name: str, resource: str) -> str:
    """``name`` upper-cased, or GitHub's 422 for ``resource`` ("Secret", "Variable")."""
    upper = name.upper()
    if not upper or upper.startswith("GITHUB_") or upper[0].isdigit():
        raise validation_failed(resource, "name")
    if not all(ch.isalnum() or ch == "_" for ch in upper):
        raise validation_failed(resource, "name")
    return upper
