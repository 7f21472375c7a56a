"""The GitHub calls of a GitHub App rotation: what an App installation reaches, asked with the App's key.

The only way to learn what a given private key can do is to use it: sign the App's JWT with it
(https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app),
mint an installation token (``POST /app/installations/{id}/access_tokens``, which also answers the
installation's permissions and repository selection) and list ``GET /installation/repositories``
with it. The minted token is used for that listing and dropped; it is never returned.

GitHub has no REST API to create or delete an App's private keys: a person does that in the App's
settings, where keys are listed by the ``SHA256:`` fingerprint ghprov reports.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from ghprov.errors import GhprovError
from ghprov.github.auth import MINT_PATH, app_jwt
from ghprov.github.client import GitHubClient


@dataclass(frozen=True)
class InstallationReach:
    """What an App installation may do: its permissions and the repositories it reaches."""

    permissions: dict[str, str]
    repository_selection: str
    repositories: list[str]  # owner/name


def installation_reach(
    client: GitHubClient, app_id: int, private_key: SecretStr, installation_id: int
) -> InstallationReach:
    """Mint an installation token with ``private_key`` and list what the installation reaches.

    ``client`` carries no credential of its own; GitHub's answers (401 for a key the App does not
    have, 404 for an installation it does not have) surface as ``GitHubApiError``.
    """
    bearer = {"Authorization": f"Bearer {app_jwt(app_id, private_key)}"}
    minted = client.request("POST", MINT_PATH.format(installation_id=installation_id), headers=bearer).json
    if not isinstance(minted, dict) or not minted.get("token"):
        raise GhprovError("GitHub minted no installation token")
    token = {"Authorization": f"token {minted['token']}"}
    names: list[str] = []
    page = 1
    while True:
        body = client.request(
            "GET", "/installation/repositories", params={"per_page": 100, "page": page}, headers=token
        ).json
        batch = body.get("repositories") if isinstance(body, dict) else None
        if not isinstance(batch, list):
            break
        names += [str(repo.get("full_name") or "") for repo in batch if isinstance(repo, dict)]
        if len(batch) < 100:
            break
        page += 1
    permissions = minted.get("permissions")
    return InstallationReach(
        permissions={str(k): str(v) for k, v in (permissions or {}).items()}
        if isinstance(permissions, dict)
        else {},
        repository_selection=str(minted.get("repository_selection") or ""),
        repositories=sorted(names),
    )


def organization_installations(client: GitHubClient, org: str) -> dict[int, InstallationReach]:
    """Installation id → reach of every App installed on ``org``, as an organisation owner sees it.

    ``GET /orgs/{org}/installations`` gives each installation's permissions and repository selection;
    a ``selected`` installation's repositories come from
    ``GET /user/installations/{id}/repositories`` (user tokens: an owner sees every one of them).
    """
    found: dict[int, InstallationReach] = {}
    for item in client.paginate(f"/orgs/{org}/installations"):
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            continue
        selection = str(item.get("repository_selection") or "")
        names: list[str] = []
        if selection == "selected":
            names = [
                str(repo.get("full_name") or "")
                for repo in client.paginate(f"/user/installations/{item['id']}/repositories")
                if isinstance(repo, dict)
            ]
        permissions = item.get("permissions") if isinstance(item.get("permissions"), dict) else {}
        found[item["id"]] = InstallationReach(
            permissions={str(k): str(v) for k, v in (permissions or {}).items()},
            repository_selection=selection,
            repositories=sorted(names),
        )
    return found
