"""REST: ``PATCH /orgs/{org}/properties/values``, custom property values for up to 30 repositories at once.

Organisation owners only. Every named repository must exist and every value must suit its property
(the same checks as the per-repository endpoint); nothing is stored unless all of them pass, as
GitHub answers such a request as a whole. ``null`` removes a repository's value.
"""

from __future__ import annotations

from ghprov_testbeds.sandbox import lookup
from ghprov_testbeds.sandbox.rest_repo_features import check_value, store_values
from ghprov_testbeds.sandbox.state import Repository
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable

routes = RouteTable()
DOCS = "https://docs.github.com/rest/orgs/custom-properties#create-or-update-custom-property-values-for-organization-repositories"


@routes.patch("/orgs/{org}/properties/values")
def set_values(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    state = request.state
    body = request.json_object()
    repos: list[Repository] = []
    for name in body["repository_names"]:
        repo = state.repository(str(name))
        if repo is None:
            raise ApiError(422, f"Repository {name} not found.", errors=[], documentation_url=DOCS)
        lookup.writable(repo)
        repos.append(repo)
    schema = state.features.organization.custom_properties
    updates = body["properties"]
    for update in updates:
        definition = schema.get(update["property_name"])
        if definition is None:
            message = f"Property {update['property_name']} is not defined for this organization."
            raise ApiError(422, message, errors=[], documentation_url=DOCS)
        check_value(definition, update["value"])
    with state.lock:
        for repo in repos:
            store_values(state.features.repository(repo.name).custom_properties, updates)
    return Response(204)
