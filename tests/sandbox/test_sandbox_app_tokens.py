"""The sandbox's GitHub App authentication (JWT → installation token) and GET /meta host keys."""

from __future__ import annotations

import base64
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.flux_app import app_jwt, installation_reach
from ghprov.github.flux_deploy_keys import ssh_host_keys
from ghprov.model.deploy_keys import key_fingerprint
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.app_tokens import add_app_key, remove_app_key, select_repositories
from ghprov_testbeds.sandbox.state import GitHubState


def pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def bare(sandbox: Sandbox) -> GitHubClient:
    return GitHubClient(None, api_url=sandbox.url, write_interval_seconds=0.0, max_attempts=1)


def test_a_jwt_signed_by_a_registered_key_mints_a_token_for_the_selection() -> None:
    with Sandbox.start(org="acme", seed="d1", validate_responses=True) as sandbox:
        key = pem()
        add_app_key(sandbox.state, "flux", key)
        select_repositories(sandbox.state, "flux", ["d1-fleet"], {"contents": "read", "metadata": "read"})
        app = sandbox.state.apps["flux"]
        reach = installation_reach(bare(sandbox), app.id, SecretStr(key), app.installation_id)
        assert reach.repositories == ["acme/d1-fleet"] and reach.repository_selection == "selected"
        assert reach.permissions == {"contents": "read", "metadata": "read"}
        # The JWT was admitted for its own request only: no JWT is left in the (saved) state.
        assert not any(t.name.startswith("app-jwt:") for t in sandbox.state.tokens.values())
        assert "." not in "".join(value for value in GitHubState.loads(sandbox.state.dumps()).tokens)
        assert sandbox.response_problems == [] and sandbox.internal_errors == []


def test_unknown_or_deleted_keys_and_long_jwts_are_refused() -> None:
    with Sandbox.start(org="acme", seed="d1") as sandbox:
        key = pem()
        public = add_app_key(sandbox.state, "flux", key)
        app = sandbox.state.apps["flux"]
        with pytest.raises(GitHubApiError) as stranger:
            installation_reach(bare(sandbox), app.id, SecretStr(pem()), app.installation_id)
        assert stranger.value.status == 401
        with pytest.raises(GitHubApiError) as other:
            installation_reach(bare(sandbox), app.id, SecretStr(key), app.installation_id + 1)
        assert other.value.status == 404
        long = jwt.encode({"iat": 0, "exp": 3600, "iss": str(app.id)}, key, algorithm="RS256")
        with pytest.raises(GitHubApiError):
            bare(sandbox).request(
                "POST",
                f"/app/installations/{app.installation_id}/access_tokens",
                headers={"Authorization": f"Bearer {long}"},
            )
        remove_app_key(sandbox.state, "flux", public)  # a person deleted it in the App's settings
        with pytest.raises(GitHubApiError) as deleted:
            installation_reach(bare(sandbox), app.id, SecretStr(key), app.installation_id)
        assert deleted.value.status == 401
        assert app_jwt(app.id, SecretStr(key)).count(".") == 2


def test_meta_publishes_real_host_keys_once_per_state() -> None:
    with Sandbox.start(org="acme", seed="d1", validate_responses=True) as sandbox:
        client = GitHubClient(sandbox.tokens["owner"], api_url=sandbox.url)
        keys = ssh_host_keys(client)
        assert [k.split()[0] for k in keys] == ["ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"]
        assert ssh_host_keys(client) == keys
        fingerprints = client.request("GET", "/meta").json["ssh_key_fingerprints"]
        assert fingerprints["SHA256_ED25519"] == key_fingerprint(keys[0]).removeprefix("SHA256:")
        assert all(base64.b64decode(k.split()[1]) for k in keys)
        assert GitHubState.loads(sandbox.state.dumps()).features.organization.ssh_host_keys == keys
        assert sandbox.response_problems == []


def test_without_an_installation_id_each_organisation_s_installation_is_found(tmp_path: Path) -> None:
    from ghprov.config import load_config
    from ghprov.services.connection import github_endpoint
    from ghprov.services.planning import read_live
    from ghprov.settings import Settings

    with Sandbox.start(org="acme", seed="d1", validate_responses=True) as sandbox:
        key = pem()
        add_app_key(sandbox.state, "flux", key)
        app = sandbox.state.apps["flux"]
        settings = Settings(api_url=sandbox.url, app_id=app.id, app_private_key=SecretStr(key))
        (tmp_path / "org.yaml").write_text("organization: acme\n")
        config = load_config(tmp_path)
        mark = len(sandbox.log)
        with github_endpoint(settings, sandbox=False, organization=config.organization) as endpoint:
            assert endpoint.installation_organization == "acme" and endpoint.installation_id is None
            live, _ = read_live(endpoint, config)
        assert live.state.organization == "acme"
        first = [(entry.method, entry.path) for entry in sandbox.log[mark : mark + 2]]
        assert first == [
            ("GET", "/orgs/acme/installation"),
            ("POST", f"/app/installations/{app.installation_id}/access_tokens"),
        ]
        assert sum(entry.path == "/orgs/acme/installation" for entry in sandbox.log[mark:]) == 1
        assert sandbox.response_problems == [] and sandbox.internal_errors == []

        elsewhere = settings.model_copy(update={"installation_organization": "not-acme"})
        with pytest.raises(GitHubApiError) as missing:
            GitHubClient.from_settings(elsewhere, read_only=True).request("GET", "/orgs/acme")
        assert missing.value.status == 404 and "not installed on not-acme" in str(missing.value)
        assert "GHPROV_INSTALLATION_ID" in (missing.value.hint or "")
