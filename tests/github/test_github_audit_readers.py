"""The readers behind the audit (``ghprov.github.read``): exact requests against the sandbox (every response
checked against GitHub's schema) and typed values out — no GitHub JSON leaves ``github/``."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from github import Auth

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read import actions, collaborators, repository_collaborators
from ghprov.github.read.audit_log import read_audit_log, read_last_activity
from ghprov.github.read.codeowners import read_codeowners
from ghprov.github.read.logins import read_members_without_2fa, read_outside_collaborators
from ghprov.github.read.organization_facts import read_organization_facts
from ghprov.github.read.organization_pages import Stream, read_together
from ghprov.github.read.pat_grants import read_pat_grants
from ghprov.github.read.repository_facts import read_repository_facts
from ghprov.github.read.repository_fields import RepositoryFields, RepositoryNode
from ghprov.github.read.saml import read_saml
from ghprov.github.read.security_policy import has_security_policy
from ghprov.model.actions import ActionsSecret, RunnerGroup, Webhook, WorkflowPermissions
from ghprov.model.collaborators import DirectCollaborators
from ghprov.model.saml import SamlIdentityProvider, SamlSingleSignOn
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import (
    add_audit_event,
    add_collaborator,
    add_file,
    add_hook,
    add_secret,
    audit_data,
)
from ghprov_testbeds.sandbox.pats import mint_user_token
from ghprov_testbeds.sandbox.state import Repository, node_id
from ghprov_testbeds.sandbox.state import SamlIdentityProvider as SandboxSaml

SSO_URL = "https://idp.example.com/sso"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox.start("acme", plan="enterprise", validate_responses=True) as started:
        state = started.state
        for name in ("alpha", "beta", "gamma"):
            ident = state.new_id()
            repository = Repository(id=ident, node_id=node_id("Repository", ident), name=name)
            repository.branches = {repository.default_branch: "0" * 40}
            state.add_repository(repository)
        yield started
        assert started.internal_errors == []


def _client(sandbox: Sandbox, token: str = "owner") -> GitHubClient:
    return GitHubClient(Auth.Token(sandbox.tokens[token]), api_url=sandbox.url, interactive=False)


def _requests(sandbox: Sandbox, mark: int) -> list[tuple[str, str, dict[str, str]]]:
    return [(entry.method, entry.path, entry.query) for entry in sandbox.log[mark:]]


# Collaborators ----------------------------------------------------------------------------------------
def _shared_pages(client: GitHubClient) -> list[RepositoryNode]:
    """The repositories as the collaborators kind sees them on the shared organisation pages."""
    fields = RepositoryFields(collaborators.COLLABORATORS_SELECTION)
    read_together(client, "acme", [Stream("repositories", lambda result: None, riders=(fields,))])
    return fields.wait()


def test_collaborators_refused_per_repository_with_githubs_message(sandbox: Sandbox) -> None:
    add_collaborator(sandbox.state, "beta", "octo-member", "write")  # push access to beta only
    add_collaborator(sandbox.state, "beta", "mallory", "admin")
    with _client(sandbox, "member") as client:
        read = collaborators.direct_collaborators(client, _shared_pages(client))
    message = "Must have push access to view repository collaborators."
    assert read == DirectCollaborators(
        grants={"beta": {"octo-member": "write", "mallory": "admin"}},
        refused={"alpha": message, "gamma": message},
    )
    assert read.of("alpha") == {} and read.of("beta")["mallory"] == "admin"
    # For the plan: a refused repository is a blind spot, never "no collaborators".
    assert [unknown.path for unknown in read.unknowns()] == [
        "repositories/alpha/collaborators",
        "repositories/gamma/collaborators",
    ]
    assert read.unknowns()[0].reason == f"GitHub refused the read: {message}"


def test_collaborators_ride_on_the_shared_pages_only_an_overflow_costs_a_request(
    sandbox: Sandbox,
) -> None:
    for index in range(105):
        add_collaborator(sandbox.state, "gamma", f"contractor-{index:03d}", "read")
    add_collaborator(sandbox.state, "alpha", "mallory", "maintain")
    mark = len(sandbox.log)
    with _client(sandbox) as client:
        read = collaborators.direct_collaborators(client, _shared_pages(client))
    assert read.grants["alpha"] == {"mallory": "maintain"} and read.refused == {}
    assert len(read.grants["gamma"]) == 105 and set(read.grants["gamma"].values()) == {"read"}
    # One shared page, then gamma's 5 collaborators past its first 100, from where that page ended.
    sent = sandbox.log[mark:]
    assert [entry.path for entry in sent] == ["/graphql", "/graphql"]
    assert "query Organization(" in sent[0].body["query"]
    assert "query RepositoryCollaboratorsFollowUp(" in sent[1].body["query"]
    assert sent[1].body["variables"]["cursor"] is not None


def test_collaborators_of_an_unknown_organisation_raise(sandbox: Sandbox) -> None:
    with _client(sandbox) as client, pytest.raises(GitHubApiError) as raised:
        repository_collaborators.READER.read(client, "nobody", None)
    assert raised.value.status == 404


# CODEOWNERS and SAML (GraphQL) ------------------------------------------------------------------------
def test_codeowners_first_file_in_githubs_order(sandbox: Sandbox) -> None:
    add_file(sandbox.state, "alpha", "docs/CODEOWNERS", "* @acme/a\n")
    add_file(sandbox.state, "alpha", "CODEOWNERS", "* @acme/b\n")
    add_file(sandbox.state, "beta", ".github/CODEOWNERS", "* @acme/c\n")
    mark = len(sandbox.log)
    with _client(sandbox) as client:
        found = read_codeowners(client, "acme")
    assert found == {"alpha": "CODEOWNERS", "beta": ".github/CODEOWNERS", "gamma": None}
    assert [path for _, path, _ in _requests(sandbox, mark)] == ["/graphql"]


def test_saml_as_an_owner_and_as_a_member(sandbox: Sandbox) -> None:
    sandbox.state.organization.saml_identity_provider = SandboxSaml(SSO_URL)
    with _client(sandbox) as client:
        owner_view = read_saml(client, "acme")
    with _client(sandbox, "member") as client:
        member_view = read_saml(client, "acme")
    assert owner_view is not None and owner_view.viewer_can_administer
    provider = owner_view.provider
    assert isinstance(provider, SamlIdentityProvider)
    assert (provider.sso_url, provider.issuer) == (SSO_URL, None) and provider.provider_id
    assert member_view == SamlSingleSignOn(provider=None, viewer_can_administer=False)


# Organisation facts, people, repositories (REST) ----------------------------------------------------
def test_organization_facts_are_typed_and_hidden_ones_none(sandbox: Sandbox) -> None:
    sandbox.state.organization.settings.update({"is_verified": True, "members_can_delete_issues": False})
    mark = len(sandbox.log)
    with _client(sandbox) as client:
        owner_view = read_organization_facts(client, "acme")
    with _client(sandbox, "member") as client:
        member_view = read_organization_facts(client, "acme")
    assert _requests(sandbox, mark) == [("GET", "/orgs/acme", {}), ("GET", "/orgs/acme", {})]
    assert owner_view.is_verified is True and owner_view.members_can_delete_issues is False
    assert owner_view.value("members_can_delete_issues") is False
    assert member_view.members_can_delete_issues is None
    assert "members_can_delete_issues" not in member_view.shown_values()


def test_people_lists_are_sorted_logins(sandbox: Sandbox) -> None:
    audit_data(sandbox.state).two_factor_disabled = {"octo-member", "octo-owner"}
    add_collaborator(sandbox.state, "alpha", "mallory", "read")
    mark = len(sandbox.log)
    with _client(sandbox) as client:
        assert read_members_without_2fa(client, "acme") == ["octo-member", "octo-owner"]
        assert read_outside_collaborators(client, "acme") == ["mallory"]
    assert _requests(sandbox, mark) == [
        ("GET", "/orgs/acme/members", {"per_page": "100", "filter": "2fa_disabled"}),
        ("GET", "/orgs/acme/outside_collaborators", {"per_page": "100"}),
    ]


def test_repository_facts(sandbox: Sandbox) -> None:
    beta = sandbox.state.repository("beta")
    assert beta is not None
    beta.allow_forking = False
    beta.pushed_at = "2020-01-01T00:00:00Z"
    mark = len(sandbox.log)
    with _client(sandbox) as client:
        facts = read_repository_facts(client, "acme")
    assert _requests(sandbox, mark) == [("GET", "/orgs/acme/repos", {"per_page": "100", "type": "all"})]
    assert sorted(facts) == ["alpha", "beta", "gamma"]
    assert facts["beta"].allow_forking is False and facts["beta"].pushed_at == "2020-01-01T00:00:00Z"
    assert facts["beta"].visibility == "private"


# Tokens and the audit log -------------------------------------------------------------------------------
def test_pat_grants_read_subset_repositories(sandbox: Sandbox) -> None:
    mint_user_token(
        sandbox.state,
        "octo-flux-bot",
        name="flux",
        repositories=["alpha"],
        permissions={"repository": {"contents": "read"}},
    )
    with _client(sandbox, "app") as client:
        grants = read_pat_grants(client, "acme")
    subset = [grant for grant in grants if grant.token_name == "flux"]
    assert len(subset) == 1
    assert subset[0].owner == "octo-flux-bot"
    assert subset[0].repository_selection == "subset"
    assert subset[0].repositories == ("alpha",)
    assert subset[0].permissions["repository"] == {"contents": "read"}


def test_audit_log_events_and_last_activity(sandbox: Sandbox) -> None:
    at = time.time() - 3600
    recorded = add_audit_event(sandbox.state, "repo.access", "octo-member", at=at, repo="acme/alpha")
    mark = len(sandbox.log)
    with _client(sandbox) as client:
        [event] = read_audit_log(client, "acme", "actor:octo-member")
        last = read_last_activity(client, "acme", "octo-member")
        assert read_last_activity(client, "acme", "nobody") is None
    assert event.action == "repo.access"
    assert event.at == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(at * 1000) / 1000))
    assert dict(event.record) == recorded
    assert last == event.at
    phrase = {"phrase": "actor:octo-member", "include": "all", "order": "desc"}
    assert _requests(sandbox, mark)[:2] == [
        ("GET", "/orgs/acme/audit-log", {"per_page": "100", **phrase}),
        ("GET", "/orgs/acme/audit-log", {**phrase, "per_page": "1"}),
    ]


# Actions, webhooks, secrets, SECURITY.md ----------------------------------------------------------------
def test_actions_settings_are_typed_and_secrets_never_read(sandbox: Sandbox) -> None:
    state = sandbox.state
    data = audit_data(state)
    data.workflow_permissions = {
        "default_workflow_permissions": "write",
        "can_approve_pull_request_reviews": True,
    }
    data.runner_groups = [
        {"id": 7, "name": "everyone", "visibility": "all", "allows_public_repositories": True}
    ]
    hook = add_hook(state, "https://hooks.example.com/x", secret="s3cr3t-value")
    add_hook(state, "http://hooks.example.com/repo", secret=None, insecure_ssl="1", repo="alpha")
    add_secret(state, "OLD", "2020-01-01T00:00:00Z")
    with _client(sandbox) as client:
        assert actions.read_workflow_permissions(client, "acme") == WorkflowPermissions("write", True)
        org_hooks = actions.read_webhooks(client, "acme")
        assert org_hooks == [
            Webhook(hook, "https://hooks.example.com/x", True, ("push",), "0", has_secret=True)
        ]
        [repo_hook] = actions.read_webhooks(client, "acme", "alpha")
        assert actions.read_actions_secrets(client, "acme") == [
            ActionsSecret("OLD", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", "private")
        ]
        assert actions.read_runner_groups(client, "acme") == [RunnerGroup(7, "everyone", "all", True)]
        permissions = actions.read_actions_permissions(client, "acme")
        assert actions.read_actions_secrets(client, "acme", "beta") == []
    assert (repo_hook.has_secret, repo_hook.insecure_ssl) == (False, "1")
    assert permissions.enabled_repositories is not None
    # The value of a webhook secret is never part of what is read.
    assert "s3cr3t-value" not in repr(org_hooks)


def test_security_policy_looks_where_github_does(sandbox: Sandbox) -> None:
    add_file(sandbox.state, "beta", "docs/SECURITY.md", "Mail security@example.com\n")
    mark = len(sandbox.log)
    with _client(sandbox) as client:
        assert has_security_policy(client, "acme", "beta") is True
        assert has_security_policy(client, "acme", "alpha") is False
    assert [path for _, path, _ in _requests(sandbox, mark)] == [
        "/repos/acme/beta/contents/SECURITY.md",
        "/repos/acme/beta/contents/.github/SECURITY.md",
        "/repos/acme/beta/contents/docs/SECURITY.md",
        "/repos/acme/alpha/contents/SECURITY.md",
        "/repos/acme/alpha/contents/.github/SECURITY.md",
        "/repos/acme/alpha/contents/docs/SECURITY.md",
    ]
