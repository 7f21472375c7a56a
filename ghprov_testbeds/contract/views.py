"""Derive the documents ghprov validates against from the vendored description.

Two transformations, both pure: the per-version view (applying `x-github-breaking-changes`, which are
RFC 7386 merge-patches or RFC 6902 operation lists on an operation object) and the strict view used for
requests (`allOf` merged, then `additionalProperties: false` on every object schema that lists properties).
"""

from __future__ import annotations

import copy
from typing import Any

API_VERSIONS = ("2022-11-28", "2026-03-10")
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_REF_PREFIX = "#/components/"


def version_view(document: dict[str, Any], version: str) -> dict[str, Any]:
    """A copy of `document` with every breaking change up to and including `version` applied."""
    view = copy.deepcopy(document)
    for item in view["paths"].values():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            changes = operation.pop("x-github-breaking-changes", [])
            # Calendar versions compare correctly as ISO dates.
            for change in sorted(changes, key=lambda c: str(c["version"])):
                if str(change["version"]) <= version:
                    operation = apply_patch(operation, change["patch"])
            item[method] = operation
    return view


def apply_patch(target: dict[str, Any], patch: Any) -> dict[str, Any]:
    """Apply one breaking-change patch: a list is RFC 6902, an object is an RFC 7386 merge-patch."""
    if isinstance(patch, list):
        result = copy.deepcopy(target)
        for operation in patch:
            _json_patch_operation(result, operation)
        return result
    merged = merge_patch(target, patch)
    if not isinstance(merged, dict):
        raise ValueError("a breaking-change merge-patch must leave an object")
    return merged


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386: objects merge recursively, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _json_patch_operation(document: dict[str, Any], operation: dict[str, Any]) -> None:
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in str(operation["path"]).split("/")[1:]]
    parent: Any = document
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent[token]
    last = tokens[-1]
    kind = operation["op"]
    if kind == "remove":
        if isinstance(parent, list):
            del parent[int(last)]
        else:
            parent.pop(last, None)
    elif kind in ("add", "replace"):
        if isinstance(parent, list):
            parent.insert(len(parent) if last == "-" else int(last), operation["value"])
        else:
            parent[last] = copy.deepcopy(operation["value"])
    else:
        raise ValueError(f"unsupported JSON-patch operation {kind!r}")


def strict_view(document: dict[str, Any]) -> dict[str, Any]:
    """A copy whose schemas reject unknown properties; `allOf` members are merged first."""
    strict = copy.deepcopy(document)
    components = strict.get("components", {})
    for name, schema in list(components.get("schemas", {}).items()):
        components["schemas"][name] = _strict_schema(schema, document, frozenset())
    for item in strict["paths"].values():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            for media in operation.get("requestBody", {}).get("content", {}).values():
                if "schema" in media:
                    media["schema"] = _strict_schema(media["schema"], document, frozenset())
    return strict


def _resolve(schema: dict[str, Any], document: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    ref = schema.get("$ref")
    if not isinstance(ref, str):
        return schema, None
    if not ref.startswith(_REF_PREFIX):
        raise ValueError(f"unsupported $ref {ref!r}")
    section, name = ref[len(_REF_PREFIX) :].split("/", 1)
    target: dict[str, Any] = document["components"][section][name]
    return target, ref


def _merge_all_of(schema: dict[str, Any], document: dict[str, Any], seen: frozenset[str]) -> dict[str, Any]:
    """Fold `allOf` members (refs resolved against the pristine document) into one schema."""
    merged: dict[str, Any] = {key: value for key, value in schema.items() if key != "allOf"}
    for member in schema["allOf"]:
        resolved, ref = _resolve(member, document)
        if ref is not None and ref in seen:
            raise ValueError(f"cyclic allOf through {ref}")
        inner_seen = seen | {ref} if ref else seen
        if "allOf" in resolved:
            resolved = _merge_all_of(resolved, document, inner_seen)
        for key, value in resolved.items():
            if key == "properties":
                merged.setdefault("properties", {}).update(value)
            elif key == "required":
                merged["required"] = sorted(set(merged.get("required", [])) | set(value))
            else:
                merged.setdefault(key, value)
    return merged


def _strict_schema(schema: Any, document: dict[str, Any], seen: frozenset[str]) -> Any:
    if not isinstance(schema, dict) or "$ref" in schema:
        # Refs keep pointing at the (strictified) components of the same document.
        return schema
    current = _merge_all_of(schema, document, seen) if "allOf" in schema else dict(schema)
    if "properties" in current:
        current["properties"] = {
            name: _strict_schema(sub, document, seen) for name, sub in current["properties"].items()
        }
    for key in ("items", "not"):
        if key in current:
            current[key] = _strict_schema(current[key], document, seen)
    if isinstance(current.get("additionalProperties"), dict):
        current["additionalProperties"] = _strict_schema(current["additionalProperties"], document, seen)
    for key in ("oneOf", "anyOf"):
        if key in current:
            current[key] = [_strict_schema(sub, document, seen) for sub in current[key]]
    # A schema that also branches (oneOf/anyOf) may gain properties from its branches: leave it open.
    if (
        "properties" in current
        and "additionalProperties" not in current
        and not ("oneOf" in current or "anyOf" in current)
    ):
        current["additionalProperties"] = False
    return current
