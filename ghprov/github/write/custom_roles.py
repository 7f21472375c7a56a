"""Custom repository roles (GitHub Enterprise Cloud): POST, PATCH and DELETE by role id."""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import CustomRoleId
from ghprov.github.write.requests import Learn, Learned, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model import CustomRole
from ghprov.plan.changes import Action, Change


def _body(role: CustomRole, current: CustomRole | None) -> dict[str, Any]:
    body: dict[str, Any] = {"base_role": role.base_role, "permissions": list(role.permissions)}
    if role.description is not None:
        body["description"] = role.description
    elif current is not None and current.description:
        # PATCH leaves omitted fields alone, so clearing a description means sending it empty.
        body["description"] = ""
    return body


def write_custom_role(change: Change, target: Target) -> Writes:
    """Requests for a CUSTOM_ROLE change (key: role name)."""
    (name,) = change.key
    collection = path("orgs", target.org, "custom-repository-roles")
    if change.action is Action.CREATE:
        body = {"name": name, **_body(change.desired_model(CustomRole), None)}
        learn = Learn(Learned.CUSTOM_ROLE, (name,))
        return [WriteRequest("POST", collection, body, learn=learn, creates=True)]
    if change.action is Action.UPDATE:
        return [
            WriteRequest(
                "PATCH",
                (*collection, CustomRoleId(name)),
                _body(change.desired_model(CustomRole), change.current_model(CustomRole)),
            )
        ]
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", (*collection, CustomRoleId(name)))]
    return Unsupported("custom repository roles are identified by name and cannot be renamed by ghprov")
