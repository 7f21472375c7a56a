"""Organisation rulesets that select repositories by custom property protect exactly those repositories."""

from __future__ import annotations

from ghprov.audit.branches import branch_rules
from ghprov.model import Organization

RULESET = {
    "target": "branch",
    "enforcement": "active",
    "conditions": {
        "ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []},
        "repository_property": {
            "include": [{"name": "tier", "property_values": ["platform"]}],
            "exclude": [],
        },
    },
    "rules": [{"pull_request": {"required_approving_review_count": 2}}],
}


def _organization() -> Organization:
    return Organization.model_validate(
        {
            "organization": "acme",
            "custom_properties": {
                "tier": {"value_type": "single_select", "allowed_values": ["platform", "apps"]}
            },
            "repositories": {
                "d1-fleet": {"default_branch": "main", "properties": {"tier": "platform"}},
                "d1-apps": {"default_branch": "main", "properties": {"tier": "apps"}},
                "unlabelled": {"default_branch": "main"},
            },
            "rulesets": {"platform-review": RULESET},
        }
    )


def test_a_property_ruleset_covers_the_repositories_holding_the_property_value() -> None:
    organization = _organization()
    covered = {
        repo: bool(branch_rules(organization, repo, "main").rulesets) for repo in organization.repositories
    }
    assert covered == {"d1-fleet": True, "d1-apps": False, "unlabelled": False}
