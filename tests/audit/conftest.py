"""Fixtures of tests/audit (defined in audit_support, which the tests also import helpers from)."""

from audit_support import compliant, weak

__all__ = ["compliant", "weak"]
