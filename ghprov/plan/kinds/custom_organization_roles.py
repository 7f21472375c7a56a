"""Custom organisation role definitions (GitHub Enterprise Cloud): compared as whole values per role.

Only the organisation's own roles (``source: Organization``) are managed; GitHub's predefined roles and
enterprise-level ones are never planned for creation, change or deletion. A role's address is
``organization_role:<name>``, the address its id is recorded under, so an assignment to a role created
in the same apply depends on the creation and its writer finds the id the creation answered.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.errors import GhprovError
from ghprov.model import (
    ENTERPRISE_PLANS,
    PREDEFINED_ORGANIZATION_ROLES,
    CustomOrganizationRole,
    LiveOrganization,
    Organization,
)
from ghprov.plan.changes import Action, Change, Kind, address
from ghprov.plan.context import DiffContext, field_changes, non_default_fields
from ghprov.plan.kinds.edits import entry, put
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope

SECTION = "custom_organization_roles"
# Keys of ``LiveOrganization.vocabularies``: the permission names GitHub lists for organisation roles,
# and the repository permissions a role with a base role may add (they then apply to every repository).
ORGANIZATION_PERMISSIONS = f"{SECTION}/permissions"
REPOSITORY_PERMISSIONS = f"{SECTION}/repository_permissions"


def plan_custom_organization_roles(ctx: DiffContext) -> None:
    """Create or update declared roles; delete undeclared ones only with the prune switch."""
    desired = ctx.desired.custom_organization_roles
    prune = ctx.desired.prune.custom_organization_roles
    if not desired and not prune:
        return
    if desired:
        # Prune alone needs no check: an organisation without custom roles has none to delete.
        _require_enterprise(ctx)
    live_roles = ctx.live.state.custom_organization_roles
    names = list(CustomOrganizationRole.model_fields)
    for name in sorted(desired):
        role = desired[name]
        ctx.touch(f"{SECTION}/{name}", whole=True)
        _check_permissions(ctx, name, role)
        current = live_roles.get(name)
        if current is None:
            _require_free_name(ctx, name)
            fields = field_changes(None, role, non_default_fields(role))
            ctx.add(Change(Kind.ORGANIZATION_ROLE, Action.CREATE, (name,), fields, desired=role))
        elif current != role:
            fields = field_changes(current, role, names)
            ctx.add(
                Change(Kind.ORGANIZATION_ROLE, Action.UPDATE, (name,), fields, desired=role, current=current)
            )
    if not prune:
        return
    ctx.touch(SECTION)
    for name in sorted(set(live_roles) - set(desired)):
        if name in ctx.desired.organization_roles:
            # Deleting a role takes it from its holders: never while the config hands it out.
            ctx.find(
                "role-still-assigned",
                address(Kind.ORGANIZATION_ROLE, name),
                f"custom organisation role {name!r} is not declared under {SECTION} but organization_roles "
                "assigns it, so it is kept: declare it, or stop assigning it to delete it",
            )
            continue
        current = live_roles[name]
        fields = field_changes(current, None, non_default_fields(current))
        ctx.add(Change(Kind.ORGANIZATION_ROLE, Action.DELETE, (name,), fields, current=current))


def _require_enterprise(ctx: DiffContext) -> None:
    """Refuse before anything is sent: elsewhere GitHub answers the writes with 404."""
    organization = ctx.desired.organization
    reason = ctx.live.unavailable.get(SECTION)
    plan = ctx.live.plan_name
    if reason is None and plan and plan.lower() not in ENTERPRISE_PLANS:
        reason = f"{organization} is on GitHub's {plan!r} plan"
    if reason is not None:
        raise GhprovError(
            f"custom organisation roles need GitHub Enterprise Cloud: {reason}",
            f"remove {SECTION} (and prune.{SECTION}) from the config; predefined roles "
            f"({', '.join(PREDEFINED_ORGANIZATION_ROLES)}) can still be assigned under organization_roles",
        )


def _require_free_name(ctx: DiffContext, name: str) -> None:
    """A new role's name must not be a role the organisation already has but does not own."""
    taken = (
        name in PREDEFINED_ORGANIZATION_ROLES
        or address(Kind.ORGANIZATION_ROLE, name) in ctx.live.ids.resources
    )
    if taken:
        raise GhprovError(
            f"custom organisation role {name!r}: {ctx.desired.organization} already has a predefined or "
            "enterprise role of that name, which ghprov does not manage",
            f"give the custom role another name under {SECTION}; "
            "assign the existing one under organization_roles",
        )


def _check_permissions(ctx: DiffContext, name: str, role: CustomOrganizationRole) -> None:
    """Permission names against GitHub's lists, when the token could read them."""
    organization_permissions = ctx.live.vocabularies.get(ORGANIZATION_PERMISSIONS)
    repository_permissions = ctx.live.vocabularies.get(REPOSITORY_PERMISSIONS)
    if organization_permissions is None or repository_permissions is None:
        return  # not readable with this token: GitHub checks the names when the role is written
    for permission in role.permissions:
        if permission in organization_permissions:
            continue
        if permission in repository_permissions:
            if role.base_role is None:
                raise GhprovError(
                    f"custom organisation role {name!r}: {permission!r} is a repository permission, which "
                    "an organisation role may only add on top of a base role",
                    "set base_role (read, triage, write, maintain or admin): the permission then applies "
                    "to every repository",
                )
            continue
        valid = sorted({*organization_permissions, *repository_permissions})
        raise GhprovError(
            f"custom organisation role {name!r}: GitHub has no permission {permission!r}",
            f"use one of: {', '.join(valid)}",
        )


def _live_count(organization: Organization) -> int:
    return len(organization.custom_organization_roles)


def _live_digests(live: LiveOrganization) -> Iterable[tuple[str, Any]]:
    for name, role in live.state.custom_organization_roles.items():
        yield address(Kind.ORGANIZATION_ROLE, name), role.model_dump(mode="json")


def _project(organization: dict[str, Any], change: Change) -> None:
    (name,) = change.key
    put(entry(organization, SECTION), change, name)
    if change.action is Action.DELETE:
        # GitHub takes a deleted role from everyone who held it.
        entry(organization, "organization_roles").pop(name, None)


ORGANIZATION_ROLE = KindSpec(
    Kind.ORGANIZATION_ROLE,
    label="custom organization role",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.MODEL,
    model=CustomOrganizationRole,
    differ=plan_custom_organization_roles,
    prune_switch=SECTION,
    live_count=_live_count,
    live_digests=_live_digests,
    project=_project,
)
