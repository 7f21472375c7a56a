"""ORGANIZATION_ROLE changes (custom organisation roles, GitHub Enterprise Cloud) → POST, PATCH and
DELETE ``/orgs/{org}/organization-roles[/{role_id}]``.

The creation's answer teaches the resolver the role's id under ``organization_role:<name>``, where the
assignment writer asks for it, so a role defined and assigned in one apply needs no listing.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import ResourceId
from ghprov.github.write.requests import Learn, Learned, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model import CustomOrganizationRole
from ghprov.plan.changes import Action, Change
from ghprov.plan.kinds.organization_roles import role_address


def _create_body(name: str, role: CustomOrganizationRole) -> dict[str, Any]:
    # ``permissions`` is required even when empty; the rest is left out when unset (no nulls allowed).
    body: dict[str, Any] = {"name": name, "permissions": list(role.permissions)}
    if role.description is not None:
        body["description"] = role.description
    if role.base_role is not None:
        body["base_role"] = role.base_role
    return body


def _update_body(role: CustomOrganizationRole, current: CustomOrganizationRole | None) -> dict[str, Any]:
    # PATCH leaves omitted fields alone, so clearing one means sending its empty value: "" for the
    # description, "none" for the base role (with the permissions in the same request, since GitHub
    # refuses to drop a base role while repository permissions remain).
    body: dict[str, Any] = {"permissions": list(role.permissions)}
    if role.description is not None:
        body["description"] = role.description
    elif current is not None and current.description:
        body["description"] = ""
    if role.base_role is not None:
        body["base_role"] = role.base_role
    elif current is None or current.base_role is not None:
        body["base_role"] = "none"
    return body


def write_custom_organization_role(change: Change, target: Target) -> Writes:
    """Requests for an ORGANIZATION_ROLE change (key: the role's name)."""
    (name,) = change.key
    collection = path("orgs", target.org, "organization-roles")
    listing = f"/orgs/{target.org}/organization-roles"
    role_id = ResourceId(role_address(name), listing, "name", name, paginated=False)
    if change.action is Action.CREATE:
        body = _create_body(name, change.desired_model(CustomOrganizationRole))
        learn = Learn(Learned.RESOURCE, (role_address(name), name))
        return [WriteRequest("POST", collection, body, learn=learn, creates=True)]
    if change.action is Action.UPDATE:
        desired = change.desired_model(CustomOrganizationRole)
        body = _update_body(desired, change.current_model(CustomOrganizationRole))
        return [WriteRequest("PATCH", (*collection, role_id), body)]
    if change.action is Action.DELETE:
        # 404: already gone, which is what the change wanted.
        return [WriteRequest("DELETE", (*collection, role_id), already_done=frozenset({404}))]
    return Unsupported(
        "custom organisation roles are identified by name: declare the new name and prune the old one"
    )
