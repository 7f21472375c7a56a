"""REST: a repository's feature settings, from ``GitHubState.features``: custom property values,
environments, Pages, Dependabot (vulnerability) alerts, immutable releases and code-scanning default setup.

Each endpoint answers as GitHub does for a repository where nothing is configured; 404 only where
GitHub's OpenAPI description documents 404 for "not enabled" (Pages, vulnerability alerts, immutable
releases). ``add_environment``/``enable_pages`` seed the rest (there are no write endpoints for them yet).
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import access, lookup
from ghprov_testbeds.sandbox.state import GitHubState, Repository, node_id, now_iso
from ghprov_testbeds.sandbox.wire import (
    ApiError,
    Request,
    Response,
    RouteTable,
    forbidden,
    not_found,
    validation_failed,
)

routes = RouteTable()
PAGES_DOCS = "https://docs.github.com/rest/pages/pages#get-a-apiname-pages-site"
ALERTS_DOCS = (
    "https://docs.github.com/rest/repos/repos#check-if-vulnerability-alerts-are-enabled-for-a-repository"
)
IMMUTABLE_DOCS = (
    "https://docs.github.com/rest/repos/repos#check-if-immutable-releases-are-enabled-for-a-repository"
)
PROPERTY_VALUES_DOCS = "https://docs.github.com/rest/repos/custom-properties#create-or-update-custom-property-values-for-a-repository"
CODE_SCANNING_DOCS = (
    "https://docs.github.com/rest/code-scanning/code-scanning#get-a-code-scanning-default-setup-configuration"
)
# GitHub's answer for a private repository without GitHub Advanced Security (code_scanning_forbidden_read).
ADVANCED_SECURITY_REQUIRED = "Advanced Security must be enabled for this repository to use code scanning."


def add_environment(state: GitHubState, repo: str, name: str, *, wait_timer: int | None = None) -> None:
    """Create a deployment environment (optionally with a wait timer) on ``repo``."""
    with state.lock:
        ident = state.new_id()
        rules: list[dict[str, Any]] = []
        if wait_timer is not None:
            rule_id = state.new_id()
            rules.append(
                {
                    "id": rule_id,
                    "node_id": node_id("ProtectionRule", rule_id),
                    "type": "wait_timer",
                    "wait_timer": wait_timer,
                }
            )
        stamp = now_iso()
        state.features.repository(repo).environments[name] = {
            "id": ident,
            "node_id": node_id("Environment", ident),
            "name": name,
            "created_at": stamp,
            "updated_at": stamp,
            "protection_rules": rules,
            "deployment_branch_policy": None,
        }


def enable_pages(
    state: GitHubState, repo: str, *, build_type: str = "workflow", branch: str = "main"
) -> None:
    """Give ``repo`` a GitHub Pages site built by Actions (``workflow``) or from a branch (``legacy``)."""
    with state.lock:
        state.features.repository(repo).pages = {
            "status": "built",
            "cname": None,
            "custom_404": False,
            "build_type": build_type,
            "source": {"branch": branch, "path": "/"},
            "https_enforced": True,
        }


# Custom property values ----------------------------------------------------------------------------
@routes.get("/repos/{owner}/{repo}/properties/values")
def get_property_values(request: Request) -> Response:
    repo = lookup.repository(request)
    return Response(200, property_values_json(request.state, repo))


def property_values_json(state: GitHubState, repo: Repository) -> list[dict[str, Any]]:
    """Every value set on the repository, and defaults of required properties it did not set."""
    values = state.features.repository(repo.name).custom_properties
    schema = state.features.organization.custom_properties
    shown: list[dict[str, Any]] = []
    for name in sorted(set(values) | set(schema), key=str.lower):
        value = values.get(name, schema.get(name, {}).get("default_value"))
        if value is not None:
            shown.append({"property_name": name, "value": value})
    return shown


def property_values(state: GitHubState, repo: Repository) -> dict[str, str | list[str]]:
    """The repository's values as rulesets see them: those set, and defaults where none is."""
    return {item["property_name"]: item["value"] for item in property_values_json(state, repo)}


@routes.patch("/repos/{owner}/{repo}/properties/values")
def set_property_values(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    schema = request.state.features.organization.custom_properties
    updates = request.json_object()["properties"]
    owner = access.is_owner(request.state, request.identity)
    for update in updates:
        definition = schema.get(update["property_name"])
        if definition is None:
            raise validation_failed("CustomPropertyValue", "property_name", code="missing")
        # Repository admins may set a value only where the organisation lets repository actors edit it.
        if not owner and definition.get("values_editable_by") != "org_and_repo_actors":
            raise forbidden(
                f"You do not have permission to edit the custom property {definition['property_name']}.",
                PROPERTY_VALUES_DOCS,
            )
        check_value(definition, update["value"])
    store_values(request.state.features.repository(repo.name).custom_properties, updates)
    return Response(204)


def store_values(stored: dict[str, str | list[str]], updates: list[dict[str, Any]]) -> None:
    """Set each update's value on a repository (``null`` unsets it); the updates are checked already."""
    for update in updates:
        if update["value"] is None:
            stored.pop(update["property_name"], None)
        else:
            stored[update["property_name"]] = update["value"]


def check_value(definition: dict[str, Any], value: Any) -> None:
    """GitHub's 422 for a value the property's type or allowed values refuse (None unsets)."""
    if value is None:
        if definition.get("required"):
            raise ApiError(422, f"Property {definition['property_name']} is required.", errors=[])
        return
    kind = definition["value_type"]
    allowed = definition.get("allowed_values") or []
    if kind == "multi_select":
        ok = isinstance(value, list) and all(item in allowed for item in value)
    elif kind == "single_select":
        ok = isinstance(value, str) and value in allowed
    elif kind == "true_false":
        ok = value in ("true", "false")
    else:
        ok = isinstance(value, str)
    if not ok:
        raise ApiError(
            422, f"Invalid value for property {definition['property_name']}: {value!r}.", errors=[]
        )


# Environments --------------------------------------------------------------------------------------
# Pages ---------------------------------------------------------------------------------------------
@routes.get("/repos/{owner}/{repo}/pages")
def get_pages(request: Request) -> Response:
    repo = lookup.repository(request)
    pages = request.state.features.repository(repo.name).pages
    if pages is None:
        raise not_found(PAGES_DOCS)
    org = request.state.organization.login
    body = {
        "url": f"{request.base_url}/repos/{org}/{repo.name}/pages",
        "html_url": f"https://{org.lower()}.github.io/{repo.name}/",
        "public": repo.visibility == "public",
        **pages,
    }
    return Response(200, body)


# Vulnerability alerts and immutable releases: 204/200 when enabled, 404 when not (documented) --------
@routes.get("/repos/{owner}/{repo}/vulnerability-alerts")
def check_vulnerability_alerts(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    if not request.state.features.repository(repo.name).vulnerability_alerts:
        raise ApiError(404, "Vulnerability alerts are disabled.", documentation_url=ALERTS_DOCS)
    return Response(204)


def _toggle(request: Request, setting: str, enabled: bool) -> Response:
    """Enable or disable one of the repository's security switches (admins; not on archived repositories)."""
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    setattr(request.state.features.repository(repo.name), setting, enabled)
    return Response(204)


@routes.put("/repos/{owner}/{repo}/vulnerability-alerts")
def enable_vulnerability_alerts(request: Request) -> Response:
    return _toggle(request, "vulnerability_alerts", True)


@routes.delete("/repos/{owner}/{repo}/vulnerability-alerts")
def disable_vulnerability_alerts(request: Request) -> Response:
    response = _toggle(request, "vulnerability_alerts", False)
    # Dependabot security updates act on alerts: GitHub turns them off with the alerts.
    repo = lookup.repository(request, needed="admin")
    request.state.features.repository(repo.name).security_and_analysis["dependabot_security_updates"] = (
        "disabled"
    )
    return response


@routes.get("/repos/{owner}/{repo}/immutable-releases")
def check_immutable_releases(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    if not request.state.features.repository(repo.name).immutable_releases:
        raise not_found(IMMUTABLE_DOCS)
    return Response(200, {"enabled": True, "enforced_by_owner": False})


@routes.put("/repos/{owner}/{repo}/immutable-releases")
def enable_immutable_releases(request: Request) -> Response:
    return _toggle(request, "immutable_releases", True)


@routes.delete("/repos/{owner}/{repo}/immutable-releases")
def disable_immutable_releases(request: Request) -> Response:
    return _toggle(request, "immutable_releases", False)


# Code scanning -------------------------------------------------------------------------------------
@routes.get("/repos/{owner}/{repo}/code-scanning/default-setup")
def code_scanning_default_setup(request: Request) -> Response:
    repo = lookup.repository(request, needed="write")
    features = request.state.features.repository(repo.name)
    # Code scanning is free on public repositories; private ones need GitHub Advanced Security enabled
    # on the repository (`security_and_analysis.advanced_security`, which only Enterprise plans can buy).
    if repo.private and features.security_and_analysis.get("advanced_security") != "enabled":
        raise ApiError(403, ADVANCED_SECURITY_REQUIRED, documentation_url=CODE_SCANNING_DOCS)
    return Response(200, dict(features.code_scanning_default_setup))
