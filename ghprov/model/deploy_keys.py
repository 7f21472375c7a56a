"""Deploy keys: SSH public keys that give one repository's contents to whoever holds the private key.

Only the public key is ever configured, read or written here; private keys exist in memory and in
the cluster Secrets of ``ghprov rotate`` alone. GitHub stores a key as ``<type> <base64>`` (the
comment is dropped), so the model normalises to that form and compares keys by it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct

from pydantic import field_validator

from ghprov.model.base import Model

# Key types GitHub accepts for deploy keys (docs: "Generating a new SSH key"; DSA was removed in 2022).
SSH_KEY_TYPES: frozenset[str] = frozenset(
    {
        "ssh-ed25519",
        "ssh-rsa",
        "ecdsa-sha2-nistp256",
        "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com",
        "sk-ecdsa-sha2-nistp256@openssh.com",
    }
)


# Deploy keys ``ghprov rotate`` registers (auth: deploy_key) are titled with this prefix and the
# tenant; ``ghprov plan`` expects them and never prunes them.
ROTATION_TITLE_PREFIX = "ghprov-rotate "


def normalise_public_key(text: str) -> str:
    """``<type> <base64>`` of an OpenSSH public key line; ValueError says what is wrong with it."""
    parts = text.split()
    if len(parts) < 2:
        raise ValueError("expected an OpenSSH public key: '<type> <base64> [comment]'")
    key_type, body = parts[0], parts[1]
    if key_type not in SSH_KEY_TYPES:
        raise ValueError(
            f"{key_type!r} is not a key type GitHub accepts ({', '.join(sorted(SSH_KEY_TYPES))})"
        )
    try:
        blob = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValueError("the key's base64 part does not decode") from error
    # The blob starts with the key type again, as an SSH string: a length, then the name.
    if len(blob) < 4:
        raise ValueError("the key's base64 part is too short to be a key")
    (length,) = struct.unpack(">I", blob[:4])
    if blob[4 : 4 + length].decode("ascii", "replace") != key_type:
        raise ValueError(f"the key's data does not describe a {key_type} key")
    return f"{key_type} {body}"


def key_fingerprint(public_key: str) -> str:
    """``SHA256:<base64>``, the fingerprint ``ssh-keygen -l`` and GitHub's settings page show."""
    blob = base64.b64decode(public_key.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


class DeployKey(Model):
    """A deploy key of one repository, keyed by its title in ``Repository.deploy_keys``."""

    key: str
    # GitHub's default is read-only; write access lets the key's holder push (e.g. image automation).
    read_only: bool = True

    @field_validator("key")
    @classmethod
    def _normalise(cls, value: str) -> str:
        return normalise_public_key(value)

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.key)
