"""Checks the sandbox cannot fail, on hand-built inputs; and ERROR (fail closed) on unreadable rulesets."""

from __future__ import annotations

import datetime

from ghprov.audit import AuditProfile, make_context, run_checks
from ghprov.audit.findings import Status
from ghprov.audit.inputs import AuditInput
from ghprov.audit.locate import LiveLocator
from ghprov.model import Organization, ResourceIds, Unknown
from ghprov.model.organization_facts import OrganizationFacts
from ghprov.model.repository_facts import RepositoryFacts

ORG = Organization.model_validate(
    {
        "organization": "acme",
        "members": {"owners": ["alice", "bob"], "members": []},
        "repositories": {
            "d1-fleet": {
                "visibility": "private",
                "default_branch": "main",
                "branch_protection": {"main": {"required_approving_review_count": 2}},
            }
        },
    }
)


def _run(audit_input: AuditInput, *checks: str) -> list:
    ctx = make_context(audit_input, AuditProfile(), datetime.date(2026, 11, 26))
    return run_checks(ctx, only=set(checks))


def test_security_features_off_fail() -> None:
    audit_input = AuditInput(
        mode="live",
        organization=ORG,
        locator=LiveLocator("acme", ResourceIds()),
        org_facts=OrganizationFacts(
            secret_scanning_enabled_for_new_repositories=False,
            secret_scanning_push_protection_enabled_for_new_repositories=True,
            dependabot_alerts_enabled_for_new_repositories=True,
        ),
        repository_facts={
            "d1-fleet": RepositoryFacts(
                security_and_analysis={
                    "secret_scanning": "disabled",
                    "secret_scanning_push_protection": "enabled",
                }
            )
        },
    )
    found = {f.check_id: f for f in _run(audit_input, "ORG-21", "REPO-21")}
    assert found["ORG-21"].status is Status.FAILED
    assert found["REPO-21"].status is Status.FAILED
    assert found["REPO-21"].actual == {
        "secret_scanning": "disabled",
        "secret_scanning_push_protection": "enabled",
    }
    assert found["REPO-21"].evidence[0].pointer == "/security_and_analysis/secret_scanning/status"


def test_hidden_bypass_actors_fail_closed() -> None:
    audit_input = AuditInput(
        mode="live",
        organization=ORG,
        locator=LiveLocator("acme", ResourceIds()),
        unknowns=[
            Unknown("repositories/d1-fleet/rulesets/guard", "bypass actors are hidden from this token")
        ],
    )
    found = _run(audit_input, "REPO-14", "REPO-05")
    assert {(f.check_id, f.status) for f in found} == {("REPO-14", Status.ERROR), ("REPO-05", Status.ERROR)}
    assert "bypass actors are hidden" in found[-1].message
