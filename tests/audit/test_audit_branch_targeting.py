"""Which rulesets the audit counts for a branch: GitHub's targeting rules, through the one shared matcher."""

from __future__ import annotations

from ghprov.audit.branches import branch_rules
from ghprov.model import Organization


def _organization(org_conditions: dict[str, object], repo_refs: list[str]) -> Organization:
    rule = [{"type": "deletion"}]
    return Organization.model_validate(
        {
            "organization": "acme",
            "repositories": {
                "d1-fleet": {
                    "default_branch": "main",
                    "rulesets": {
                        "releases": {"conditions": {"ref_name": {"include": repo_refs}}, "rules": rule}
                    },
                }
            },
            "rulesets": {"org-guard": {"conditions": org_conditions, "rules": rule}},
        }
    )


def _applied(organization: Organization, branch: str) -> list[str]:
    return [applied.source for applied in branch_rules(organization, "d1-fleet", branch).rulesets]


def test_star_stops_at_a_slash_and_double_star_segments_span_directories() -> None:
    organization = _organization({}, ["refs/heads/release/*"])
    assert _applied(organization, "release/1") == ["ruleset:releases"]
    assert _applied(organization, "release/1/hotfix") == []
    deeper = _organization({}, ["refs/heads/release/**/*"])
    assert _applied(deeper, "release/1/hotfix") == ["ruleset:releases"]


def test_repository_names_match_case_sensitively() -> None:
    ref = {"include": ["~DEFAULT_BRANCH"]}
    upper = _organization({"ref_name": ref, "repository_name": {"include": ["D1-*"]}}, [])
    lower = _organization({"ref_name": ref, "repository_name": {"include": ["d1-*"]}}, [])
    assert _applied(upper, "main") == []
    assert _applied(lower, "main") == ["org_ruleset:org-guard"]
    assert _applied(lower, "other") == []
