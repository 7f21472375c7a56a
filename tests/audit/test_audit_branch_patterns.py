"""The audit and the new protection features: pattern rules protect the branches they match; an
enterprise-owner bypass actor is an administrator bypass."""

from __future__ import annotations

import datetime

from ghprov.audit import AuditProfile, make_context, run_checks
from ghprov.audit.branches import branch_rules, classic_protection
from ghprov.audit.findings import Status
from ghprov.audit.inputs import AuditInput
from ghprov.audit.locate import LiveLocator
from ghprov.model import BranchProtection, Organization, Repository, ResourceIds

RELEASE = BranchProtection(required_approving_review_count=2)
EXACT = BranchProtection(required_approving_review_count=1)
REPOSITORY = Repository(
    branches=("main", "release/1", "release/1/hotfix", "release/2"),
    branch_protection={"release/*": RELEASE, "release/2": EXACT, "re*": BranchProtection()},
)


def test_the_rule_naming_a_branch_wins_then_a_matching_pattern() -> None:
    assert classic_protection(REPOSITORY, "release/2") == EXACT
    assert classic_protection(REPOSITORY, "release/1") == RELEASE  # "re*" stops at the "/"
    # GitHub's fnmatch: * does not cross "/", so neither pattern reaches a nested branch, nor main.
    assert classic_protection(REPOSITORY, "release/1/hotfix") is None
    assert classic_protection(REPOSITORY, "main") is None


def test_branch_rules_see_the_pattern() -> None:
    organization = Organization(organization="acme", repositories={"fleet": REPOSITORY})
    rules = branch_rules(organization, "fleet", "release/1")
    assert rules.protected and rules.classic == RELEASE


def test_enterprise_owners_bypassing_a_ruleset_fail_admins_included() -> None:
    organization = Organization.model_validate(
        {
            "organization": "acme",
            "members": {"owners": ["alice"], "members": []},
            "repositories": {
                "d1-fleet": {
                    "default_branch": "main",
                    "rulesets": {
                        "guard": {
                            "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"]}},
                            "rules": [{"deletion": {}}],
                            "bypass_actors": [{"enterprise_owner": True}],
                        }
                    },
                }
            },
        }
    )
    audit_input = AuditInput(
        mode="live", organization=organization, locator=LiveLocator("acme", ResourceIds())
    )
    ctx = make_context(audit_input, AuditProfile(), datetime.date(2026, 11, 26))
    (found,) = [f for f in run_checks(ctx, only={"REPO-04"}) if f.resource.branch == "main"]
    assert found.status is Status.FAILED
    assert found.message == "ruleset:guard lets enterprise_owner bypass"


def test_graphql_evidence_names_the_rule_that_protects_the_branch() -> None:
    rules = {("app", "release/*"): "BPR_1", ("app", "release/2"): "BPR_2", ("other", "main"): "BPR_3"}
    locator = LiveLocator("acme", ResourceIds(protection_rules=rules))
    field = "bypass_force_push_allowances"  # GraphQL shows it, REST does not
    assert locator.protection("app", "release/1", field).pointer == (
        "/nodes[pattern=release/*]/bypassForcePushAllowances"
    )
    assert locator.protection("app", "release/2", field).pointer.startswith("/nodes[pattern=release/2]/")
    # A branch no read rule matches (a declared one, say) is named as itself.
    assert locator.protection("app", "main", field).pointer.startswith("/nodes[pattern=main]/")
