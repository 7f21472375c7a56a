"""ORGANIZATION_ROLE_ASSIGNMENT changes → PUT or DELETE `/orgs/{org}/organization-roles/{teams|users}/…`."""

from __future__ import annotations

from ghprov.github.write.facts import ResourceId, TeamSlug
from ghprov.github.write.requests import PathSegment, Target, Unsupported, WriteRequest, Writes, path
from ghprov.plan.changes import Action, Change
from ghprov.plan.kinds.organization_roles import role_address


def write_organization_role_assignment(change: Change, target: Target) -> Writes:
    """Requests for an ORGANIZATION_ROLE_ASSIGNMENT change (key: role, ``team:<slug>``/``user:<login>``)."""
    role, principal = change.key
    kind, name = principal.split(":", 1)
    listing = f"/orgs/{target.org}/organization-roles"
    role_id = ResourceId(role_address(role), listing, "name", role, paginated=False)
    holder: tuple[PathSegment, ...] = ("teams", TeamSlug(name)) if kind == "team" else ("users", name)
    role_path = path("orgs", target.org, "organization-roles", *holder, role_id)
    if change.action is Action.CREATE:
        return [WriteRequest("PUT", role_path)]
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", role_path)]
    return Unsupported("an organisation role assignment is only ever added or removed")
