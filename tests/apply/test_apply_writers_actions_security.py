"""Actions settings and security-feature writers: exact requests (validated against GitHub's OpenAPI),
which endpoints a change touches, and their order."""

from __future__ import annotations

from apply_writes import requests_for, unsupported_reason

from ghprov.model import ResourceIds
from ghprov.model.actions_settings import OrganizationActions, RepositoryActions, SelectedActions
from ghprov.model.code_security import CodeSecurityConfiguration
from ghprov.model.security_features import RepositorySecurity
from ghprov.plan.changes import Action, Change, Kind

LIVE = RepositoryActions(
    enabled=False,
    allowed_actions="all",
    default_workflow_permissions="write",
    can_approve_pull_request_reviews=True,
)


def repository_change(desired: RepositoryActions, current: RepositoryActions | None = LIVE) -> Change:
    return Change(Kind.REPOSITORY_ACTIONS, Action.UPDATE, ("d1-fleet",), desired=desired, current=current)


def test_a_policy_change_sends_the_live_value_of_the_field_the_put_requires() -> None:
    # PUT …/actions/permissions requires `enabled`; the config only changes allowed_actions.
    assert requests_for(repository_change(RepositoryActions(allowed_actions="local_only"))) == [
        (
            "PUT",
            "/repos/acme/d1-fleet/actions/permissions",
            {"enabled": False, "allowed_actions": "local_only"},
        )
    ]
    # A repository this apply creates has GitHub's default (enabled).
    new = repository_change(RepositoryActions(allowed_actions="local_only"), current=None)
    assert requests_for(new)[0][2] == {"enabled": True, "allowed_actions": "local_only"}


def test_policy_before_selected_actions_then_workflow_fork_prs_and_access() -> None:
    desired = RepositoryActions(
        allowed_actions="selected",
        selected_actions=SelectedActions(verified_allowed=True, patterns_allowed=("fluxcd/*",)),
        default_workflow_permissions="read",
        can_approve_pull_request_reviews=False,
        fork_pr_contributor_approval="all_external_contributors",
        access_level="organization",
    )
    assert requests_for(repository_change(desired)) == [
        (
            "PUT",
            "/repos/acme/d1-fleet/actions/permissions",
            {"enabled": False, "allowed_actions": "selected"},
        ),
        (
            "PUT",
            "/repos/acme/d1-fleet/actions/permissions/selected-actions",
            {"github_owned_allowed": True, "verified_allowed": True, "patterns_allowed": ["fluxcd/*"]},
        ),
        (
            "PUT",
            "/repos/acme/d1-fleet/actions/permissions/workflow",
            {"default_workflow_permissions": "read", "can_approve_pull_request_reviews": False},
        ),
        (
            "PUT",
            "/repos/acme/d1-fleet/actions/permissions/fork-pr-contributor-approval",
            {"approval_policy": "all_external_contributors"},
        ),
        ("PUT", "/repos/acme/d1-fleet/actions/permissions/access", {"access_level": "organization"}),
    ]


def test_only_the_endpoints_of_changed_fields_are_called() -> None:
    change = repository_change(RepositoryActions(can_approve_pull_request_reviews=False))
    assert requests_for(change) == [
        (
            "PUT",
            "/repos/acme/d1-fleet/actions/permissions/workflow",
            {"can_approve_pull_request_reviews": False},
        )
    ]


def test_organisation_selected_repositories_are_sent_as_ids() -> None:
    desired = OrganizationActions(
        enabled_repositories="selected",
        selected_repositories=("d1-fleet", "d1-infra"),
        self_hosted_runners="none",
    )
    current = OrganizationActions(enabled_repositories="all", allowed_actions="local_only")
    change = Change(Kind.ORGANIZATION_ACTIONS, Action.UPDATE, ("acme",), desired=desired, current=current)
    ids = ResourceIds(resources={"repository:d1-fleet": 101, "repository:d1-infra": 102})
    assert requests_for(change, ids=ids) == [
        (
            "PUT",
            "/orgs/acme/actions/permissions",
            {"enabled_repositories": "selected", "allowed_actions": "local_only"},
        ),
        ("PUT", "/orgs/acme/actions/permissions/repositories", {"selected_repository_ids": [101, 102]}),
        ("PUT", "/orgs/acme/actions/permissions/self-hosted-runners", {"enabled_repositories": "none"}),
    ]


def test_security_patch_then_toggles_in_dependency_order() -> None:
    enable = RepositorySecurity(
        secret_scanning=True,
        secret_scanning_push_protection=True,
        dependabot_security_updates=True,
        vulnerability_alerts=True,
    )
    change = Change(Kind.REPOSITORY_SECURITY, Action.UPDATE, ("d1-fleet",), desired=enable)
    assert requests_for(change) == [
        (
            "PATCH",
            "/repos/acme/d1-fleet",
            {
                "security_and_analysis": {
                    "secret_scanning": {"status": "enabled"},
                    "secret_scanning_push_protection": {"status": "enabled"},
                }
            },
        ),
        ("PUT", "/repos/acme/d1-fleet/vulnerability-alerts", None),
        ("PUT", "/repos/acme/d1-fleet/automated-security-fixes", None),
    ]
    disable = RepositorySecurity(dependabot_security_updates=False, vulnerability_alerts=False)
    change = Change(Kind.REPOSITORY_SECURITY, Action.UPDATE, ("d1-fleet",), desired=disable)
    assert [(method, path) for method, path, _ in requests_for(change)] == [
        ("DELETE", "/repos/acme/d1-fleet/automated-security-fixes"),
        ("DELETE", "/repos/acme/d1-fleet/vulnerability-alerts"),
    ]


def test_these_settings_are_never_created_or_deleted() -> None:
    create = Change(Kind.REPOSITORY_ACTIONS, Action.CREATE, ("d1-fleet",), desired=LIVE)
    assert "only be updated" in unsupported_reason(create)
    delete = Change(Kind.REPOSITORY_SECURITY, Action.DELETE, ("d1-fleet",), current=RepositorySecurity())
    assert "only be updated" in unsupported_reason(delete)


def test_a_new_code_security_configuration_is_created_then_defaulted_then_attached() -> None:
    desired = CodeSecurityConfiguration(
        secret_scanning="enabled", default_for_new_repos="private_and_internal", repositories=("d1-infra",)
    )
    change = Change(Kind.CODE_SECURITY_CONFIGURATION, Action.CREATE, ("d1",), desired=desired)
    # The id comes from the creation's answer in a real apply (Learned.RESOURCE).
    ids = ResourceIds(resources={"code_security_configuration:d1": 55, "repository:d1-infra": 102})
    assert requests_for(change, ids=ids) == [
        ("POST", "/orgs/acme/code-security/configurations", {"name": "d1", "secret_scanning": "enabled"}),
        (
            "PUT",
            "/orgs/acme/code-security/configurations/55/defaults",
            {"default_for_new_repos": "private_and_internal"},
        ),
        (
            "POST",
            "/orgs/acme/code-security/configurations/55/attach",
            {"scope": "selected", "selected_repository_ids": [102]},
        ),
    ]
    update = Change(
        Kind.CODE_SECURITY_CONFIGURATION,
        Action.UPDATE,
        ("d1",),
        desired=CodeSecurityConfiguration(dependabot_alerts="enabled"),
    )
    ids = ResourceIds(resources={"code_security_configuration:d1": 55})
    assert requests_for(update, ids=ids) == [
        ("PATCH", "/orgs/acme/code-security/configurations/55", {"dependabot_alerts": "enabled"})
    ]
