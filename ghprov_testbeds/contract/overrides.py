"""Known places where GitHub's live server disagrees with its OpenAPI description, with evidence.

Each request override (``OVERRIDES``) rewrites the strict request schema of one operation to what the
server accepts and may add a check that JSON Schema in OpenAPI 3.0 cannot express well. Each response
override (``RESPONSE_OVERRIDES``) widens a response schema to what the server really sends, so response
validation does not flag GitHub's own answers. Keep both lists short and sourced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SchemaPatch = Callable[[dict[str, Any]], None]
BodyCheck = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Override:
    """One spec-vs-server disagreement: which request it touches, why, and how it is corrected."""

    method: str
    path: str
    summary: str
    evidence: tuple[str, ...]
    patch_schema: SchemaPatch
    check_body: BodyCheck


def _status_checks_schema(schema: dict[str, Any]) -> None:
    # The spec requires `contexts`; the server takes `checks` instead, so neither is required by schema and
    # `_exactly_one_status_check_list` enforces the server's rule.
    checks = schema["properties"]["required_status_checks"]
    checks["required"] = [name for name in checks.get("required", []) if name != "contexts"]


def _exactly_one_status_check_list(body: Any) -> list[str]:
    if not isinstance(body, dict):
        return []
    checks = body.get("required_status_checks")
    if not isinstance(checks, dict):
        return []
    present = [key for key in ("checks", "contexts") if key in checks]
    if len(present) == 1:
        return []
    if present:
        return [
            "body.required_status_checks: give exactly one of 'checks' or 'contexts', not both "
            "(GitHub answers 422 'More than one subschema in oneOf matched')"
        ]
    return ["body.required_status_checks: exactly one of 'checks' or 'contexts' is required"]


# The bypass-actor types the description lists (repository-ruleset-bypass-actor), plus EnterpriseOwner.
BYPASS_ACTOR_TYPES = (
    "Integration",
    "OrganizationAdmin",
    "RepositoryRole",
    "Team",
    "DeployKey",
    "User",
    "EnterpriseOwner",
)
ENTERPRISE_OWNER_EVIDENCE = (
    # GitHub answers {"actor_id": 0, "actor_type": "EnterpriseOwner"} for an organisation ruleset that
    # enterprise owners may bypass, and accepts it back (the Terraform provider sends it since v6.12).
    "https://github.com/integrations/terraform-provider-github/issues/3210",
    "https://github.com/integrations/terraform-provider-github/pull/3487",
)
# (GraphQL has the same actor in the vendored schema: RepositoryRulesetBypassActor.enterpriseOwner and
# RepositoryRulesetBypassActorInput.enterpriseOwner.)


def _enterprise_owner_actor(schema: dict[str, Any]) -> None:
    # The strict request schema refers to the shared component; this operation's copy lists one more
    # type (the component itself stays as GitHub describes it for every other operation).
    schema["properties"]["bypass_actors"]["items"] = {
        "type": "object",
        "required": ["actor_type"],
        "additionalProperties": False,
        "properties": {
            "actor_id": {"type": "integer", "nullable": True},
            "actor_type": {"type": "string", "enum": list(BYPASS_ACTOR_TYPES)},
            "bypass_mode": {
                "type": "string",
                "enum": ["always", "pull_request", "exempt"],
                "default": "always",
            },
        },
    }


def _no_check(body: Any) -> list[str]:
    return []


RULESET_WRITES = (
    ("post", "/repos/{owner}/{repo}/rulesets"),
    ("put", "/repos/{owner}/{repo}/rulesets/{ruleset_id}"),
    ("post", "/orgs/{org}/rulesets"),
    ("put", "/orgs/{org}/rulesets/{ruleset_id}"),
)

# A custom property value or default: text, a list (multi_select), or null (unset). The description
# says `oneOf: [string, array], nullable: true`, which OpenAPI 3.0 reads as "never null" (nullable
# applies to a `type` beside it only); GitHub's reference says "Using a value of null for a custom
# property will remove or 'unset' the property value from the repository", and the 3.1 description
# lists null among the value's types.
CUSTOM_PROPERTY_EVIDENCE = ("https://github.com/github/rest-api-description/issues/7062",)
_NULLABLE_VALUE: dict[str, Any] = {
    "oneOf": [{"type": "string", "nullable": True}, {"type": "array", "items": {"type": "string"}}]
}


def _nullable_property_values(schema: dict[str, Any]) -> None:
    schema["properties"]["properties"]["items"] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["property_name", "value"],
        "properties": {"property_name": {"type": "string"}, "value": _NULLABLE_VALUE},
    }


def _nullable_default_value(schema: dict[str, Any]) -> None:
    # The operation's schema is a reference to custom-property-set-payload: inline it, null admitted.
    schema.clear()
    schema.update(
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["value_type"],
            "properties": {
                "value_type": {
                    "type": "string",
                    "enum": ["string", "single_select", "multi_select", "true_false", "url"],
                },
                "required": {"type": "boolean"},
                "default_value": _NULLABLE_VALUE,
                "description": {"type": "string", "nullable": True},
                "allowed_values": {"type": "array", "items": {"type": "string"}, "nullable": True},
                "values_editable_by": {"type": "string", "enum": ["org_actors", "org_and_repo_actors"]},
                "require_explicit_values": {"type": "boolean"},
            },
        }
    )


OVERRIDES: tuple[Override, ...] = (
    Override(
        method="put",
        path="/repos/{owner}/{repo}/branches/{branch}/protection",
        summary="required_status_checks takes one of `checks`/`contexts`; the spec requires `contexts`",
        evidence=(
            "https://github.com/google/go-github/issues/2276",
            "https://github.com/google/go-github/issues/2976",
            "https://github.com/ossf/allstar/issues/155",
        ),
        patch_schema=_status_checks_schema,
        check_body=_exactly_one_status_check_list,
    ),
    *(
        Override(
            method=method,
            path=path,
            summary="bypass_actors[].actor_type also takes EnterpriseOwner (missing from the enum)",
            evidence=ENTERPRISE_OWNER_EVIDENCE,
            patch_schema=_enterprise_owner_actor,
            check_body=_no_check,
        )
        for method, path in RULESET_WRITES
    ),
    *(
        Override(
            method="patch",
            path=path,
            summary="a custom property value may be null (unset), as GitHub documents",
            evidence=CUSTOM_PROPERTY_EVIDENCE,
            patch_schema=_nullable_property_values,
            check_body=_no_check,
        )
        for path in ("/orgs/{org}/properties/values", "/repos/{owner}/{repo}/properties/values")
    ),
    Override(
        method="put",
        path="/orgs/{org}/properties/schema/{custom_property_name}",
        summary="default_value may be null (no default), as custom property values may",
        evidence=CUSTOM_PROPERTY_EVIDENCE,
        patch_schema=_nullable_default_value,
        check_body=_no_check,
    ),
)


@dataclass(frozen=True)
class ResponseOverride:
    """A response shape the server sends but the description forbids: which responses, why, the widening."""

    # (method, path) of every operation whose 2xx response the patch widens.
    operations: tuple[tuple[str, str], ...]
    summary: str
    evidence: tuple[str, ...]
    # Applied to the copy of the document used for response validation: response schemas are mostly
    # `$ref`s into `#/components/schemas`, so the patch edits the component itself.
    patch_document: Callable[[dict[str, Any]], None]


ORGANIZATION_PROFILE_FIELDS = ("name", "company", "blog", "location", "email")


def _nullable_organization_profile(document: dict[str, Any]) -> None:
    for schema in ("organization-full", "team-organization"):
        properties = document["components"]["schemas"][schema]["properties"]
        for name in ORGANIZATION_PROFILE_FIELDS:
            properties[name]["nullable"] = True


def _nullable_code_scanning_enums(document: dict[str, Any]) -> None:
    properties = document["components"]["schemas"]["code-scanning-default-setup"]["properties"]
    for name in ("runner_type", "schedule"):
        if None not in properties[name]["enum"]:
            properties[name]["enum"] = [*properties[name]["enum"], None]


def _enterprise_owner_in_responses(document: dict[str, Any]) -> None:
    actor_type = document["components"]["schemas"]["repository-ruleset-bypass-actor"]["properties"][
        "actor_type"
    ]
    actor_type["enum"] = list(BYPASS_ACTOR_TYPES)


def _nullable_ruleset_conditions(document: dict[str, Any]) -> None:
    conditions = document["components"]["schemas"]["repository-ruleset"]["properties"]["conditions"]
    if {"enum": [None]} not in conditions["anyOf"]:
        conditions["anyOf"] = [*conditions["anyOf"], {"enum": [None]}]


RULESET_READS: tuple[tuple[str, str], ...] = (
    *RULESET_WRITES,
    ("get", "/repos/{owner}/{repo}/rulesets"),
    ("get", "/repos/{owner}/{repo}/rulesets/{ruleset_id}"),
    ("get", "/orgs/{org}/rulesets"),
    ("get", "/orgs/{org}/rulesets/{ruleset_id}"),
)


RESPONSE_OVERRIDES: tuple[ResponseOverride, ...] = (
    # Rulesets that enterprise owners may bypass come back with actor_type EnterpriseOwner.
    ResponseOverride(
        operations=RULESET_READS,
        summary="ruleset bypass actors can be EnterpriseOwner (missing from the enum)",
        evidence=ENTERPRISE_OWNER_EVIDENCE,
        patch_document=_enterprise_owner_in_responses,
    ),
    # organization-full (and team-organization, the copy inside a full team) types name, company, blog,
    # location and email as non-nullable strings, but an organisation that never filled in its profile
    # gets each of them as JSON null (the spec already marks `description` and `twitter_username`
    # nullable). Readers must therefore take a present null as "unset"; only an absent key is "not shown".
    ResponseOverride(
        operations=(
            ("get", "/orgs/{org}"),
            ("patch", "/orgs/{org}"),
            ("post", "/orgs/{org}/teams"),
            ("get", "/orgs/{org}/teams/{team_slug}"),
            ("patch", "/orgs/{org}/teams/{team_slug}"),
        ),
        summary="an organisation's name, company, blog, location and email are null when unset",
        evidence=("https://github.com/github/rest-api-description/issues/2507",),
        patch_document=_nullable_organization_profile,
    ),
    # code-scanning-default-setup marks runner_type and schedule `nullable` but lists no null in their
    # enums; OpenAPI 3.0.3 requires null in the enum for null to validate (OAI/OpenAPI-Specification#1900),
    # and a repository where default setup is not configured gets both as null.
    ResponseOverride(
        operations=(("get", "/repos/{owner}/{repo}/code-scanning/default-setup"),),
        summary="code-scanning default setup: runner_type and schedule are null when not configured",
        evidence=(
            "https://github.com/OAI/OpenAPI-Specification/issues/1900",
            "https://docs.github.com/rest/code-scanning/code-scanning#get-a-code-scanning-default-setup-configuration",
        ),
        patch_document=_nullable_code_scanning_enums,
    ),
    # repository-ruleset types `conditions` as `nullable: true` beside an `anyOf` with no `type`, which
    # OpenAPI 3.0 reads as "never null" (nullable only qualifies a `type` beside it; the same
    # gap as custom property values above). A ruleset without conditions (a push ruleset, or a
    # repository ruleset that targets nothing yet) comes back with `conditions: null`, as the description
    # means by marking it nullable.
    ResponseOverride(
        operations=RULESET_READS,
        summary="a ruleset without conditions has conditions: null (nullable beside anyOf)",
        evidence=(
            "https://github.com/OAI/OpenAPI-Specification/issues/1900",
            "https://docs.github.com/rest/repos/rules#get-a-repository-ruleset",
        ),
        patch_document=_nullable_ruleset_conditions,
    ),
)


def response_overrides() -> tuple[ResponseOverride, ...]:
    """Every response override (each patches the validation document once)."""
    return RESPONSE_OVERRIDES


def overrides_for(method: str, path: str) -> list[Override]:
    """The overrides that apply to one operation."""
    return [o for o in OVERRIDES if o.method == method.lower() and o.path == path]
