"""What a rotation puts into the Secret, per ``auth`` mode, and how to tell which credential a Secret holds.

The three shapes are the ones Flux's CLI writes:

* ``pat``: ``flux create secret git --username=git --password=TOKEN`` → ``username``, ``password``;
* ``deploy_key``: ``flux create secret git --url=ssh://git@HOST/… --private-key-file=…`` →
  ``identity`` (OpenSSH private key), ``identity.pub`` (authorized_keys line), ``known_hosts``;
* ``github_app``: ``flux create secret githubapp`` → ``githubAppID``, ``githubAppInstallationID``,
  ``githubAppPrivateKey``.

A credential is recognised by a fingerprint of something public (a token's ``sha256:`` label, the
deploy key's ``SHA256:`` fingerprint, the App key's public-key fingerprint), never by the secret.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Protocol

from cryptography.hazmat.primitives import serialization
from pydantic import SecretStr

from ghprov.k8s.secrets import SecretObject
from ghprov.model.deploy_keys import key_fingerprint
from ghprov.rotation.config import Auth, SecretConfig
from ghprov.rotation.ssh_host import SshHost
from ghprov.rotation.ssh_keys import SshKeyPair, public_key_of
from ghprov.settings import fingerprint

PAT_KEYS = ("username", "password")
DEPLOY_KEY_KEYS = ("identity", "identity.pub", "known_hosts")
APP_KEYS = ("githubAppID", "githubAppInstallationID", "githubAppPrivateKey")


class Credential(Protocol):
    """One credential for one tenant, as the Secret must hold it."""

    @property
    def auth(self) -> Auth: ...

    @property
    def fingerprint(self) -> str: ...

    def values(self, config: SecretConfig) -> dict[str, bytes]:
        """The data keys to write (everything else in the Secret is kept)."""
        ...


@dataclass(frozen=True)
class PatCredential:
    token: SecretStr = field(repr=False)
    auth: Auth = "pat"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.token)

    def values(self, config: SecretConfig) -> dict[str, bytes]:
        value = self.token.get_secret_value().encode()
        written = {"username": config.username.encode(), "password": value}
        for key in config.token_keys:
            written[key] = value
        return written


@dataclass(frozen=True)
class DeployKeyCredential:
    pair: SshKeyPair
    known_hosts: str
    # The host known_hosts names; the GitRepositories' ssh:// URLs must connect to it.
    ssh_host: SshHost
    auth: Auth = "deploy_key"

    @property
    def fingerprint(self) -> str:
        return self.pair.fingerprint

    def values(self, config: SecretConfig) -> dict[str, bytes]:
        return {
            "identity": self.pair.private_key.get_secret_value().encode(),
            "identity.pub": (self.pair.public_key + "\n").encode(),
            "known_hosts": self.known_hosts.encode(),
        }


@dataclass(frozen=True)
class AppCredential:
    app_id: int
    installation_id: int
    private_key: SecretStr = field(repr=False)
    auth: Auth = "github_app"

    @property
    def fingerprint(self) -> str:
        return app_fingerprint(self.app_id, self.installation_id, app_key_fingerprint(self.private_key))

    def values(self, config: SecretConfig) -> dict[str, bytes]:
        return {
            "githubAppID": str(self.app_id).encode(),
            "githubAppInstallationID": str(self.installation_id).encode(),
            "githubAppPrivateKey": self.private_key.get_secret_value().encode(),
        }


def app_key_fingerprint(private_key: SecretStr | str) -> str | None:
    """``SHA256:<base64>`` of the App key's public half (DER), as GitHub's App settings list keys."""
    text = private_key.get_secret_value() if isinstance(private_key, SecretStr) else private_key
    try:
        key = serialization.load_pem_private_key(text.encode(), password=None)
    except (ValueError, TypeError):
        return None
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "SHA256:" + base64.b64encode(hashlib.sha256(der).digest()).decode()


def app_fingerprint(app_id: int | str, installation_id: int | str, key: str | None) -> str:
    """The App credential's label: which App, which installation, which key."""
    return f"app {app_id}/{installation_id} {key or 'unreadable-key'}"


def _text(secret: SecretObject, key: str) -> str | None:
    value = secret.data.get(key)
    return value.decode(errors="replace").strip() if value else None


def live_fingerprint(secret: SecretObject | None, auth: Auth = "pat") -> str | None:
    """The fingerprint of the ``auth`` credential a Secret holds; None when it holds none."""
    if secret is None:
        return None
    if auth == "pat":
        token = _text(secret, "password")
        return fingerprint(token) if token else None
    if auth == "deploy_key":
        identity = secret.data.get("identity")
        public = public_key_of(identity.decode(errors="replace")) if identity else None
        return key_fingerprint(public) if public else None
    key = _text(secret, "githubAppPrivateKey")
    if not key:
        return None
    ids = (_text(secret, "githubAppID") or "?", _text(secret, "githubAppInstallationID") or "?")
    return app_fingerprint(*ids, app_key_fingerprint(key))


def holds(secret: SecretObject | None, credential: Credential, config: SecretConfig) -> bool:
    """True when the Secret already holds exactly what ``credential`` would write."""
    if secret is None or live_fingerprint(secret, credential.auth) != credential.fingerprint:
        return False
    # Same key, but e.g. GitHub's host keys changed since: known_hosts must follow.
    return all(secret.data.get(key) == value for key, value in credential.values(config).items())
