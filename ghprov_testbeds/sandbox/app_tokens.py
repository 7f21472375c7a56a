"""GitHub App authentication: JWTs signed with an App's private key, and installation tokens minted with them.

GitHub verifies an App's JWT (RS256, ``iss`` = the App id, at most 10 minutes long) against the public
halves of the App's private keys; a key deleted in the App's settings stops working at once. Here an
App's keys are ``App.public_keys`` (``add_app_key`` registers one, ``remove_app_key`` deletes one:
GitHub offers no REST API for either, so tests play the person in the settings page).

A verified JWT is admitted for the one request it came with (``admit_jwt``) and can only mint an
installation token (``POST /app/installations/{id}/access_tokens``); the minted token is an ordinary
installation token of the App, limited to the installation's repository selection.
"""

from __future__ import annotations

import secrets
import string
import time
from typing import Any

from cryptography.hazmat.primitives import serialization

from ghprov_testbeds.sandbox.installations import PERMISSIONS, installation_json
from ghprov_testbeds.sandbox.state import App, GitHubState, Token
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, not_found

routes = RouteTable()
DOCS = "https://docs.github.com/rest/apps/apps#create-an-installation-access-token-for-an-app"
JWT_NAME = "app-jwt:"
MAX_JWT_SECONDS = 600


def add_app_key(state: GitHubState, slug: str, private_key_pem: str) -> str:
    """Give the App a key (as its settings page does); stores only the public half, returns it."""
    key = serialization.load_pem_private_key(private_key_pem.encode(), password=None)
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    with state.lock:
        state.add_app(slug).public_keys.append(public)
    return public


def remove_app_key(state: GitHubState, slug: str, public_pem: str) -> None:
    """Delete an App key (a person in the App's settings; GitHub has no API for it)."""
    with state.lock:
        state.apps[slug].public_keys.remove(public_pem)


def select_repositories(
    state: GitHubState, slug: str, repositories: list[str] | None, permissions: dict[str, str] | None = None
) -> None:
    """Set the installation's repository selection (None: all) and permissions."""
    with state.lock:
        app = state.add_app(slug)
        app.repositories = None if repositories is None else sorted(repositories)
        app.permissions = None if permissions is None else dict(permissions)


def _app_by_id(state: GitHubState, ident: str) -> App | None:
    return next((app for app in state.apps.values() if str(app.id) == ident), None)


def admit_jwt(state: GitHubState, token: str) -> Token | None:
    """A token entry for a valid App JWT (kept only for this request), or None when it is invalid."""
    import jwt

    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    app = _app_by_id(state, str(claims.get("iss", "")))
    if app is None:
        return None
    for public in app.public_keys:
        try:
            verified = jwt.decode(token, public, algorithms=["RS256"], leeway=60)
        except jwt.PyJWTError:
            continue
        if int(verified.get("exp", 0)) - int(verified.get("iat", 0)) > MAX_JWT_SECONDS:
            return None  # GitHub: "'Expiration time' claim ('exp') is too far in the future"
        entry = Token(kind="installation", subject=app.slug, name=JWT_NAME + app.slug)
        entry.expires_at = float(verified["exp"])
        with state.lock:
            state.tokens[token] = entry
        return entry
    return None


def _bearer(request: Request) -> str:
    return request.identity.token


def _jwt_app(request: Request, documentation_url: str) -> App:
    """The App whose verified JWT authenticates ``request``; 401 for any other credential."""
    entry = request.state.tokens.get(_bearer(request))
    if entry is None or not entry.name.startswith(JWT_NAME):
        raise ApiError(401, "A JSON web token could not be decoded", documentation_url=documentation_url)
    return request.state.apps[entry.subject]


def _forget_jwt(request: Request) -> None:
    """A JWT is admitted for its own request only: it never stays in the state (or a saved file)."""
    state, token = request.state, _bearer(request)
    with state.lock:
        entry = state.tokens.get(token)
        if entry is not None and entry.name.startswith(JWT_NAME):
            state.tokens.pop(token, None)


@routes.get("/orgs/{org}/installation")
def organization_installation(request: Request) -> Response:
    """The App's installation on the organisation (JWT only); 404 where it is not installed."""
    docs = "https://docs.github.com/rest/apps/apps#get-an-organization-installation-for-the-authenticated-app"
    try:
        app = _jwt_app(request, docs)
        state = request.state
        if request.params["org"].lower() != state.organization.login.lower() or not app.installation_id:
            raise not_found(docs)
        return Response(200, installation_json(request.base_url, state, app))
    finally:
        _forget_jwt(request)


@routes.post("/app/installations/{installation_id}/access_tokens")
def create_installation_token(request: Request) -> Response:
    state = request.state
    try:
        app = _jwt_app(request, DOCS)
        if str(app.installation_id) != request.params["installation_id"]:
            raise not_found(DOCS)
        value = "ghs_" + "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(36))
        expires = time.time() + 3600
        with state.lock:
            state.tokens[value] = Token(
                kind="installation", subject=app.slug, name=f"installation:{app.slug}", expires_at=expires
            )
        body: dict[str, Any] = {
            "token": value,
            "expires_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(expires)),
            "permissions": dict(app.permissions or PERMISSIONS),
            "repository_selection": "all" if app.repositories is None else "selected",
        }
        return Response(201, body)
    finally:
        _forget_jwt(request)
