"""Deploy keys in the access matrix and D1-01: a key that can push to d1-fleet is cluster-admin."""

from __future__ import annotations

import datetime

from ssh_keys import public_key

from ghprov.audit import AuditProfile, make_context, run_checks
from ghprov.audit.findings import Finding, Status
from ghprov.audit.inputs import AuditInput
from ghprov.audit.locate import LiveLocator
from ghprov.model import Organization, ResourceIds


def _organization(read_only: bool) -> Organization:
    return Organization.model_validate(
        {
            "organization": "acme",
            "members": {"owners": ["alice", "bob"], "members": []},
            "repositories": {
                "d1-fleet": {
                    "visibility": "private",
                    "deploy_keys": {"flux": {"key": public_key(), "read_only": read_only}},
                }
            },
        }
    )


def _d1_01(organization: Organization) -> Finding:
    audit_input = AuditInput(
        mode="live", organization=organization, locator=LiveLocator("acme", ResourceIds())
    )
    ctx = make_context(audit_input, AuditProfile(), datetime.date(2026, 12, 4))
    (found,) = run_checks(ctx, only={"D1-01"})
    return found


def test_a_deploy_key_that_can_push_is_in_the_matrix_and_fails_d1_01() -> None:
    organization = _organization(read_only=False)
    audit_input = AuditInput(
        mode="live", organization=organization, locator=LiveLocator("acme", ResourceIds())
    )
    ctx = make_context(audit_input, AuditProfile(), datetime.date(2026, 12, 4))
    assert ctx.matrix.role("deploy_key:d1-fleet/flux", "d1-fleet") == "write"
    found = _d1_01(organization)
    assert found.status is Status.FAILED
    assert "deploy_key:d1-fleet/flux (deploy key)" in found.message
    assert found.evidence[0].pointer == "/read_only"


def test_a_read_only_deploy_key_is_how_flux_pulls_and_passes() -> None:
    found = _d1_01(_organization(read_only=True))
    assert found.status is Status.PASSED
