"""What the audit reads beyond the plan: SAML (GraphQL, owners only), repository files, PAT grants."""

from __future__ import annotations

import base64
from typing import Any

from sandbox_http import Client, make_repo

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.audit_data import add_file
from ghprov_testbeds.sandbox.graphql_api import execute
from ghprov_testbeds.sandbox.pats import mint_user_token
from ghprov_testbeds.sandbox.state import (
    GitHubState,
    Identity,
    Membership,
    Repository,
    SamlIdentityProvider,
    new_state,
    node_id,
)

OWNER = Identity("user", "alice", "t-owner")
MEMBER = Identity("user", "bob", "t-member")
APP = Identity("installation", "flux-app", "t-app")
SAML_QUERY = (
    '{ organization(login: "acme") { viewerCanAdminister samlIdentityProvider { id ssoUrl issuer } } }'
)
SSO_URL = "https://idp.example.com/saml/acme"


def _state(plan: str = "enterprise") -> GitHubState:
    state = new_state("acme", plan=plan)  # type: ignore[arg-type]
    for login, role in (("alice", "admin"), ("bob", "member")):
        state.add_user(login)
        state.memberships[login] = Membership(role=role)  # type: ignore[arg-type]
    state.add_app("flux-app")
    ident = state.new_id()
    state.add_repository(
        Repository(
            id=ident, node_id=node_id("Repository", ident), name="d1-fleet", branches={"main": "a" * 40}
        )
    )
    return state


def _saml(state: GitHubState, identity: Identity) -> Any:
    response = execute(state, identity, SAML_QUERY, None)
    assert "errors" not in response, response
    return response["data"]["organization"]


def test_saml_provider_is_shown_to_owners_and_apps_only() -> None:
    state = _state()
    state.organization.saml_identity_provider = SamlIdentityProvider(
        SSO_URL, issuer="https://idp.example.com"
    )
    for identity in (OWNER, APP):
        seen = _saml(state, identity)
        assert seen["viewerCanAdminister"] is True
        assert seen["samlIdentityProvider"]["ssoUrl"] == SSO_URL
        assert seen["samlIdentityProvider"]["id"].startswith("OIP_")
    # GitHub answers null, not an error, to anyone else.
    assert _saml(state, MEMBER) == {"viewerCanAdminister": False, "samlIdentityProvider": None}


def test_saml_provider_is_null_without_one_or_off_enterprise_cloud() -> None:
    state = _state()
    assert _saml(state, OWNER)["samlIdentityProvider"] is None
    team_plan = _state("team")
    team_plan.organization.saml_identity_provider = SamlIdentityProvider(SSO_URL)
    assert _saml(team_plan, OWNER)["samlIdentityProvider"] is None


def test_saml_provider_and_pat_grants_survive_save_and_load() -> None:
    state = _state()
    state.organization.saml_identity_provider = SamlIdentityProvider(SSO_URL)
    mint_user_token(
        state, "acme-flux-bot", repositories=["d1-fleet"], permissions={"repository": {"contents": "read"}}
    )
    loaded = GitHubState.loads(state.dumps())
    assert loaded.organization.saml_identity_provider == SamlIdentityProvider(SSO_URL)
    assert loaded.tokens == state.tokens
    assert loaded.to_json() == state.to_json()


def test_repository_object_reads_files_as_blobs() -> None:
    state = _state()
    add_file(state, "d1-fleet", ".github/CODEOWNERS", "* @acme/platform-team\n")
    query = """{ repository(owner: "acme", name: "d1-fleet") {
      present: object(expression: "HEAD:.github/CODEOWNERS") { __typename ... on Blob { byteSize text oid } }
      absent: object(expression: "HEAD:CODEOWNERS") { __typename }
      elsewhere: object(expression: "nope:.github/CODEOWNERS") { __typename }
    } }"""
    response = execute(state, MEMBER, query, None)
    assert "errors" not in response, response
    repository = response["data"]["repository"]
    assert repository["present"]["__typename"] == "Blob"
    assert repository["present"]["byteSize"] == len("* @acme/platform-team\n")
    assert repository["present"]["text"] == "* @acme/platform-team\n"
    assert len(repository["present"]["oid"]) == 40
    assert repository["absent"] is None and repository["elsewhere"] is None


def test_repository_object_naming_a_directory_is_not_emulated() -> None:
    state = _state()
    add_file(state, "d1-fleet", ".github/CODEOWNERS", "*\n")
    query = '{ repository(owner: "acme", name: "d1-fleet") { object(expression: "HEAD:.github") { id } } }'
    response = execute(state, OWNER, query, None)
    assert response["errors"][0]["type"] == "NOT_IMPLEMENTED"


def test_contents_serves_seeded_files_base64_and_404s_missing_ones(owner: Client, sandbox: Sandbox) -> None:
    make_repo(owner, "d1-fleet")
    add_file(sandbox.state, "d1-fleet", "docs/CODEOWNERS", "* @acme/platform-team\n")
    found = owner.get("/repos/acme/d1-fleet/contents/docs/CODEOWNERS")
    assert found.status_code == 200
    body = found.json()
    assert body["encoding"] == "base64" and body["path"] == "docs/CODEOWNERS"
    assert base64.b64decode(body["content"]).decode() == "* @acme/platform-team\n"
    missing = owner.get("/repos/acme/d1-fleet/contents/CODEOWNERS")
    assert missing.status_code == 404 and missing.json()["message"] == "Not Found"


def test_pat_grants_carry_their_repositories_and_permissions(
    app: Client, owner: Client, sandbox: Sandbox
) -> None:
    make_repo(owner, "d1-fleet")
    make_repo(owner, "d1-infra")
    permissions = {
        "repository": {"contents": "read", "metadata": "read"},
        "organization": {"members": "read"},
    }
    mint_user_token(
        sandbox.state, "acme-flux-bot", name="flux-fleet", repositories=["d1-fleet"], permissions=permissions
    )
    mint_user_token(sandbox.state, "acme-flux-bot", name="flux-none", repositories=[])
    grants = {g["token_name"]: g for g in app.get("/orgs/acme/personal-access-tokens").json()}
    fleet, nothing = grants["flux-fleet"], grants["flux-none"]
    assert fleet["repository_selection"] == "subset"
    assert fleet["permissions"] == {**permissions, "other": {}}
    assert nothing["repository_selection"] == "none"
    assert grants["owner"]["repository_selection"] == "all"
    listed = app.get(f"/orgs/acme/personal-access-tokens/{fleet['id']}/repositories").json()
    assert [repo["name"] for repo in listed] == ["d1-fleet"]
    everything = app.get(f"/orgs/acme/personal-access-tokens/{grants['owner']['id']}/repositories").json()
    assert [repo["name"] for repo in everything] == ["d1-fleet", "d1-infra"]
    assert app.get("/orgs/acme/personal-access-tokens/999/repositories").status_code == 404
    refused = owner.get(f"/orgs/acme/personal-access-tokens/{fleet['id']}/repositories")
    assert refused.status_code == 403
    assert refused.json()["message"] == "Resource not accessible by personal access token"
