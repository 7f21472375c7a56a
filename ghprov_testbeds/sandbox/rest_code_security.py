"""REST: the organisation's code security configurations (owners), from ``GitHubState.features``.

Attaching a configuration applies its features to each repository's ``security_and_analysis`` and
vulnerability alerts, as GitHub does, and replaces the configuration the repository had (a
repository has one). Detaching (from whichever configuration) and deleting leave the repositories'
settings as they are, as GitHub documents. GitHub's rules beyond the schema: names are unique (422);
a configuration id that is not the organisation's is 404; GitHub's own or the enterprise's
configuration (``target_type`` not ``organization``) cannot be deleted (409).
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import access, lookup
from ghprov_testbeds.sandbox.render_repo import repo_minimal_json
from ghprov_testbeds.sandbox.state import GitHubState, now_iso
from ghprov_testbeds.sandbox.wire import (
    ApiError,
    Request,
    Response,
    RouteTable,
    not_found,
    paginate,
    validation_failed,
)

routes = RouteTable()
DOCS = "https://docs.github.com/rest/code-security/configurations"
NOT_OURS = "Only configurations created by the organization can be deleted by the organization."
# Kept beside a configuration, not part of GitHub's configuration object.
PRIVATE_KEYS = ("default_for_new_repos", "repository_ids")
# Configuration feature → the repository's security_and_analysis feature it sets.
ANALYSIS = {
    "secret_scanning": "secret_scanning",
    "secret_scanning_push_protection": "secret_scanning_push_protection",
    "dependabot_security_updates": "dependabot_security_updates",
}
# GitHub's defaults for a new configuration (POST body defaults in the REST reference).
NEW_CONFIGURATION = {
    "advanced_security": "disabled",
    "dependency_graph": "enabled",
    "dependabot_alerts": "disabled",
    "dependabot_security_updates": "not_set",
    "code_scanning_default_setup": "disabled",
    "secret_scanning": "disabled",
    "secret_scanning_push_protection": "not_set",
    "private_vulnerability_reporting": "disabled",
    "enforcement": "enforced",
}


def _configurations(request: Request) -> list[dict[str, Any]]:
    lookup.org(request)
    lookup.owner(request)
    return request.state.features.organization.code_security_configurations


def _json(request: Request, configuration: dict[str, Any]) -> dict[str, Any]:
    org = request.state.organization.login
    body = {key: value for key, value in configuration.items() if key not in PRIVATE_KEYS}
    body["url"] = f"{request.base_url}/orgs/{org}/code-security/configurations/{configuration['id']}"
    body["html_url"] = (
        f"https://github.com/organizations/{org}/settings/security_products/configurations/edit/"
        f"{configuration['id']}"
    )
    return body


def _find(request: Request) -> dict[str, Any]:
    wanted = request.params["configuration_id"]
    for configuration in _configurations(request):
        if str(configuration["id"]) == wanted:
            return configuration
    raise not_found(DOCS)


def _unique(configurations: list[dict[str, Any]], name: str, ident: int | None = None) -> None:
    if any(c["name"] == name and c["id"] != ident for c in configurations):
        raise validation_failed("CodeSecurityConfiguration", "name", code="already_exists")


@routes.get("/orgs/{org}/code-security/configurations")
def list_configurations(request: Request) -> Response:
    configurations = _configurations(request)
    return paginate(request, [_json(request, c) for c in configurations])


@routes.post("/orgs/{org}/code-security/configurations")
def create_configuration(request: Request) -> Response:
    configurations = _configurations(request)
    body = request.json_object()
    _unique(configurations, body["name"])
    state = request.state
    with state.lock:
        ident = state.new_id()
        stamp = now_iso()
        configuration = {
            "id": ident,
            "name": body["name"],
            "target_type": "organization",
            "description": body.get("description", ""),
            **NEW_CONFIGURATION,
            **{key: value for key, value in body.items() if key not in ("name", "description")},
            "created_at": stamp,
            "updated_at": stamp,
            "default_for_new_repos": "none",
            "repository_ids": [],
        }
        configurations.append(configuration)
    return Response(201, _json(request, configuration))


@routes.get("/orgs/{org}/code-security/configurations/defaults")
def default_configurations(request: Request) -> Response:
    answer = [
        {"default_for_new_repos": c["default_for_new_repos"], "configuration": _json(request, c)}
        for c in _configurations(request)
        if c["default_for_new_repos"] != "none"
    ]
    return Response(200, answer)


@routes.get("/orgs/{org}/code-security/configurations/{configuration_id}")
def get_configuration(request: Request) -> Response:
    return Response(200, _json(request, _find(request)))


@routes.patch("/orgs/{org}/code-security/configurations/{configuration_id}")
def update_configuration(request: Request) -> Response:
    configuration = _find(request)
    body = request.json_object()
    if "name" in body:
        _unique(_configurations(request), body["name"], configuration["id"])
    with request.state.lock:
        configuration.update(body)
        configuration["updated_at"] = now_iso()
        for ident in configuration["repository_ids"]:
            _apply(request.state, configuration, ident)
    return Response(200, _json(request, configuration))


@routes.delete("/orgs/{org}/code-security/configurations/detach")
def detach(request: Request) -> Response:
    """Detach repositories from whatever configuration they have; they keep their settings."""
    configurations = _configurations(request)
    ids = set(request.json_object()["selected_repository_ids"])
    if ids - {repo.id for repo in request.state.repositories.values()}:
        raise validation_failed("Repository", "selected_repository_ids")
    with request.state.lock:
        for configuration in configurations:
            configuration["repository_ids"] = [i for i in configuration["repository_ids"] if i not in ids]
    return Response(204)


@routes.delete("/orgs/{org}/code-security/configurations/{configuration_id}")
def delete_configuration(request: Request) -> Response:
    configuration = _find(request)
    if configuration.get("target_type") != "organization":
        # GitHub's own and the enterprise's configurations are not the organisation's to delete.
        raise ApiError(409, NOT_OURS, documentation_url=DOCS)
    with request.state.lock:
        # Its repositories are detached with it and keep their settings; a default goes with it.
        _configurations(request).remove(configuration)
    return Response(204)


@routes.put("/orgs/{org}/code-security/configurations/{configuration_id}/defaults")
def set_default(request: Request) -> Response:
    configuration = _find(request)
    scope = request.json_object().get("default_for_new_repos", "none")
    with request.state.lock:
        if scope != "none":
            # One default per kind of repository: the new default takes it from the others.
            for other in _configurations(request):
                if other is not configuration and other["default_for_new_repos"] in (scope, "all"):
                    other["default_for_new_repos"] = "none"
        configuration["default_for_new_repos"] = scope
    return Response(200, {"default_for_new_repos": scope, "configuration": _json(request, configuration)})


def _apply(state: GitHubState, configuration: dict[str, Any], repo_id: int) -> None:
    repo = next((r for r in state.repositories.values() if r.id == repo_id), None)
    if repo is None:
        return
    features = state.features.repository(repo.name)
    for feature, analysis in ANALYSIS.items():
        if configuration.get(feature) in ("enabled", "disabled"):
            features.security_and_analysis[analysis] = configuration[feature]
    if configuration.get("dependabot_alerts") in ("enabled", "disabled"):
        features.vulnerability_alerts = configuration["dependabot_alerts"] == "enabled"


@routes.post("/orgs/{org}/code-security/configurations/{configuration_id}/attach")
def attach(request: Request) -> Response:
    configuration = _find(request)
    body = request.json_object()
    state = request.state
    repos = list(state.repositories.values())
    scope = body["scope"]
    if scope == "selected":
        ids = set(body.get("selected_repository_ids") or [])
        if ids - {repo.id for repo in repos}:
            raise validation_failed("Repository", "selected_repository_ids")
    else:
        public = {"public": True, "private_or_internal": False}.get(scope)
        ids = {r.id for r in repos if public is None or (r.visibility == "public") == public}
    if scope == "all_without_configurations":
        taken = {i for c in _configurations(request) for i in c["repository_ids"]}
        ids -= taken
    with state.lock:
        for other in _configurations(request):
            other["repository_ids"] = [i for i in other["repository_ids"] if i not in ids]
        configuration["repository_ids"] = sorted(set(configuration["repository_ids"]) | ids)
        for ident in ids:
            _apply(state, configuration, ident)
    return Response(202, {})


@routes.get("/orgs/{org}/code-security/configurations/{configuration_id}/repositories")
def attached_repositories(request: Request) -> Response:
    configuration = _find(request)
    state = request.state
    attached = set(configuration["repository_ids"])
    status = "enforced" if configuration.get("enforcement") == "enforced" else "attached"
    items = [
        {
            "status": status,
            "repository": repo_minimal_json(
                request.base_url, state, repo, access.repository_role(state, request.identity, repo)
            ),
        }
        for repo in sorted(state.repositories.values(), key=lambda r: r.name.lower())
        if repo.id in attached
    ]
    return paginate(request, items)
