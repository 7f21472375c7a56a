"""Credentials on the wire: a token, or a GitHub App installation token minted and renewed on demand.

Both are httpx2 ``Auth`` flows, so the installation token is minted through the same HTTP stack (and
the same test mocks) as every other request. ``app_jwt`` is the one place an App's JWT is signed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx2
from pydantic import SecretStr

from ghprov.errors import GhprovError, GitHubApiError
from ghprov.github.transport import ACCEPT, USER_AGENT
from ghprov.github.wire import decode
from ghprov.settings import Settings

# Installation tokens last an hour; renew this long before GitHub says one expires.
RENEW_BEFORE = timedelta(minutes=5)
MINT_PATH = "/app/installations/{installation_id}/access_tokens"
# The App's installation on an organisation, found with the App's JWT.
ORGANIZATION_INSTALLATION_PATH = "/orgs/{org}/installation"


def app_jwt(app_id: int, private_key: str | SecretStr, now: float | None = None) -> str:
    """The App's JWT (RS256, issued 60 s in the past against clock drift, valid 9 minutes)."""
    # Imported here: only App credentials need it, and it loads the cryptography backend.
    import jwt

    key = private_key.get_secret_value() if isinstance(private_key, SecretStr) else private_key
    issued = int(time.time() if now is None else now) - 60
    try:
        return jwt.encode({"iat": issued, "exp": issued + 600, "iss": str(app_id)}, key, algorithm="RS256")
    except (ValueError, TypeError, jwt.PyJWTError) as error:
        raise GhprovError(
            "the GitHub App private key cannot sign a JWT (it is not an RSA PEM key)",
            hint="use the .pem file GitHub generated for the App",
        ) from error


class StaticToken(Protocol):
    """A credential whose header never changes (PyGithub's ``Auth.Token`` is one)."""

    @property
    def token_type(self) -> str: ...

    @property
    def token(self) -> str: ...


class TokenAuth(httpx2.Auth):
    """``Authorization: token …`` on every request."""

    def __init__(self, credential: StaticToken | str) -> None:
        if isinstance(credential, str):
            self._header = f"token {credential}"
        else:
            self._header = f"{credential.token_type} {credential.token}"

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


class InstallationAuth(httpx2.Auth):
    """A GitHub App installation token: minted with the App's JWT on first use, renewed before expiry.

    The installation is the given id, or else the App's installation on ``organization``, looked up
    once (``GET /orgs/{org}/installation``) so one App's credentials serve every organisation it is
    installed on.
    """

    requires_response_body = True

    def __init__(
        self,
        app_id: int,
        private_key: str,
        installation_id: int | None,
        api_url: str,
        organization: str | None = None,
    ) -> None:
        if installation_id is None and not organization:
            raise ValueError("an installation id or an organisation to find it on")
        self._app_id = app_id
        self._private_key = SecretStr(private_key)
        self._api_url = api_url.rstrip("/")
        self._installation_id = installation_id
        self._organization = organization or ""
        self._token = ""
        self._renew_at: datetime | None = None
        # Threads reading in parallel wait for one mint rather than each minting a token.
        self._lock = threading.Lock()

    def auth_flow(self, request: httpx2.Request) -> Generator[httpx2.Request, httpx2.Response, None]:
        with self._lock:
            if self._installation_id is None:
                found = yield self._app_request("GET", ORGANIZATION_INSTALLATION_PATH, request)
                self._installation_id = self._found_installation(found)
            if self._renew_at is None or datetime.now(UTC) >= self._renew_at:
                minted = yield self._app_request("POST", MINT_PATH, request)
                self._learn(minted)
            header = f"token {self._token}"
        request.headers["Authorization"] = header
        yield request

    def _app_request(self, method: str, template: str, request: httpx2.Request) -> httpx2.Request:
        """A request authenticated as the App itself (its JWT), as only these two endpoints take."""
        path = template.format(installation_id=self._installation_id, org=self._organization)
        return httpx2.Request(
            method,
            self._api_url + path,
            headers={
                "Accept": ACCEPT,
                "User-Agent": USER_AGENT,
                "X-GitHub-Api-Version": request.headers.get("X-GitHub-Api-Version", "2022-11-28"),
                "Authorization": f"Bearer {app_jwt(self._app_id, self._private_key)}",
            },
        )

    def _found_installation(self, response: httpx2.Response) -> int:
        payload: Any = decode(response.text)
        if response.status_code == 200 and isinstance(payload, dict) and isinstance(payload.get("id"), int):
            return int(payload["id"])
        message = payload.get("message") if isinstance(payload, dict) else None
        not_installed = response.status_code == 404
        raise GitHubApiError(
            response.status_code,
            f"the GitHub App is not installed on {self._organization}"
            if not_installed
            else str(message or "GitHub did not say which installation the App has"),
            method="GET",
            path=ORGANIZATION_INSTALLATION_PATH,
            hint="install the App on the organisation, or set GHPROV_INSTALLATION_ID"
            if not_installed
            else "Check GHPROV_APP_ID and the private key.",
        )

    def _learn(self, response: httpx2.Response) -> None:
        payload: Any = decode(response.text)
        if response.status_code >= 400 or not isinstance(payload, dict) or not payload.get("token"):
            message = payload.get("message") if isinstance(payload, dict) else None
            raise GitHubApiError(
                response.status_code,
                str(message or "GitHub App authentication failed"),
                method="POST",
                path=MINT_PATH,
                hint="Check GHPROV_APP_ID, the private key and GHPROV_INSTALLATION_ID.",
            )
        self._token = str(payload["token"])
        try:
            expires = datetime.fromisoformat(str(payload.get("expires_at")))
        except ValueError:
            # No readable expiry: GitHub's documented hour from now.
            expires = datetime.now(UTC) + timedelta(hours=1)
        if expires.tzinfo is None:
            expires = expires.replace(tzinfo=UTC)
        self._renew_at = expires - RENEW_BEFORE


def build_auth(settings: Settings) -> httpx2.Auth:
    """Authentication for the configured credentials; App credentials win over a token."""
    if settings.uses_app:
        if settings.installation_id is None and not settings.installation_organization:
            raise GhprovError(
                "GitHub App authentication needs the installation id",
                hint="set GHPROV_INSTALLATION_ID (shown in the App installation's settings URL)",
            )
        assert settings.app_id is not None
        return InstallationAuth(
            settings.app_id,
            settings.private_key(),
            settings.installation_id,
            settings.api_url,
            organization=settings.installation_organization,
        )
    if settings.token is not None:
        return TokenAuth(settings.token.get_secret_value())
    raise GhprovError(
        "no GitHub credentials",
        hint=(
            "set GHPROV_TOKEN (or GITHUB_TOKEN), or GHPROV_APP_ID, GHPROV_APP_PRIVATE_KEY(_PATH) "
            "and GHPROV_INSTALLATION_ID"
        ),
    )


def as_auth(credential: httpx2.Auth | StaticToken | str | None) -> httpx2.Auth | None:
    """An httpx2 flow for a credential given as a flow, a token string or a PyGithub ``Auth.Token``."""
    if credential is None or isinstance(credential, httpx2.Auth):
        return credential
    return TokenAuth(credential)
