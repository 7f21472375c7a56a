"""``ghprov audit``: who can do what, and where the organisation departs from D1's security guidance."""

from ghprov.audit.checks import CATALOGUE, catalogue_specs, make_context, run_checks
from ghprov.audit.findings import CheckSpec, Finding, Severity, Status
from ghprov.audit.inputs import AuditInput, Skipped
from ghprov.audit.profile import AuditProfile, load_profile

__all__ = [
    "CATALOGUE",
    "AuditInput",
    "AuditProfile",
    "CheckSpec",
    "Finding",
    "Severity",
    "Skipped",
    "Status",
    "catalogue_specs",
    "load_profile",
    "make_context",
    "run_checks",
]
