"""REST ``GET /meta``: GitHub's published facts, here the SSH host keys a deploy key's known_hosts needs.

The sandbox is not github.com, so it publishes host keys of its own: one ed25519, one ECDSA P-256
and one RSA key, generated the first time they are asked for and kept in the state (a saved state
answers the same keys after a restart). They are real keys in GitHub's format, so clients that
parse them (known_hosts, fingerprints) work exactly as against GitHub.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from ghprov_testbeds.sandbox.state import GitHubState
from ghprov_testbeds.sandbox.wire import Request, Response, RouteTable

routes = RouteTable()
# The labels GitHub uses in ``ssh_key_fingerprints`` for each key type.
FINGERPRINT_NAMES = {
    "ssh-ed25519": "SHA256_ED25519",
    "ecdsa-sha2-nistp256": "SHA256_ECDSA",
    "ssh-rsa": "SHA256_RSA",
}


def _public_line(key: Any) -> str:
    return str(
        key.public_key()
        .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
        .decode()
    )


def host_keys(state: GitHubState) -> list[str]:
    """The state's SSH host keys (``<type> <base64>``), made on first use."""
    with state.lock:
        keys = state.features.organization.ssh_host_keys
        if not keys:
            keys.extend(
                _public_line(key)
                for key in (
                    ed25519.Ed25519PrivateKey.generate(),
                    ec.generate_private_key(ec.SECP256R1()),
                    rsa.generate_private_key(public_exponent=65537, key_size=3072),
                )
            )
        return list(keys)


def _fingerprint(line: str) -> str:
    blob = base64.b64decode(line.split()[1])
    return base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


@routes.get("/meta")
def get_meta(request: Request) -> Response:
    keys = host_keys(request.state)
    return Response(
        200,
        {
            "verifiable_password_authentication": False,
            "ssh_key_fingerprints": {FINGERPRINT_NAMES[k.split()[0]]: _fingerprint(k) for k in keys},
            "ssh_keys": keys,
            "hooks": [],
            "web": [],
            "api": [],
            "git": [],
            "domains": {},
        },
    )
