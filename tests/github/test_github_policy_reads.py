"""The Actions-settings and security-feature readers: what they cost (only declared repositories and
only the endpoints of declared fields), what they read, and that refusals become Unknowns."""

from __future__ import annotations

import collections
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from github import Auth

from ghprov.github.client import GitHubClient
from ghprov.github.read import actions_settings, security_features
from ghprov.github.read.registry import POLICY_READERS, scheduled_reads
from ghprov.model import Organization, Repository
from ghprov.model.actions_settings import OrganizationActions, RepositoryActions
from ghprov.model.security_features import RepositorySecurity
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.seeds import seed_from_model

pytestmark = pytest.mark.e2e

REPOSITORIES = 120  # two pages of the organisation's repository list


def organisation(**declared: Repository) -> Organization:
    repositories = {f"repo-{i:03}": Repository(visibility="private") for i in range(REPOSITORIES)}
    return Organization(organization="acme", repositories={**repositories, **declared})


@contextmanager
def client_for(model: Organization, token: str = "owner") -> Iterator[tuple[Sandbox, GitHubClient]]:
    with Sandbox.start(org="acme", logins={"owner": "alice", "member": "mia"}) as sandbox:
        seed_from_model(sandbox.state, model)
        sandbox.clear_log()
        auth = Auth.Token(sandbox.tokens[token])
        with GitHubClient(auth, api_url=sandbox.url, read_only=True, interactive=False) as client:
            yield sandbox, client


def requests(sandbox: Sandbox) -> dict[str, int]:
    return dict(collections.Counter(f"{entry.method} {entry.path}" for entry in sandbox.log))


def test_actions_are_read_for_declared_repositories_and_declared_fields_only() -> None:
    workflow = RepositoryActions(default_workflow_permissions="read")
    scope = organisation(
        **{
            "repo-001": Repository(visibility="private", actions=workflow),
            "repo-002": Repository(visibility="private", actions=RepositoryActions(access_level="none")),
        }
    )
    with client_for(scope) as (sandbox, client):
        found = actions_settings.REPOSITORY_READER.read(client, "acme", scope)
        assert requests(sandbox) == {
            "GET /repos/acme/repo-001/actions/permissions/workflow": 1,
            # access alone: the policy endpoint finds the repository, then access.
            "GET /repos/acme/repo-002/actions/permissions": 1,
            "GET /repos/acme/repo-002/actions/permissions/access": 1,
        }
    assert found.unknowns == []
    assert found.repositories["repo-001"] == {
        "actions": {"default_workflow_permissions": "read", "can_approve_pull_request_reviews": False}
    }
    assert found.repositories["repo-002"]["actions"]["access_level"] == "none"


def test_a_renamed_repository_is_read_under_its_live_name() -> None:
    scope = Organization(
        organization="acme",
        repositories={"fleet": Repository(previously=("d1-fleet",), actions=RepositoryActions(enabled=True))},
    )
    live = Organization(organization="acme", repositories={"d1-fleet": Repository(visibility="private")})
    with client_for(live) as (_, client):
        found = actions_settings.REPOSITORY_READER.read(client, "acme", scope)
    assert found.repositories["d1-fleet"]["actions"]["enabled"] is True


def test_security_is_read_in_bulk_pages() -> None:
    security = RepositorySecurity(secret_scanning=True, vulnerability_alerts=True)
    scope = organisation(**{"repo-007": Repository(visibility="private", security=security)})
    with client_for(scope) as (sandbox, client):
        found = security_features.READER.read(client, "acme", scope)
        # security_and_analysis with the repository list, alerts through GraphQL: 100 repositories a page.
        assert requests(sandbox) == {"GET /orgs/acme/repos": 2, "POST /graphql": 2}
    assert found.repositories == {
        "repo-007": {
            "security": {
                "advanced_security": False,
                "secret_scanning": False,
                "secret_scanning_push_protection": False,
                "dependabot_security_updates": False,
                "vulnerability_alerts": False,
            }
        }
    }


def test_a_member_token_leaves_the_settings_unknown() -> None:
    scope = organisation(
        **{
            "repo-003": Repository(
                visibility="private",
                actions=RepositoryActions(enabled=True),
                security=RepositorySecurity(secret_scanning=True),
            )
        }
    )
    scope = scope.model_copy(update={"actions": OrganizationActions(default_workflow_permissions="read")})
    with client_for(scope, token="member") as (_, client):
        repository = actions_settings.REPOSITORY_READER.read(client, "acme", scope)
        organization = actions_settings.ORGANIZATION_READER.read(client, "acme", scope)
        security = security_features.READER.read(client, "acme", scope)
    assert [u.path for u in repository.unknowns] == ["repositories/repo-003/actions"]
    assert [u.path for u in organization.unknowns] == ["actions"]
    assert "owners" in organization.unknowns[0].reason
    assert organization.organization == {}
    assert [u.path for u in security.unknowns] == ["repositories/repo-003/security"]


def test_configs_without_the_kinds_pay_nothing() -> None:
    scope = organisation()
    assert not actions_settings.REPOSITORY_READER.wanted(scope)
    assert not actions_settings.ORGANIZATION_READER.wanted(scope)
    assert not security_features.READER.wanted(scope)
    assert security_features.READER.wanted(None)


def test_the_audit_reads_policy_kinds_only_where_the_config_declares_them() -> None:
    declared = organisation(**{"repo-001": Repository(actions=RepositoryActions(enabled=True))})
    policy = set(map(id, POLICY_READERS))

    def policy_runs(scope: Organization | None, every_kind: bool) -> list[tuple[int, Organization | None]]:
        return [(id(reader), s) for reader, s in scheduled_reads(scope, every_kind) if id(reader) in policy]

    # Audit without a config: none (each would cost a request per repository; no check reads them).
    assert policy_runs(None, every_kind=True) == []
    # Audit of a declared organisation: the declared kind, under the declaration's scope.
    assert policy_runs(declared, every_kind=True) == [(id(actions_settings.REPOSITORY_READER), declared)]
    # Import: every policy kind, whole.
    assert len(policy_runs(None, every_kind=False)) == len(POLICY_READERS)
    # Access kinds stay whole for the audit.
    assert all(
        s is None for reader, s in scheduled_reads(declared, every_kind=True) if id(reader) not in policy
    )


def test_reading_everything_skips_what_github_would_not_apply() -> None:
    live = Organization(
        organization="acme",
        repositories={
            "site": Repository(visibility="public"),
            "d1-fleet": Repository(visibility="private"),
        },
    )
    with client_for(live) as (sandbox, client):
        found = actions_settings.REPOSITORY_READER.read(client, "acme", None)
        # No selected-actions list under allowed_actions: all, no access level on a public repository.
        assert requests(sandbox) == {
            "GET /orgs/acme/repos": 1,
            "GET /repos/acme/site/actions/permissions": 1,
            "GET /repos/acme/site/actions/permissions/workflow": 1,
            "GET /repos/acme/site/actions/permissions/fork-pr-contributor-approval": 1,
            "GET /repos/acme/d1-fleet/actions/permissions": 1,
            "GET /repos/acme/d1-fleet/actions/permissions/workflow": 1,
            "GET /repos/acme/d1-fleet/actions/permissions/fork-pr-contributor-approval": 1,
            "GET /repos/acme/d1-fleet/actions/permissions/access": 1,
        }
    assert found.repositories["d1-fleet"]["actions"]["access_level"] == "none"
    assert "access_level" not in found.repositories["site"]["actions"]
