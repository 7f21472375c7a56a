"""The organisation's custom property definitions and every repository's values: two paged requests
for the whole organisation (``GET /orgs/{org}/properties/schema`` and ``…/properties/values``),
never one per repository.

Only the organisation's own definitions are managed; enterprise-level ones (``source_type:
enterprise``) and their values are left out, because the organisation cannot change them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.model import Organization, Unknown
from ghprov.model.custom_properties import CustomProperty

REFUSED = (403, 404)
DEFINITION_FIELDS = tuple(CustomProperty.model_fields)


def _uses_values(scope: Organization) -> list[str]:
    return [
        name
        for name, repository in scope.repositories.items()
        if scope.prune.properties or "properties" in repository.model_fields_set
    ]


def _definition(body: Mapping[str, Any]) -> CustomProperty | str:
    """The definition GitHub sent, or why the model cannot hold it."""
    values = {name: body[name] for name in DEFINITION_FIELDS if body.get(name) is not None}
    try:
        return CustomProperty.model_validate(values)
    except ValidationError as error:
        return f"GitHub's definition does not fit ghprov's model: {error.errors()[0]['msg']}"


class CustomPropertyReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        if scope is None or scope.custom_properties or scope.prune.custom_properties:
            return True
        return bool(_uses_values(scope))

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        try:
            # The schema is one unpaged list (GitHub allows at most 100 properties); values are paged.
            schema = client.request("GET", f"/orgs/{organization}/properties/schema").json or []
            listed = list(client.paginate(f"/orgs/{organization}/properties/values"))
        except GitHubApiError as error:
            if error.status not in REFUSED:
                raise
            reason = f"GitHub refused the custom properties ({error.github_message})"
            blind = _uses_values(scope) if scope is not None else []
            found.unknowns.append(Unknown("custom_properties", reason))
            found.unknowns += [Unknown(f"repositories/{name}/properties", reason) for name in blind]
            return found
        definitions: dict[str, CustomProperty] = {}
        for body in schema:
            if not isinstance(body, dict) or body.get("source_type", "organization") != "organization":
                continue
            name = str(body["property_name"])
            definition = _definition(body)
            if isinstance(definition, str):
                found.unknowns.append(Unknown(f"custom_properties/{name}", definition))
            else:
                definitions[name] = definition
        found.organization["custom_properties"] = definitions
        for item in listed:
            if not isinstance(item, dict):
                continue
            values = {
                str(value["property_name"]): value["value"]
                for value in item.get("properties") or ()
                if isinstance(value, dict)
                and value.get("value") is not None
                and value.get("property_name") in definitions
            }
            found.repositories[str(item["repository_name"])] = {"properties": values}
        return found


READER = CustomPropertyReader()
