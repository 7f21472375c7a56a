"""Organisation-level REST reads: settings, custom repository roles, organisation rulesets, id look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.model import CustomRole, OrganizationSettings, Unknown


@dataclass
class SettingsRead:
    settings: OrganizationSettings
    plan_name: str = ""
    unknowns: list[Unknown] = field(default_factory=list)


def read_settings(client: GitHubClient, org: str) -> SettingsRead:
    """``GET /orgs/{org}``; fields GitHub only shows to owners become Unknowns when absent, nulls are None."""
    body = client.request("GET", f"/orgs/{org}").json or {}
    # A key present as null is a setting that is unset (GitHub sends an empty name, company, blog,
    # location or email as null): None, known. Only an absent key means "not shown to this token".
    seen = {name: body[name] for name in OrganizationSettings.model_fields if name in body}
    unknowns = [
        Unknown(f"settings/{name}", "not shown to this token (organisation owners only, or not on this plan)")
        for name in OrganizationSettings.model_fields
        if name not in body
    ]
    plan = body.get("plan")
    return SettingsRead(
        settings=OrganizationSettings.model_validate(seen),
        plan_name=str(plan.get("name") or "") if isinstance(plan, dict) else "",
        unknowns=unknowns,
    )


@dataclass
class CustomRolesRead:
    roles: dict[str, CustomRole] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    # Set when the token may not list them: grants may then name roles GraphQL cannot show.
    unknown: Unknown | None = None


def read_custom_roles(client: GitHubClient, org: str) -> CustomRolesRead:
    """Custom repository roles; GitHub answers 404 where the plan has none (only Enterprise Cloud does)."""
    read = CustomRolesRead()
    try:
        body = client.request("GET", f"/orgs/{org}/custom-repository-roles").json or {}
    except GitHubApiError as error:
        if error.status == 404:
            return read
        if error.status == 403:
            read.unknown = Unknown("custom_roles", f"not visible to this token ({error.github_message})")
            return read
        raise
    for role in body.get("custom_roles") or ():
        name = str(role["name"])
        read.ids[name] = int(role["id"])
        read.roles[name] = CustomRole(
            description=role.get("description"),
            base_role=role["base_role"],
            permissions=tuple(role.get("permissions") or ()),
        )
    return read


def read_organization_rulesets(client: GitHubClient, org: str) -> list[dict[str, Any]] | Unknown:
    """Full bodies of the organisation's own rulesets (the list holds summaries only)."""
    try:
        summaries = [
            summary
            for summary in client.paginate(f"/orgs/{org}/rulesets")
            if summary.get("source_type", "Organization") == "Organization"
        ]
        return [client.request("GET", f"/orgs/{org}/rulesets/{summary['id']}").json for summary in summaries]
    except GitHubApiError as error:
        if error.status in (403, 404):
            return Unknown(
                "rulesets", f"organisation rulesets are not visible to this token ({error.github_message})"
            )
        raise


def lookup_id(client: GitHubClient, path: str) -> int | None:
    """The ``id`` of ``GET path`` (a user or an App), or None when GitHub does not know it."""
    try:
        body = client.request("GET", path).json
    except GitHubApiError as error:
        if error.status == 404:
            return None
        raise
    return int(body["id"]) if isinstance(body, dict) and "id" in body else None


def lookup_login(client: GitHubClient, account_id: int) -> str | None:
    """The login of the account with ``account_id`` (``GET /user/{account_id}``), or None when GitHub
    does not know it (a deleted account)."""
    try:
        body = client.request("GET", f"/user/{account_id}").json
    except GitHubApiError as error:
        if error.status == 404:
            return None
        raise
    return str(body["login"]) if isinstance(body, dict) and body.get("login") else None
