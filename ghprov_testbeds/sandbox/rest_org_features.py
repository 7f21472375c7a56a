"""REST: the organisation's custom-property schema and values, and its security-manager teams, from
``GitHubState.features``.
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import access, lookup
from ghprov_testbeds.sandbox.render_org import team_simple_json
from ghprov_testbeds.sandbox.rest_repo_features import property_values_json
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, not_found, paginate

routes = RouteTable()
PROPERTIES_DOCS = "https://docs.github.com/rest/orgs/custom-properties"
# GitHub's limit: "Organizations can have up to 100 custom properties".
MAX_PROPERTIES = 100
_DEFINITION_KEYS = (
    "value_type",
    "required",
    "default_value",
    "description",
    "allowed_values",
    "values_editable_by",
    "require_explicit_values",
)


def _definition_json(request: Request, definition: dict[str, Any]) -> dict[str, Any]:
    org = request.state.organization.login
    name = definition["property_name"]
    return {
        "property_name": name,
        "url": f"{request.base_url}/orgs/{org}/properties/schema/{name}",
        "source_type": "organization",
        **definition,
    }


def _store(request: Request, name: str, payload: dict[str, Any]) -> dict[str, Any]:
    """Create or replace one definition after GitHub's checks beyond the schema."""
    schema = request.state.features.organization.custom_properties
    if name not in schema and len(schema) >= MAX_PROPERTIES:
        raise ApiError(422, f"Organizations can have at most {MAX_PROPERTIES} custom properties.", errors=[])
    definition: dict[str, Any] = {"property_name": name, "required": False}
    definition.update({key: payload[key] for key in _DEFINITION_KEYS if key in payload})
    # No default is an absent key: the description's oneOf(string, array) does not admit null.
    if definition.get("default_value") is None:
        definition.pop("default_value", None)
    selects = definition["value_type"] in ("single_select", "multi_select")
    if selects and not definition.get("allowed_values"):
        raise ApiError(422, "Allowed values are required for select properties.", errors=[])
    if not selects:
        definition["allowed_values"] = None
    if definition["required"] and definition.get("default_value") is None:
        raise ApiError(422, "A default value is required for required properties.", errors=[])
    schema[name] = definition
    return definition


@routes.get("/orgs/{org}/properties/schema")
def list_definitions(request: Request) -> Response:
    lookup.org(request)
    lookup.member(request)
    schema = request.state.features.organization.custom_properties
    return Response(200, [_definition_json(request, schema[name]) for name in sorted(schema, key=str.lower)])


@routes.patch("/orgs/{org}/properties/schema")
def update_definitions(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    stored = [_store(request, item["property_name"], item) for item in request.json_object()["properties"]]
    return Response(200, [_definition_json(request, definition) for definition in stored])


@routes.get("/orgs/{org}/properties/schema/{custom_property_name}")
def get_definition(request: Request) -> Response:
    lookup.org(request)
    lookup.member(request)
    found = request.state.features.organization.custom_properties.get(request.params["custom_property_name"])
    if found is None:
        raise not_found(PROPERTIES_DOCS)
    return Response(200, _definition_json(request, found))


@routes.put("/orgs/{org}/properties/schema/{custom_property_name}")
def put_definition(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    definition = _store(request, request.params["custom_property_name"], request.json_object())
    return Response(200, _definition_json(request, definition))


@routes.delete("/orgs/{org}/properties/schema/{custom_property_name}")
def delete_definition(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    name = request.params["custom_property_name"]
    if request.state.features.organization.custom_properties.pop(name, None) is None:
        raise not_found(PROPERTIES_DOCS)
    # Removing a definition removes every repository's value of it.
    for features in request.state.features.repositories.values():
        features.custom_properties.pop(name, None)
    return Response(204)


@routes.get("/orgs/{org}/properties/values")
def list_values(request: Request) -> Response:
    lookup.org(request)
    lookup.member(request)
    state = request.state
    wanted = request.query.get("repository_query", "").lower()
    repos = sorted(
        (
            repo
            for repo in state.repositories.values()
            if access.repository_role(state, request.identity, repo) is not None
            and wanted in repo.name.lower()
        ),
        key=lambda repo: repo.id,
    )
    items = [
        {
            "repository_id": repo.id,
            "repository_name": repo.name,
            "repository_full_name": f"{state.organization.login}/{repo.name}",
            "properties": property_values_json(state, repo),
        }
        for repo in repos
    ]
    return paginate(request, items)


@routes.get("/orgs/{org}/security-managers")
def list_security_managers(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    state = request.state
    managers = state.features.organization.security_manager_team_ids
    teams = [state.teams[ident] for ident in managers if ident in state.teams]
    return Response(200, [team_simple_json(request.base_url, state, team) for team in teams])


@routes.put("/orgs/{org}/security-managers/teams/{team_slug}")
def add_security_manager(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    team = lookup.team(request, for_write=True)
    managers = request.state.features.organization.security_manager_team_ids
    if team.id not in managers:
        managers.append(team.id)
    return Response(204)


@routes.delete("/orgs/{org}/security-managers/teams/{team_slug}")
def remove_security_manager(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    team = lookup.team(request, for_write=True)
    managers = request.state.features.organization.security_manager_team_ids
    if team.id in managers:
        managers.remove(team.id)
    return Response(204)
