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
from ghprov.rotation.ssh_host import SshHost


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


def keys_for(known_hosts_text: str, host: SshHost) -> set[str]:
    """The ``<type> <base64>`` keys a ``known_hosts`` text accepts for ``host`` (plain names only, as
    Flux writes them; marker and hashed lines never match)."""
    name = host.known_hosts_name.lower()
    found = set()
    for line in known_hosts_text.splitlines():
        fields = line.split()
        if len(fields) < 3 or fields[0].startswith(("#", "@")):
            continue
        if name in {entry.lower() for entry in fields[0].split(",")}:
            found.add(f"{fields[1]} {fields[2]}")
    return found


def named_hosts(known_hosts_text: str) -> list[str]:
    """Every host name a ``known_hosts`` text has a line for (for messages)."""
    names = {
        entry
        for line in known_hosts_text.splitlines()
        if (fields := line.split()) and not fields[0].startswith(("#", "@"))
        for entry in fields[0].split(",")
    }
    return sorted(names)


def known_hosts(host_keys: list[str], host: SshHost) -> str:
    """``known_hosts`` lines for ``host``, one per published host key (``flux create secret git``)."""
    return "".join(f"{host.known_hosts_name} {key}\n" for key in host_keys)
