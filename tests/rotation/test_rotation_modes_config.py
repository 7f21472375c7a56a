"""The rotation file's ``auth`` modes, the options each takes, and the Secret each writes (no cluster)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from ghprov.errors import ConfigError, GhprovError
from ghprov.rotation.config import SecretConfig, load_rotation_config
from ghprov.rotation.credentials import (
    AppCredential,
    DeployKeyCredential,
    PatCredential,
    holds,
    live_fingerprint,
)
from ghprov.rotation.secret_shape import desired_secret
from ghprov.rotation.ssh_host import SshHost
from ghprov.rotation.ssh_keys import generate_key_pair, known_hosts, public_key_of
from ghprov.services.rotating import RotateRequest, migration_target, rotate
from ghprov.settings import Settings

HEAD = "organization: acme\nclusters: {a: {}}\ntokens:\n  flux-a:\n"
BODY = "    repositories: {r: write}\n    secret: {name: s}\n    clusters: [a]\n"
NOW = datetime.datetime(2026, 12, 4, tzinfo=datetime.UTC)
HOST = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"
OTHER_HOST = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBD0000000000000000000000000000000000000000000"


def write(tmp_path: Path, lines: str) -> Path:
    path = tmp_path / "rotation.yaml"
    path.write_text(HEAD + lines + BODY)
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        load_rotation_config(path)
    return [str(problem) for problem in raised.value.problems]


def test_each_mode_says_what_it_needs_at_its_line(tmp_path: Path) -> None:
    pat = write(tmp_path, "")
    # No `auth:` line to point at: the tenant's own line.
    assert problems(pat) == [f"{pat}:4:3: auth: pat needs 'bot' (the PAT's account)"]
    app = write(tmp_path, "    auth: github_app\n")
    assert problems(app) == [f"{app}:5:11: auth: github_app needs 'github_app: {{app_id, installation_id}}'"]
    assert (
        load_rotation_config(write(tmp_path, "    auth: deploy_key\n")).tokens["flux-a"].auth == "deploy_key"
    )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"token": SecretStr("ghp_x")}, "--token-from is for auth: pat"),
        ({"rollback": True}, "--rollback is for auth: pat"),
        ({"if_expiring_within": 86400.0}, "--if-expiring-within is for auth: pat"),
        ({"migrate_to": "github_app"}, "--migrate-to github_app: flux-a uses auth: deploy_key"),
    ],
)
def test_options_of_another_mode_are_refused_before_anything_is_read(
    tmp_path: Path, extra: dict[str, object], message: str
) -> None:
    config = write(tmp_path, "    auth: deploy_key\n")
    request = RotateRequest(config, "a", **{"token": None, **extra})  # type: ignore[arg-type]
    records: list[dict[str, object]] = []
    with pytest.raises(GhprovError, match=message):
        rotate(request, Settings(api_url="http://127.0.0.1:9", token=None), audit=records.append)
    assert [record["outcome"] for record in records] == ["error"]


def test_migration_targets() -> None:
    assert migration_target("deploy-key") == "deploy_key" and migration_target("github_app") == "github_app"
    with pytest.raises(GhprovError):
        migration_target("pat")


GITHUB = SshHost("github.com")


def test_a_deploy_key_secret_is_what_flux_writes_and_follows_githubs_host_keys() -> None:
    config = SecretConfig(name="s")
    pair = generate_key_pair()
    key = DeployKeyCredential(pair, known_hosts([HOST], GITHUB), GITHUB)
    secret = desired_secret(None, config, key, NOW)
    assert sorted(secret.data) == ["identity", "identity.pub", "known_hosts"] and secret.type is None
    assert secret.data["known_hosts"] == f"github.com {HOST}\n".encode()
    assert public_key_of(secret.data["identity"].decode()) == pair.public_key
    assert live_fingerprint(secret, "deploy_key") == pair.fingerprint and holds(secret, key, config)
    assert live_fingerprint(secret, "pat") is None
    assert not holds(secret, DeployKeyCredential(pair, known_hosts([OTHER_HOST], GITHUB), GITHUB), config)
    token = desired_secret(secret, config, PatCredential(SecretStr("ghp_abc")), NOW)
    assert {"identity", "username", "password"} <= set(token.data)  # other keys are kept


def test_an_app_secret_is_what_flux_writes_and_never_shows_the_key() -> None:
    pem = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
        .decode()
    )
    app = AppCredential(1, 2, SecretStr(pem))
    written = desired_secret(None, SecretConfig(name="s"), app, NOW)
    assert sorted(written.data) == ["githubAppID", "githubAppInstallationID", "githubAppPrivateKey"]
    assert written.type == "Opaque" and live_fingerprint(written, "github_app") == app.fingerprint
    assert app.fingerprint.startswith("app 1/2 SHA256:") and pem not in repr(app) + repr(written)
