"""Organisation roles, who holds them, and the definitions of the organisation's own custom roles.

One listing of the roles, then each managed role's teams and users. GitHub has no bulk endpoint for
assignments, so this costs two requests per role: per declared role for a plan, per role (about seven
on most organisations) for import and audit. Holders are kept when assigned directly (``direct``, or
``mixed``: directly and through a team); ``indirect`` holders get the role through a team that is
listed itself.

The same listing carries the custom roles' definitions (``source: Organization``; predefined and
enterprise roles are not the organisation's to change). A config that defines custom roles also costs
the two permission lists, to check its permission names at plan; GitHub answers them with 404 outside
Enterprise Cloud, which is how the plan knows to refuse.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.github.wire import list_items
from ghprov.model import CustomOrganizationRole, Organization, OrganizationRoleAssignees, Unknown
from ghprov.plan.kinds.custom_organization_roles import (
    ORGANIZATION_PERMISSIONS,
    REPOSITORY_PERMISSIONS,
    SECTION,
)
from ghprov.plan.kinds.organization_roles import role_address

DIRECT = ("direct", "mixed")
# Where a role comes from; only the organisation's own are managed.
OWN_SOURCE = "Organization"


class OrganizationRoleReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return (
            scope is None
            or bool(scope.organization_roles)
            or bool(scope.custom_organization_roles)
            or scope.prune.organization_roles
            or scope.prune.custom_organization_roles
        )

    def read(self, client: GitHubClient, organization: str, scope: Organization | None = None) -> KindRead:
        found = KindRead()
        try:
            # Not a paginated endpoint: GitHub refuses per_page here, and answers every role at once.
            roles = list_items(client.request("GET", f"/orgs/{organization}/organization-roles").json)
        except GitHubApiError as error:
            if error.status not in (403, 404):
                raise
            reason = (
                f"GitHub answered {error.status} listing organisation roles: reading them needs an owner "
                "(or a token with the organisation's 'Custom organization roles' read permission)"
            )
            found.unknowns.extend([Unknown("organization_roles", reason), Unknown(SECTION, reason)])
            return found
        holders: dict[str, OrganizationRoleAssignees] = {}
        definitions: dict[str, CustomOrganizationRole] = {}
        for role in roles:
            if not isinstance(role, dict) or "id" not in role:
                continue
            name = str(role["name"])
            found.ids[role_address(name)] = int(role["id"])
            if role.get("source") == OWN_SOURCE:
                definitions[name] = _definition(role)
            if scope is not None and name not in scope.organization_roles:
                continue  # a plan reads the holders of the roles it manages only
            base = f"/orgs/{organization}/organization-roles/{role['id']}"
            holders[name] = OrganizationRoleAssignees(
                teams=_direct(client.paginate(f"{base}/teams"), "slug"),
                users=_direct(client.paginate(f"{base}/users"), "login"),
            )
        found.organization["organization_roles"] = holders
        found.organization[SECTION] = definitions
        if scope is not None and scope.custom_organization_roles:
            _read_permission_names(client, organization, found)
        return found


def _definition(role: dict[str, Any]) -> CustomOrganizationRole:
    # GitHub shows a role created without a description as null or empty: both mean "none".
    return CustomOrganizationRole(
        description=role.get("description") or None,
        base_role=role.get("base_role") or None,
        permissions=tuple(str(permission) for permission in role.get("permissions") or ()),
    )


def _read_permission_names(client: GitHubClient, organization: str, found: KindRead) -> None:
    """The permission names custom organisation roles may use (organisation, then repository ones)."""
    lists = {
        ORGANIZATION_PERMISSIONS: f"/orgs/{organization}/organization-fine-grained-permissions",
        REPOSITORY_PERMISSIONS: f"/orgs/{organization}/repository-fine-grained-permissions",
    }
    for key, endpoint in lists.items():
        try:
            items = list_items(client.request("GET", endpoint).json)
        except GitHubApiError as error:
            if error.status == 404:
                found.unavailable[SECTION] = f"GitHub answered 404 to GET {endpoint}"
                return
            if error.status == 403:
                return  # not readable with this token: GitHub checks the names when the role is written
            raise
        found.vocabularies[key] = tuple(
            sorted(str(item["name"]) for item in items if isinstance(item, dict) and "name" in item)
        )


def _direct(items: Any, field: str) -> tuple[str, ...]:
    return tuple(
        str(item[field])
        for item in items
        if isinstance(item, dict) and item.get("assignment", "direct") in DIRECT and field in item
    )


READER = OrganizationRoleReader()
