"""The GitHub calls of a deploy-key rotation: GitHub's SSH host keys, and one repository's deploy keys.

``GET /meta`` publishes the host keys of github.com (``ssh_keys``), which become the Secret's
``known_hosts`` (https://docs.github.com/rest/meta/meta#get-apiname-meta-information). Deploy keys
are listed, added and deleted under ``/repos/{owner}/{repo}/keys``
(https://docs.github.com/rest/deploy-keys/deploy-keys); only public keys ever cross this module.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ghprov.errors import GhprovError
from ghprov.github.client import GitHubClient


@dataclass(frozen=True)
class RegisteredKey:
    """A deploy key as GitHub holds it: ``key`` is ``<type> <base64>`` (GitHub drops the comment)."""

    id: int
    title: str
    key: str
    read_only: bool
    created_at: datetime.datetime | None


def _timestamp(text: Any) -> datetime.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _key(body: Any) -> RegisteredKey:
    if not isinstance(body, dict) or not isinstance(body.get("id"), int):
        raise GhprovError("GitHub answered a deploy-key request without the key")
    return RegisteredKey(
        id=body["id"],
        title=str(body.get("title") or ""),
        key=" ".join(str(body.get("key") or "").split()[:2]),
        read_only=bool(body.get("read_only", True)),
        created_at=_timestamp(body.get("created_at")),
    )


def ssh_host_keys(client: GitHubClient) -> list[str]:
    """GitHub's published SSH host keys (``<type> <base64>``), as ``GET /meta`` lists them."""
    body = client.request("GET", "/meta").json
    keys = body.get("ssh_keys") if isinstance(body, dict) else None
    if not isinstance(keys, list) or not keys:
        raise GhprovError(
            "GitHub's /meta lists no SSH host keys",
            hint="deploy keys need GitHub's host keys for known_hosts; check GHPROV_API_URL",
        )
    return [str(key).strip() for key in keys]


def repository_keys(client: GitHubClient, owner: str, repo: str) -> list[RegisteredKey]:
    """Every deploy key of ``owner/repo`` (needs admin on the repository)."""
    return [_key(body) for body in client.paginate(f"/repos/{owner}/{repo}/keys")]


def register_key(
    client: GitHubClient, owner: str, repo: str, title: str, public_key: str, *, read_only: bool
) -> RegisteredKey:
    """Add a deploy key; GitHub refuses (422) a key already in use anywhere on GitHub."""
    body = {"title": title, "key": public_key, "read_only": read_only}
    return _key(client.request("POST", f"/repos/{owner}/{repo}/keys", body=body).json)


def delete_key(client: GitHubClient, owner: str, repo: str, key_id: int) -> None:
    """Remove a deploy key; whoever holds its private key can no longer reach the repository."""
    client.request("DELETE", f"/repos/{owner}/{repo}/keys/{key_id}")
