"""REST: the organisation, the authenticated identity, accounts, apps and the rate-limit endpoint."""

from __future__ import annotations

import time
from typing import Any

from ghprov_testbeds.sandbox import access, audit_events, lookup
from ghprov_testbeds.sandbox.installations import installation_json, installed_apps
from ghprov_testbeds.sandbox.render_org import app_json, org_full_json, private_user_json, user_json
from ghprov_testbeds.sandbox.render_repo import repo_minimal_json
from ghprov_testbeds.sandbox.state import User, now_iso
from ghprov_testbeds.sandbox.wire import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    ApiError,
    Request,
    Response,
    RouteTable,
    forbidden,
    not_found,
    paginate,
)

routes = RouteTable()
NOT_FOR_INTEGRATIONS = "Resource not accessible by integration"


@routes.get("/user")
def get_user(request: Request) -> Response:
    if request.identity.is_installation:
        raise forbidden(
            NOT_FOR_INTEGRATIONS, "https://docs.github.com/rest/users/users#get-the-authenticated-user"
        )
    user = request.state.users[request.identity.login]
    return Response(200, private_user_json(request.base_url, request.state, user))


@routes.get("/users/{username}")
def get_account(request: Request) -> Response:
    user = request.state.users.get(request.params["username"])
    if user is None:
        raise not_found("https://docs.github.com/rest/users/users#get-a-user")
    return Response(200, _public_user(request, user))


@routes.get("/user/{account_id}")
def get_account_by_id(request: Request) -> Response:
    wanted = request.params["account_id"]
    user = next((u for u in request.state.users.values() if str(u.id) == wanted), None)
    if user is None:
        raise not_found("https://docs.github.com/rest/users/users#get-a-user-using-their-id")
    return Response(200, _public_user(request, user))


def _public_user(request: Request, user: User) -> dict[str, Any]:
    """A user as another account sees it: the private user without its private counts and plan."""
    body = {key: value for key, value in private_user_json(request.base_url, request.state, user).items()}
    for private in (
        "private_gists",
        "total_private_repos",
        "owned_private_repos",
        "disk_usage",
        "collaborators",
    ):
        body.pop(private)
    body.pop("plan")
    return body


@routes.get("/apps/{app_slug}")
def get_app(request: Request) -> Response:
    app = request.state.apps.get(request.params["app_slug"])
    if app is None:
        raise not_found("https://docs.github.com/rest/apps/apps#get-an-app")
    return Response(200, app_json(request.base_url, request.state, app))


@routes.get("/orgs/{org}/installations")
def list_installations(request: Request) -> Response:
    """The organisation's App installations; "The authenticated user must be an organization owner"."""
    lookup.org(request)
    lookup.owner(request)
    apps = installed_apps(request.state)
    page = paginate(request, [installation_json(request.base_url, request.state, app) for app in apps])
    return Response(200, {"total_count": len(apps), "installations": page.body}, page.headers)


@routes.get("/rate_limit")
def rate_limit(request: Request) -> Response:
    assert request.limits is not None
    resources: dict[str, Any] = {}
    for name in ("core", "graphql"):
        bucket = request.limits.bucket(request.identity.token, name)
        resources[name] = {
            "limit": bucket.limit,
            "remaining": bucket.remaining,
            "reset": bucket.reset,
            "used": bucket.used,
        }
    # Search and friends have their own budgets on GitHub; the sandbox never spends them.
    for name, limit in (("search", 30), ("code_search", 10), ("integration_manifest", 5000)):
        resources[name] = {"limit": limit, "remaining": limit, "reset": int(time.time()) + 60, "used": 0}
    return Response(200, {"resources": resources, "rate": dict(resources["core"])})


@routes.get("/installation/repositories")
def installation_repositories(request: Request) -> Response:
    if not request.identity.is_installation:
        raise forbidden(
            "You must authenticate with an installation access token in order to list repositories "
            "for an installation."
        )
    repos = sorted(request.state.repositories.values(), key=lambda repo: repo.name.lower())
    app = request.state.apps.get(request.identity.login)
    selected = None if app is None or app.repositories is None else {n.lower() for n in app.repositories}
    if selected is not None:
        repos = [repo for repo in repos if repo.name.lower() in selected]
    per_page = max(1, min(request.int_query("per_page", DEFAULT_PER_PAGE), MAX_PER_PAGE))
    page = max(1, request.int_query("page", 1))
    chunk = repos[(page - 1) * per_page : page * per_page]
    body = {
        "total_count": len(repos),
        "repository_selection": "all" if selected is None else "selected",
        "repositories": [repo_minimal_json(request.base_url, request.state, repo, "admin") for repo in chunk],
    }
    headers: dict[str, str] = {}
    if page * per_page < len(repos):
        last = -(-len(repos) // per_page)
        base = f"{request.base_url}{request.path}?per_page={per_page}"
        headers["Link"] = f'<{base}&page={page + 1}>; rel="next", <{base}&page={last}>; rel="last"'
    return Response(200, body, headers)


@routes.get("/orgs/{org}")
def get_org(request: Request) -> Response:
    lookup.org(request)
    owner_view = access.is_owner(request.state, request.identity)
    return Response(200, org_full_json(request.base_url, request.state, owner_view=owner_view))


@routes.patch("/orgs/{org}")
def update_org(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    changes = request.json_object()
    description = changes.get("description")
    if isinstance(description, str) and len(description) > 160:
        raise ApiError(
            422,
            "Validation Failed",
            errors=[{"resource": "Organization", "code": "invalid", "field": "description"}],
        )
    if (
        changes.get("members_can_create_internal_repositories")
        and request.state.organization.plan != "enterprise"
    ):
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {
                    "resource": "Organization",
                    "code": "invalid",
                    "field": "members_can_create_internal_repositories",
                    "message": "Internal repositories are only available on GitHub Enterprise Cloud",
                }
            ],
        )
    settings = request.state.organization.settings
    _record_settings(request, settings, changes)
    settings.update(changes)
    # The legacy creation-type field follows the booleans, as GitHub keeps them in step.
    if "members_can_create_repositories" in changes:
        settings["members_allowed_repository_creation_type"] = (
            "all" if changes["members_can_create_repositories"] else "none"
        )
    request.state.organization.updated_at = now_iso()
    return Response(200, org_full_json(request.base_url, request.state, owner_view=True))


__all__ = ["routes", "user_json"]


# Organisation settings with an audit-log action of their own (audit-and-rotation.md B4).
SETTING_ACTIONS: dict[str, str] = {
    "default_repository_permission": "org.update_default_repository_permission",
    "members_can_create_repositories": "org.update_member_repository_creation_permission",
    "members_can_create_public_repositories": "org.update_member_repository_creation_permission",
    "members_can_create_private_repositories": "org.update_member_repository_creation_permission",
    "members_can_create_internal_repositories": "org.update_member_repository_creation_permission",
}


def _record_settings(request: Request, current: dict[str, Any], changes: dict[str, Any]) -> None:
    actions = {
        action
        for key, action in SETTING_ACTIONS.items()
        if key in changes and changes[key] != current.get(key)
    }
    for action in sorted(actions):
        audit_events.record(request, action)
