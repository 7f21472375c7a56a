"""Fresh OpenSSH public keys for deploy-key tests (the private halves are thrown away)."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519


def public_key(comment: str = "") -> str:
    """A new ed25519 public key line, ``ssh-ed25519 AAAA… [comment]``."""
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    line = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    return f"{line} {comment}".strip()
