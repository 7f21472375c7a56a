"""Requests and responses checked against GitHub's vendored OpenAPI description."""

from __future__ import annotations

from typing import Any

import pytest

from ghprov_testbeds.contract.openapi import contract
from ghprov_testbeds.contract.overrides import OVERRIDES
from ghprov_testbeds.contract.routes import Router

PROTECTION = "/repos/acme/widgets/branches/main/protection"


def _protection(status_checks: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "required_status_checks": status_checks,
        "enforce_admins": True,
        "required_pull_request_reviews": {
            "required_approving_review_count": 1,
            "dismiss_stale_reviews": True,
        },
        "restrictions": None,
        "required_linear_history": True,
    }


def _ruleset(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "protect-default",
        "target": "branch",
        "enforcement": "active",
        "bypass_actors": [{"actor_id": 5, "actor_type": "RepositoryRole", "bypass_mode": "always"}],
        "conditions": {"ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []}},
        "rules": [
            {"type": "deletion"},
            {
                "type": "pull_request",
                "parameters": {
                    "required_approving_review_count": 1,
                    "dismiss_stale_reviews_on_push": True,
                    "require_code_owner_review": False,
                    "require_last_push_approval": False,
                    "required_review_thread_resolution": False,
                },
            },
        ],
    }
    body.update(changes)
    return body


def test_loading_records_the_package_version() -> None:
    contract.cache_clear()
    loaded = contract()
    assert loaded.version == "23.0.2"
    assert len(loaded.operations()) >= 70


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/orgs/acme", {"description": "D1 fleet", "default_repository_permission": "read"}),
        ("POST", "/orgs/acme/teams", {"name": "platform", "privacy": "closed", "parent_team_id": 3}),
        ("PUT", "/orgs/acme/memberships/alice", {"role": "admin"}),
        ("PUT", "/orgs/acme/teams/platform/repos/acme/fleet", {"permission": "maintain"}),
        ("POST", "/orgs/acme/repos", {"name": "fleet", "visibility": "private", "auto_init": True}),
        ("PUT", "/repos/acme/fleet/topics", {"names": ["flux", "gitops"]}),
        ("POST", "/repos/acme/fleet/git/refs", {"ref": "refs/heads/production", "sha": "a" * 40}),
        ("PUT", PROTECTION, _protection({"strict": True, "checks": [{"context": "ci/build"}]})),
        ("PUT", PROTECTION, _protection({"strict": True, "contexts": ["ci/build"]})),
        ("PUT", PROTECTION, _protection(None)),
        ("POST", "/repos/acme/fleet/rulesets", _ruleset()),
        ("PUT", "/repos/acme/fleet/rulesets/42", _ruleset()),
        (
            "POST",
            "/orgs/acme/rulesets",
            _ruleset(
                conditions={
                    "ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []},
                    "repository_name": {"include": ["~ALL"], "exclude": []},
                }
            ),
        ),
        (
            "POST",
            "/orgs/acme/custom-repository-roles",
            {"name": "deployer", "base_role": "write", "permissions": ["manage_webhooks"]},
        ),
        ("GET", "/orgs/acme/teams", None),
        ("DELETE", "/orgs/acme/teams/platform", None),
    ],
)
@pytest.mark.parametrize("version", ["2022-11-28", "2026-03-10"])
def test_good_requests_have_no_problems(method: str, path: str, body: Any, version: str) -> None:
    assert contract().validate_request(method, path, None, body, version=version) == []


@pytest.mark.parametrize(
    ("method", "path", "body", "expected"),
    [
        (
            "PATCH",
            "/orgs/acme",
            {"two_factor_requirement_enabled": True},
            ["body: Additional properties are not allowed ('two_factor_requirement_enabled' was unexpected)"],
        ),
        (
            "POST",
            "/orgs/acme/teams",
            {"name": "platform", "descripton": "typo"},
            ["body: Additional properties are not allowed ('descripton' was unexpected)"],
        ),
        (
            "POST",
            "/orgs/acme/teams",
            {"name": "platform", "privacy": "hidden"},
            ["body.privacy: 'hidden' is not one of ['secret', 'closed']"],
        ),
        (
            "PUT",
            "/orgs/acme/memberships/alice",
            {"role": "owner"},
            ["body.role: 'owner' is not one of ['admin', 'member']"],
        ),
        (
            "POST",
            "/orgs/acme/custom-repository-roles",
            {"name": "x", "base_role": "admin", "permissions": []},
            ["body.base_role: 'admin' is not one of ['read', 'triage', 'write', 'maintain']"],
        ),
        (
            "PUT",
            PROTECTION,
            _protection({"strict": True, "checks": [{"context": "ci"}], "contexts": ["ci"]}),
            [
                "body.required_status_checks: give exactly one of 'checks' or 'contexts', not both "
                "(GitHub answers 422 'More than one subschema in oneOf matched')"
            ],
        ),
        (
            "PUT",
            PROTECTION,
            _protection({"strict": True}),
            ["body.required_status_checks: exactly one of 'checks' or 'contexts' is required"],
        ),
        (
            "PUT",
            PROTECTION,
            {**_protection(None), "enforce_admins": "yes"},
            ["body.enforce_admins: 'yes' is not of type 'boolean'"],
        ),
        (
            "POST",
            "/repos/acme/fleet/rulesets",
            _ruleset(enforcement="on"),
            ["body.enforcement: 'on' is not one of ['disabled', 'active', 'evaluate']"],
        ),
        ("POST", "/orgs/acme/teams", None, ["a request body is required"]),
        ("GET", "/orgs/acme", {"x": 1}, ["GET /orgs/{org} takes no request body"]),
    ],
)
def test_bad_requests_are_reported(method: str, path: str, body: Any, expected: list[str]) -> None:
    assert contract().validate_request(method, path, None, body) == expected


def test_a_bad_rule_is_explained_by_its_own_type_not_by_every_branch_of_the_union() -> None:
    rules = [{"type": "pull_request", "parameters": {"required_approving_review_count": "1"}}]
    problems = contract().validate_request("POST", "/repos/acme/fleet/rulesets", None, _ruleset(rules=rules))
    assert (
        "body.rules[0].parameters.required_approving_review_count: '1' is not of type 'integer'" in problems
    )
    assert "body.rules[0].parameters: 'dismiss_stale_reviews_on_push' is a required property" in problems
    assert all("creation" not in problem for problem in problems)


def test_an_unknown_rule_type_lists_the_known_ones() -> None:
    problems = contract().validate_request(
        "POST", "/repos/acme/fleet/rulesets", None, _ruleset(rules=[{"type": "no_force_push"}])
    )
    assert len(problems) == 1
    assert problems[0].startswith("body.rules[0].type: 'no_force_push' is not one of ['branch_name_pattern',")
    assert "'non_fast_forward'" in problems[0]


def test_org_ruleset_conditions_merge_all_of_before_becoming_strict() -> None:
    conditions: dict[str, dict[str, Any]] = {
        "ref_name": {"include": ["~DEFAULT_BRANCH"], "exclude": []},
        "repository_name": {"include": ["~ALL"], "exclude": [], "protected": True},
    }
    assert (
        contract().validate_request("POST", "/orgs/acme/rulesets", None, _ruleset(conditions=conditions))
        == []
    )
    conditions["repository_name"]["typo"] = True
    assert contract().validate_request(
        "POST", "/orgs/acme/rulesets", None, _ruleset(conditions=conditions)
    ) == ["body.conditions: matches none of the allowed shapes"]


def test_team_permission_is_gone_in_the_2026_view_only() -> None:
    body = {"name": "platform", "permission": "push"}
    assert contract().validate_request("POST", "/orgs/acme/teams", None, body, version="2022-11-28") == []
    assert contract().validate_request("POST", "/orgs/acme/teams", None, body, version="2026-03-10") == [
        "body: Additional properties are not allowed ('permission' was unexpected)"
    ]


def test_an_unsupported_version_is_a_problem() -> None:
    assert contract().validate_request("GET", "/orgs/acme", None, None, version="2021-01-01") == [
        "unsupported API version '2021-01-01'; GitHub serves 2022-11-28, 2026-03-10"
    ]


def test_unknown_paths_and_methods_are_problems() -> None:
    assert contract().validate_request("GET", "/orgs/acme/nonsense", None, None) == [
        "GET /orgs/acme/nonsense: no such path in GitHub's REST API (vendored subset 23.0.2)"
    ]
    assert contract().validate_request("POST", "/orgs/acme/members", None, None) == [
        "POST /orgs/acme/members: method not allowed on /orgs/{org}/members (allowed: GET)"
    ]


def test_query_and_path_parameters_are_checked() -> None:
    problems = contract().validate_request(
        "GET", "/repos/acme/fleet/rulesets/abc", {"includes_parents": "maybe", "colour": "red"}, None
    )
    assert problems == [
        "path parameter 'ruleset_id': 'abc' is not of type 'integer'",
        "query parameter 'includes_parents': 'maybe' is not of type 'boolean'",
        "query parameter 'colour' is not accepted here",
    ]
    assert (
        contract().validate_request("GET", "/orgs/acme/teams", {"per_page": "100", "page": "2"}, None) == []
    )


def test_find_operation_tolerates_the_ghes_prefix_and_multi_segment_refs() -> None:
    operation = contract().find_operation("GET", "/api/v3/repos/acme/fleet/git/ref/heads/feature/x")
    assert operation is not None
    assert operation.operation_id == "git/get-ref"
    matched = contract().match("GET", "/repos/acme/fleet/branches/release%2F1.0/protection")
    assert matched is not None
    assert matched[1] == {"owner": "acme", "repo": "fleet", "branch": "release/1.0"}
    assert contract().find_operation("GET", "/orgs/acme/custom-repository-roles/7") is not None
    assert contract().find_operation("GET", "/orgs/acme/custom-repository-roles/7").github_cloud_only  # type: ignore[union-attr]


def test_literal_segments_beat_templates() -> None:
    router = Router(
        ["/repos/{owner}/{repo}/rulesets/{ruleset_id}", "/repos/{owner}/{repo}/rulesets/rule-suites"]
    )
    assert router.match("/repos/a/b/rulesets/rule-suites") == (
        "/repos/{owner}/{repo}/rulesets/rule-suites",
        {"owner": "a", "repo": "b"},
    )
    assert router.match("/repos/a/b/rulesets/9") == (
        "/repos/{owner}/{repo}/rulesets/{ruleset_id}",
        {"owner": "a", "repo": "b", "ruleset_id": "9"},
    )


def test_responses_are_checked_leniently() -> None:
    team = {
        "id": 1,
        "node_id": "T_1",
        "url": "https://api.github.com/teams/1",
        "html_url": "https://github.com/orgs/acme/teams/platform",
        "name": "platform",
        "slug": "platform",
        "description": None,
        "privacy": "closed",
        "notification_setting": "notifications_enabled",
        "permission": "pull",
        "members_url": "https://api.github.com/teams/1/members{/member}",
        "repositories_url": "https://api.github.com/teams/1/repos",
        "parent": None,
        "type": "organization",
        "an_undocumented_field": "is fine",
    }
    assert contract().validate_response("GET", "/orgs/acme/teams", 200, [team]) == []
    broken = {key: value for key, value in team.items() if key != "slug"}
    assert contract().validate_response("GET", "/orgs/acme/teams", 200, [broken]) == [
        "body[0]: 'slug' is a required property"
    ]
    assert contract().validate_response("DELETE", "/orgs/acme/teams/platform", 204, None) == []
    assert contract().validate_response("GET", "/orgs/acme/teams", 418, None) == [
        "status 418 is not a documented response of teams/list (200, 403)"
    ]


def test_every_override_names_its_evidence_and_an_operation_that_exists() -> None:
    for override in OVERRIDES:
        assert override.evidence and all(link.startswith("https://github.com/") for link in override.evidence)
        assert any(o.method == override.method and o.path == override.path for o in contract().operations())
