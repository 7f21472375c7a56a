"""Organisation roles and who holds them: one listing of the roles, then each role's teams and users.

GitHub has no bulk endpoint for assignments, so this costs two requests per role: per declared role
for a plan, per role (about seven on most organisations) for import and audit. Holders are kept when
assigned directly (``direct``, or ``mixed``: directly and through a team); ``indirect`` holders get
the role through a team that is listed itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.github.wire import list_items
from ghprov.model import Organization, OrganizationRoleAssignees, Unknown
from ghprov.plan.kinds.organization_roles import role_address

DIRECT = ("direct", "mixed")


class OrganizationRoleReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or bool(scope.organization_roles) or scope.prune.organization_roles

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
            found.unknowns.append(Unknown("organization_roles", reason))
            return found
        holders: dict[str, OrganizationRoleAssignees] = {}
        for role in roles:
            if not isinstance(role, dict) or "id" not in role:
                continue
            name = str(role["name"])
            found.ids[role_address(name)] = int(role["id"])
            if scope is not None and name not in scope.organization_roles:
                continue  # a plan reads the holders of the roles it manages only
            base = f"/orgs/{organization}/organization-roles/{role['id']}"
            holders[name] = OrganizationRoleAssignees(
                teams=_direct(client.paginate(f"{base}/teams"), "slug"),
                users=_direct(client.paginate(f"{base}/users"), "login"),
            )
        found.organization["organization_roles"] = holders
        return found


def _direct(items: Any, field: str) -> tuple[str, ...]:
    return tuple(
        str(item[field])
        for item in items
        if isinstance(item, dict) and item.get("assignment", "direct") in DIRECT and field in item
    )


READER = OrganizationRoleReader()
