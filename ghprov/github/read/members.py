"""Organisation members with their roles (GraphQL) and pending invitations (REST)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read import connections, queries
from ghprov.model import Unknown

INVITATION_ROLES = {"admin": "admin", "direct_member": "member"}


@dataclass
class MembersRead:
    viewer: str = ""
    owners: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    user_ids: dict[str, int] = field(default_factory=dict)


def read_members(client: GitHubClient, org: str, on_page: Callable[[Any], None] | None = None) -> MembersRead:
    """Owners and members of ``org`` (100 per request) and the token's own login."""
    read = MembersRead()
    path = ("organization", "membersWithRole")
    for result in connections.pages(client, queries.MEMBERS, {"org": org}, path, on_page):
        connections.fail_on(result.problems, what=f"the members of {org}")
        read.viewer = str(connections.dig(result.data, ("viewer", "login")) or "")
        for edge in connections.items(connections.dig(result.data, path)):
            user = edge.get("node") or {}
            login = str(user["login"])
            (read.owners if edge.get("role") == "ADMIN" else read.members).append(login)
            if user.get("databaseId"):
                read.user_ids[login] = int(user["databaseId"])
    return read


def read_invitations(client: GitHubClient, org: str) -> dict[str, str] | Unknown:
    """login → "admin"/"member" for pending invitations; an Unknown when the token may not list them."""
    try:
        invitations = list(client.paginate(f"/orgs/{org}/invitations"))
    except GitHubApiError as error:
        if error.status in (403, 404):
            return Unknown(
                "members", f"pending invitations are not visible to this token ({error.github_message})"
            )
        raise
    pending = {}
    for invitation in invitations:
        role = INVITATION_ROLES.get(str(invitation.get("role")))
        if invitation.get("login") and role:
            pending[str(invitation["login"])] = role
    return pending
