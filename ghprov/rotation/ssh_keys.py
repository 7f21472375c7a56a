"""A deploy key made in memory: an ed25519 key pair in the files ``ssh-keygen -t ed25519`` writes.

The private key leaves this process only inside the cluster Secrets; everything printed or recorded
is the public key's ``SHA256:`` fingerprint (the one ``ssh-keygen -l`` and GitHub's settings show).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import SecretStr

from ghprov.model.deploy_keys import key_fingerprint, normalise_public_key


@dataclass(frozen=True)
class SshKeyPair:
    """``identity`` (OpenSSH private key file) and ``identity.pub`` (``ssh-ed25519 AAAA…``)."""

    public_key: str
    private_key: SecretStr = field(repr=False)

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key)


def generate_key_pair() -> SshKeyPair:
    """A new ed25519 key pair (unencrypted: Flux reads ``identity`` without a passphrase)."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    return SshKeyPair(public_key=public.decode(), private_key=SecretStr(private.decode()))


def public_key_of(private_key: str) -> str | None:
    """The ``<type> <base64>`` public key of an OpenSSH private key; None when it cannot be read."""
    try:
        key = serialization.load_ssh_private_key(private_key.encode(), password=None)
        public = key.public_key().public_bytes(
            serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH
        )
        return normalise_public_key(public.decode())
    except (ValueError, TypeError):
        return None


def known_hosts(host_keys: list[str], host: str = "github.com") -> str:
    """``known_hosts`` lines for ``host``, one per published host key (``flux create secret git``)."""
    return "".join(f"{host} {key}\n" for key in host_keys)
