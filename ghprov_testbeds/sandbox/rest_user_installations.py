"""REST: App installations as a user sees them — list them, list and change a selected installation's
repositories (``/user/installations/…``).

GitHub serves these to user tokens only (an App's own token is refused with 403). In the sandbox a user
reaches an installation of the organisation when they are an owner, and a repository when they
administer it. An installation on all repositories cannot have repositories added or removed (403).
"""

from __future__ import annotations

from ghprov_testbeds.sandbox import access
from ghprov_testbeds.sandbox.installations import installation_json, installed_apps
from ghprov_testbeds.sandbox.render_repo import repo_minimal_json
from ghprov_testbeds.sandbox.state import App, Repository
from ghprov_testbeds.sandbox.wire import Request, Response, RouteTable, forbidden, not_found, paginate

routes = RouteTable()
DOCS = "https://docs.github.com/rest/apps/installations"
USER_ONLY = "You must authenticate with a user access token to use this endpoint."


def _user(request: Request) -> None:
    if request.identity.is_installation:
        raise forbidden(USER_ONLY, DOCS)


def _installation(request: Request) -> App:
    _user(request)
    wanted = request.params["installation_id"]
    app = next((app for app in installed_apps(request.state) if str(app.installation_id) == wanted), None)
    if app is None or not access.is_owner(request.state, request.identity):
        raise not_found(DOCS)
    return app


def _repository(request: Request) -> Repository:
    wanted = request.params["repository_id"]
    repo = next((repo for repo in request.state.repositories.values() if str(repo.id) == wanted), None)
    if repo is None:
        raise not_found(DOCS)
    if not access.can(request.state, request.identity, repo, "admin"):
        raise forbidden(
            "You must be an admin of the repository to change an installation's access to it.", DOCS
        )
    return repo


@routes.get("/user/installations")
def list_installations(request: Request) -> Response:
    _user(request)
    state = request.state
    apps = installed_apps(state) if access.is_owner(state, request.identity) else []
    body = {
        "total_count": len(apps),
        "installations": [installation_json(request.base_url, state, a) for a in apps],
    }
    return Response(200, body)


@routes.get("/user/installations/{installation_id}/repositories")
def installation_repositories(request: Request) -> Response:
    app = _installation(request)
    state = request.state
    repos = sorted(state.repositories.values(), key=lambda repo: repo.name.lower())
    if app.repositories is not None:
        chosen = {name.lower() for name in app.repositories}
        repos = [repo for repo in repos if repo.name.lower() in chosen]
    page = paginate(request, [repo_minimal_json(request.base_url, state, repo, "admin") for repo in repos])
    selection = "all" if app.repositories is None else "selected"
    body = {"total_count": len(repos), "repository_selection": selection, "repositories": page.body}
    return Response(200, body, page.headers)


def _selected(app: App) -> list[str]:
    if app.repositories is None:
        raise forbidden(
            "This installation has access to all repositories; choose 'Only select repositories' on its "
            "settings page before adding or removing one.",
            DOCS,
        )
    return app.repositories


@routes.put("/user/installations/{installation_id}/repositories/{repository_id}")
def add_repository(request: Request) -> Response:
    app = _installation(request)
    repo = _repository(request)
    with request.state.lock:
        chosen = _selected(app)
        if repo.name not in chosen:
            chosen.append(repo.name)
    return Response(204)


@routes.delete("/user/installations/{installation_id}/repositories/{repository_id}")
def remove_repository(request: Request) -> Response:
    app = _installation(request)
    repo = _repository(request)
    with request.state.lock:
        chosen = _selected(app)
        if repo.name in chosen:
            chosen.remove(repo.name)
    return Response(204)
