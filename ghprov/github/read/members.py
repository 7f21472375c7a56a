"""Organisation members with their roles (GraphQL) and pending invitations (REST)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.graphql import GraphQLResult
from ghprov.github.read import connections
from ghprov.model import Unknown

INVITATION_ROLES = {"admin": "admin", "direct_member": "member"}


@dataclass
class MembersRead:
    viewer: str = ""
    owners: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    user_ids: dict[str, int] = field(default_factory=dict)


def add_members_page(read: MembersRead, org: str, result: GraphQLResult) -> None:
    """One page of owners and members (``queries.PARTS["members"]``) and the token's own login."""
    connections.fail_on(result.problems, what=f"the members of {org}")
    read.viewer = str(connections.dig(result.data, ("viewer", "login")) or read.viewer)
    for edge in connections.items(connections.dig(result.data, ("organization", "membersWithRole"))):
        user = edge.get("node") or {}
        login = str(user["login"])
        (read.owners if edge.get("role") == "ADMIN" else read.members).append(login)
        if user.get("databaseId"):
            read.user_ids[login] = int(user["databaseId"])


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
