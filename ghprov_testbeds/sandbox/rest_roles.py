"""REST: custom repository roles (Enterprise Cloud) and organisation roles (PAT grants: ``rest_pats``)."""

from __future__ import annotations

from ghprov_testbeds.sandbox import access, audit_events, lookup
from ghprov_testbeds.sandbox.render_org import custom_role_json
from ghprov_testbeds.sandbox.state import CustomRole, now_iso
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, forbidden, not_found

routes = RouteTable()
ROLES_DOCS = "https://docs.github.com/enterprise-cloud@latest/rest/orgs/custom-roles"
MAX_CUSTOM_ROLES = 5
# The permission vocabulary of custom repository roles (GET /orgs/{org}/repository-fine-grained-permissions).
FINE_GRAINED_PERMISSIONS = {
    "add_assignee": "Assign or remove a user",
    "add_label": "Add or remove a label",
    "bypass_branch_protection": "Bypass branch protections",
    "close_issue": "Close an issue",
    "create_tag": "Create tags",
    "delete_tag": "Delete tags",
    "edit_repo_metadata": "Edit repository metadata",
    "manage_deploy_keys": "Manage deploy keys",
    "manage_settings_merge_types": "Manage pull request merging settings",
    "manage_webhooks": "Manage webhooks",
    "push_protected_branch": "Push to protected branches",
    "read_code_scanning": "Read code scanning results",
    "set_interaction_limits": "Set interaction limits",
    "view_dependabot_alerts": "View Dependabot alerts",
    "write_code_scanning": "Upload code scanning results",
}


def _invalid(field_name: str, message: str) -> ApiError:
    return ApiError(
        422,
        "Validation Failed",
        errors=[
            {"resource": "CustomRepositoryRole", "code": "custom", "field": field_name, "message": message}
        ],
        documentation_url=ROLES_DOCS,
    )


def _check_permissions(permissions: list[str]) -> None:
    unknown = [p for p in permissions if p not in FINE_GRAINED_PERMISSIONS]
    if unknown:
        raise _invalid("permissions", f"Unknown permissions: {', '.join(unknown)}")


def _role(request: Request) -> CustomRole:
    try:
        role = request.state.custom_roles.get(int(request.params["role_id"]))
    except ValueError:
        role = None
    if role is None:
        raise not_found(ROLES_DOCS)
    return role


def _role_reader(request: Request) -> None:
    """Org owners and admins of any repository may read custom roles."""
    state = request.state
    if access.is_owner(state, request.identity):
        return
    if not any(access.can(state, request.identity, repo, "admin") for repo in state.repositories.values()):
        raise forbidden(
            "You must be an organization owner or a repository administrator to list custom roles."
        )


@routes.get("/orgs/{org}/custom-repository-roles")
def list_custom_roles(request: Request) -> Response:
    lookup.org(request)
    lookup.require_enterprise(request)
    _role_reader(request)
    roles = sorted(request.state.custom_roles.values(), key=lambda role: role.id)
    items = [custom_role_json(request.base_url, request.state, role) for role in roles]
    return Response(200, {"total_count": len(items), "custom_roles": items})


@routes.post("/orgs/{org}/custom-repository-roles")
def create_custom_role(request: Request) -> Response:
    lookup.org(request)
    lookup.require_enterprise(request)
    lookup.owner(request)
    state = request.state
    body = request.json_object()
    name = str(body.get("name", ""))
    if name.lower() in ("read", "triage", "write", "maintain", "admin", "pull", "push"):
        raise _invalid("name", "Name cannot be the name of a built-in role")
    if state.custom_role_by_name(name) is not None:
        raise _invalid("name", "Name has already been taken")
    if len(state.custom_roles) >= MAX_CUSTOM_ROLES:
        raise _invalid("base", f"An organization can have at most {MAX_CUSTOM_ROLES} custom repository roles")
    permissions = [str(p) for p in body.get("permissions", [])]
    _check_permissions(permissions)
    role = CustomRole(
        id=state.new_id(),
        name=name,
        base_role=str(body["base_role"]),
        description=body.get("description"),
        permissions=permissions,
    )
    state.custom_roles[role.id] = role
    _record(request, "role.create", role)
    return Response(201, custom_role_json(request.base_url, state, role))


def _record(request: Request, action: str, role: CustomRole) -> None:
    audit_events.record(request, action, name=role.name, base_role=role.base_role)


@routes.get("/orgs/{org}/custom-repository-roles/{role_id}")
def get_custom_role(request: Request) -> Response:
    lookup.org(request)
    lookup.require_enterprise(request)
    _role_reader(request)
    return Response(200, custom_role_json(request.base_url, request.state, _role(request)))


@routes.patch("/orgs/{org}/custom-repository-roles/{role_id}")
def update_custom_role(request: Request) -> Response:
    lookup.org(request)
    lookup.require_enterprise(request)
    lookup.owner(request)
    role = _role(request)
    body = request.json_object()
    state = request.state
    if "name" in body and body["name"] != role.name:
        clash = state.custom_role_by_name(str(body["name"]))
        if clash is not None and clash.id != role.id:
            raise _invalid("name", "Name has already been taken")
        # Grants refer to roles by name, so a rename carries over to every team grant.
        for team in state.teams.values():
            for repo_name, granted in list(team.repos.items()):
                if granted == role.name:
                    team.repos[repo_name] = str(body["name"])
        role.name = str(body["name"])
    if "permissions" in body:
        _check_permissions([str(p) for p in body["permissions"]])
        role.permissions = [str(p) for p in body["permissions"]]
    if "description" in body:
        role.description = body["description"]
    if "base_role" in body:
        role.base_role = str(body["base_role"])
    role.updated_at = now_iso()
    _record(request, "role.update", role)
    return Response(200, custom_role_json(request.base_url, state, role))


@routes.delete("/orgs/{org}/custom-repository-roles/{role_id}")
def delete_custom_role(request: Request) -> Response:
    lookup.org(request)
    lookup.require_enterprise(request)
    lookup.owner(request)
    role = _role(request)
    # "Any user, team, or invitation with the deleted custom role will be reassigned the inherited role."
    for team in request.state.teams.values():
        for repo_name, granted in list(team.repos.items()):
            if granted == role.name:
                team.repos[repo_name] = role.base_role
    del request.state.custom_roles[role.id]
    _record(request, "role.destroy", role)
    return Response(204)


@routes.get("/orgs/{org}/repository-fine-grained-permissions")
def list_fine_grained_permissions(request: Request) -> Response:
    lookup.org(request)
    lookup.require_enterprise(request)
    lookup.owner(request)
    return Response(
        200, [{"name": name, "description": text} for name, text in FINE_GRAINED_PERMISSIONS.items()]
    )
