"""Validate REST requests and responses against GitHub's own OpenAPI description (the vendored subset).

Requests are checked strictly (unknown keys are errors) under a chosen API version; responses leniently.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jsonschema.protocols import Validator
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from ghprov_testbeds.contract.overrides import overrides_for, response_overrides
from ghprov_testbeds.contract.problems import describe_errors
from ghprov_testbeds.contract.routes import Router
from ghprov_testbeds.contract.views import API_VERSIONS, HTTP_METHODS, strict_view, version_view

DEFAULT_VERSION = "2022-11-28"
DATA_FILE = "github-rest-subset.json"
_BASE_URI = "urn:github-rest"


@dataclass(frozen=True)
class Operation:
    """One operation of the description, as ghprov needs to know it."""

    method: str
    path: str
    operation_id: str
    docs_url: str
    github_cloud_only: bool


class _View:
    """One derived document (a version, strict or not) with the schema registry to validate against it."""

    def __init__(self, document: dict[str, Any], validator_class: Any) -> None:
        self.document = document
        self._registry: Registry[Any] = Registry().with_resource(
            _BASE_URI, Resource.from_contents(document, default_specification=DRAFT4)
        )
        self._validator_class = validator_class
        self._validators: dict[str, Validator] = {}

    def validator(self, pointer: str) -> Validator:
        """A validator for the schema at `pointer`; it points into the document so nested refs resolve."""
        found = self._validators.get(pointer)
        if found is None:
            schema = {"$ref": f"{_BASE_URI}#{pointer}"}
            found = self._validator_class(schema, registry=self._registry)
            self._validators[pointer] = found
        return found


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class OpenApiContract:
    """The vendored REST description: operation lookup plus request and response validation."""

    def __init__(self, document: dict[str, Any]) -> None:
        self._document = document
        self._router = Router(document["paths"])
        self._operations: dict[tuple[str, str], Operation] = {}
        for path, item in document["paths"].items():
            for method in HTTP_METHODS:
                if method in item:
                    operation = item[method]
                    self._operations[(method, path)] = Operation(
                        method=method,
                        path=path,
                        operation_id=str(operation.get("operationId", "")),
                        docs_url=str(operation.get("externalDocs", {}).get("url", "")),
                        github_cloud_only=bool(operation.get("x-github", {}).get("githubCloudOnly", False)),
                    )
        self._views: dict[tuple[str, bool], _View] = {}

    @property
    def version(self) -> str:
        """The `info.version` of the octokit package the subset was cut from."""
        return str(self._document["info"]["version"])

    def operations(self) -> list[Operation]:
        """Every operation in the vendored subset."""
        return list(self._operations.values())

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation serving `method path` and its decoded path parameters, or None."""
        found = self._router.match(path)
        if found is None:
            return None
        template, parameters = found
        operation = self._operations.get((method.lower(), template))
        return None if operation is None else (operation, parameters)

    def find_operation(self, method: str, path: str) -> Operation | None:
        """The operation serving `method path` (literal segments beat templates; `/api/v3` tolerated)."""
        found = self.match(method, path)
        return None if found is None else found[0]

    def validate_request(
        self,
        method: str,
        path: str,
        query: Mapping[str, str] | None,
        body: Any,
        version: str = DEFAULT_VERSION,
    ) -> list[str]:
        """Problems with a request under API `version`; an empty list means GitHub would accept its shape."""
        if version not in API_VERSIONS:
            return [f"unsupported API version {version!r}; GitHub serves {', '.join(API_VERSIONS)}"]
        routed = self._route(method, path)
        if isinstance(routed, str):
            return [routed]
        operation, path_values = routed
        view = self._view(version, strict=True)
        item = view.document["paths"][operation.path]
        spec = item[operation.method]
        item_pointer = f"/paths/{_escape(operation.path)}"
        base = f"{item_pointer}/{operation.method}"
        declared = [(f"{item_pointer}/parameters/{i}", p) for i, p in enumerate(item.get("parameters", []))]
        declared += [(f"{base}/parameters/{i}", p) for i, p in enumerate(spec.get("parameters", []))]
        problems = self._check_parameters(view, declared, path_values, dict(query or {}))
        problems.extend(self._check_body(view, operation, spec, base, body))
        return problems

    def validate_response(
        self, method: str, path: str, status: int, body: Any, version: str = DEFAULT_VERSION
    ) -> list[str]:
        """Problems with a response body, leniently: unknown fields are fine, documented shapes are not."""
        routed = self._route(method, path)
        if isinstance(routed, str):
            return [routed]
        operation, _ = routed
        view = self._view(version if version in API_VERSIONS else DEFAULT_VERSION, strict=False)
        responses = view.document["paths"][operation.path][operation.method].get("responses", {})
        key = next((k for k in (str(status), f"{str(status)[0]}XX", "default") if k in responses), None)
        if key is None:
            documented = ", ".join(sorted(responses))
            return [
                f"status {status} is not a documented response of {operation.operation_id} ({documented})"
            ]
        pointer = f"/paths/{_escape(operation.path)}/{operation.method}/responses/{key}"
        response = responses[key]
        if "$ref" in response:
            pointer = str(response["$ref"])[1:]
            response = view.document["components"]["responses"][pointer.rsplit("/", 1)[1]]
        media = next((m for m in response.get("content", {}) if "json" in m), None)
        if media is None:
            if body in (None, "", b""):
                return []
            return [f"status {status} of {operation.operation_id} has no body, but one was returned"]
        if "schema" not in response["content"][media]:
            return []
        validator = view.validator(f"{pointer}/content/{_escape(media)}/schema")
        return describe_errors(validator.iter_errors(body), "body")

    def _route(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | str:
        found = self._router.match(path)
        if found is None:
            return (
                f"{method.upper()} {path}: no such path in GitHub's REST API (vendored subset {self.version})"
            )
        template, values = found
        operation = self._operations.get((method.lower(), template))
        if operation is None:
            allowed = sorted(m.upper() for m, p in self._operations if p == template)
            return (
                f"{method.upper()} {path}: method not allowed on {template} (allowed: {', '.join(allowed)})"
            )
        return operation, values

    def _view(self, version: str, *, strict: bool) -> _View:
        view = self._views.get((version, strict))
        if view is None:
            document = version_view(self._document, version)
            if strict:
                document = strict_view(document)
                for (method, path), _ in self._operations.items():
                    for override in overrides_for(method, path):
                        content = document["paths"][path][method]["requestBody"]["content"]
                        override.patch_schema(content["application/json"]["schema"])
            else:
                for response_override in response_overrides():
                    response_override.patch_document(document)
            validator_class = OAS30WriteValidator if strict else OAS30ReadValidator
            view = _View(document, validator_class)
            self._views[(version, strict)] = view
        return view

    def _check_parameters(
        self,
        view: _View,
        declared: list[tuple[str, dict[str, Any]]],
        path_values: dict[str, str],
        query: dict[str, str],
    ) -> list[str]:
        problems: list[str] = []
        known_query: set[str] = set()
        for pointer, parameter in declared:
            if "$ref" in parameter:
                pointer = str(parameter["$ref"])[1:]
                parameter = view.document["components"]["parameters"][pointer.rsplit("/", 1)[1]]
            name, location = str(parameter["name"]), parameter["in"]
            values = path_values if location == "path" else query if location == "query" else None
            if values is None:
                continue
            if location == "query":
                known_query.add(name)
            if name not in values:
                if parameter.get("required", False):
                    problems.append(f"{location} parameter '{name}' is required")
                continue
            schema = parameter.get("schema", {})
            value = _coerce(values[name], schema)
            where = f"{location} parameter '{name}'"
            problems.extend(describe_errors(view.validator(f"{pointer}/schema").iter_errors(value), where))
        problems.extend(
            f"query parameter '{name}' is not accepted here" for name in sorted(set(query) - known_query)
        )
        return problems

    def _check_body(
        self, view: _View, operation: Operation, spec: dict[str, Any], base: str, body: Any
    ) -> list[str]:
        request_body = spec.get("requestBody")
        if request_body is None:
            if body is None:
                return []
            return [f"{operation.method.upper()} {operation.path} takes no request body"]
        if body is None:
            return ["a request body is required"] if request_body.get("required", False) else []
        validator = view.validator(f"{base}/requestBody/content/application~1json/schema")
        problems = describe_errors(validator.iter_errors(body), "body")
        for override in overrides_for(operation.method, operation.path):
            problems.extend(override.check_body(body))
        return problems


def _coerce(raw: str, schema: dict[str, Any]) -> Any:
    """Turn a query or path string into the JSON value its schema expects (when it parses)."""
    kind = schema.get("type")
    if kind == "integer":
        try:
            return int(raw)
        except ValueError:
            return raw
    if kind == "boolean" and raw in ("true", "false"):
        return raw == "true"
    if kind == "array":
        return [part for part in raw.split(",") if part]
    return raw


@cache
def contract() -> OpenApiContract:
    """The process-wide contract, loaded once from the vendored data."""
    text = resources.files("ghprov_testbeds.contract").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    return OpenApiContract(json.loads(text))
