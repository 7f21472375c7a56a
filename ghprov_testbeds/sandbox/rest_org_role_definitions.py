"""REST: custom organisation roles (GitHub Enterprise Cloud) — create, update, delete — and the
fine-grained permissions they may grant.

Outside Enterprise Cloud these endpoints answer 404, as GitHub's do for features an organisation's
plan lacks. Owners only. A role's ``permissions`` are organisation permissions (``ORGANIZATION_PERMISSIONS``)
and, only with a ``base_role``, repository permissions (the custom repository roles' vocabulary), which
then apply to every repository. Deleting a role takes it from every team and user holding it.
"""

from __future__ import annotations

from typing import Any

from ghprov.model import PREDEFINED_ORGANIZATION_ROLES
from ghprov_testbeds.sandbox import audit_events, lookup
from ghprov_testbeds.sandbox.rest_org_roles import Role, custom_roles, find_role, role_json
from ghprov_testbeds.sandbox.rest_roles import FINE_GRAINED_PERMISSIONS as REPOSITORY_PERMISSIONS
from ghprov_testbeds.sandbox.state import now_iso
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, not_found

routes = RouteTable()
DOCS = "https://docs.github.com/enterprise-cloud@latest/rest/orgs/organization-roles"
# The sandbox's subset of GitHub's organisation permissions for custom organisation roles
# (GET /orgs/{org}/organization-fine-grained-permissions).
ORGANIZATION_PERMISSIONS = {
    "read_organization_custom_org_role": "View organization roles",
    "write_organization_custom_org_role": "Manage custom organization roles",
    "read_organization_custom_repo_role": "View custom repository roles",
    "write_organization_custom_repo_role": "Manage custom repository roles",
    "read_organization_actions_usage_metrics": "View organization Actions usage metrics",
    "write_organization_actions_secrets": "Manage organization Actions secrets",
    "write_organization_actions_settings": "Manage organization Actions policies",
    "write_organization_actions_variables": "Manage organization Actions variables",
    "write_organization_runners_and_runner_groups": "Manage organization runners and runner groups",
    "read_audit_logs": "Read the organization's audit log",
}


def _invalid(field_name: str, message: str) -> ApiError:
    error = {"resource": "OrganizationRole", "code": "custom", "field": field_name, "message": message}
    return ApiError(422, "Validation Failed", errors=[error], documentation_url=DOCS)


def _check(permissions: list[str], base_role: str | None) -> None:
    """GitHub's rules: known names only; repository permissions need a base role."""
    unknown = [
        p for p in permissions if p not in ORGANIZATION_PERMISSIONS and p not in REPOSITORY_PERMISSIONS
    ]
    if unknown:
        raise _invalid("permissions", f"Unknown permissions: {', '.join(unknown)}")
    if base_role is None and any(p in REPOSITORY_PERMISSIONS for p in permissions):
        raise _invalid("base_role", "A base role is required to include repository permissions")


def _writable(request: Request) -> None:
    lookup.org(request)
    lookup.require_enterprise(request)
    lookup.owner(request)


def _custom(request: Request) -> tuple[Role, dict[str, Any]]:
    """The custom role ``{role_id}`` names and its definition; predefined roles cannot be changed
    (404, as for unknown ids)."""
    role = find_role(request)
    if role.custom is None:
        raise not_found(DOCS)
    return role, role.custom


def _record(request: Request, action: str, definition: dict[str, Any]) -> None:
    audit_events.record(request, action, name=definition["name"], base_role=definition["base_role"])


@routes.post("/orgs/{org}/organization-roles")
def create_role(request: Request) -> Response:
    _writable(request)
    state = request.state
    body = request.json_object()
    name = str(body.get("name", "")).strip()
    if not name:
        raise _invalid("name", "Name can't be blank")
    taken = {role["name"].lower() for role in custom_roles(state)} | set(PREDEFINED_ORGANIZATION_ROLES)
    if name.lower() in taken:
        raise _invalid("name", "Name has already been taken")
    base_role = body.get("base_role")
    permissions = [str(p) for p in body.get("permissions", [])]
    _check(permissions, base_role)
    now = now_iso()
    with state.lock:
        definition: dict[str, Any] = {
            "id": state.new_id(),
            "name": name,
            "description": body.get("description"),
            "base_role": base_role,
            "permissions": sorted(set(permissions)),
            "created_at": now,
            "updated_at": now,
        }
        custom_roles(state).append(definition)
    _record(request, "organization_role.create", definition)
    return Response(201, role_json(request, Role(definition["id"], name, definition)))


@routes.patch("/orgs/{org}/organization-roles/{role_id}")
def update_role(request: Request) -> Response:
    _writable(request)
    role, definition = _custom(request)
    body = request.json_object()
    state = request.state
    name = str(body.get("name", definition["name"]))
    if name != definition["name"]:
        others = {r["name"].lower() for r in custom_roles(state) if r is not definition}
        if name.lower() in others | set(PREDEFINED_ORGANIZATION_ROLES):
            raise _invalid("name", "Name has already been taken")
    base_role = definition["base_role"] if "base_role" not in body else body["base_role"]
    base_role = None if base_role == "none" else base_role
    permissions = [str(p) for p in body.get("permissions", definition["permissions"])]
    # Dropping the base role while repository permissions remain is refused, as GitHub documents.
    _check(permissions, base_role)
    with state.lock:
        definition.update(
            name=name,
            base_role=base_role,
            permissions=sorted(set(permissions)),
            description=body.get("description", definition["description"]),
            updated_at=now_iso(),
        )
    _record(request, "organization_role.update", definition)
    return Response(200, role_json(request, Role(role.id, name, definition)))


@routes.delete("/orgs/{org}/organization-roles/{role_id}")
def delete_role(request: Request) -> Response:
    _writable(request)
    role, definition = _custom(request)
    features = request.state.features.organization
    with request.state.lock:
        custom_roles(request.state).remove(definition)
        # Everyone holding the role loses it with the role.
        features.organization_role_team_ids.pop(str(role.id), None)
        features.organization_role_users.pop(str(role.id), None)
    _record(request, "organization_role.destroy", definition)
    return Response(204)


@routes.get("/orgs/{org}/organization-fine-grained-permissions")
def list_organization_permissions(request: Request) -> Response:
    lookup.org(request)
    lookup.require_enterprise(request)
    lookup.owner(request)
    return Response(
        200, [{"name": name, "description": text} for name, text in ORGANIZATION_PERMISSIONS.items()]
    )
