"""The benchmark organisation with collaborators and custom properties declared, and the same state
seeded into the sandbox, so the plan of it changes nothing and counts what these kinds cost to read.

Every repository has two property values; one repository in twenty has direct collaborators (one
member, one outside collaborator whose invitation is pending), as in an organisation where most
access goes through teams.
"""

from __future__ import annotations

import copy
from typing import Any

from ghprov_testbeds.sandbox.rest_collaborators import invite
from ghprov_testbeds.sandbox.state import GitHubState

TIERS = ["gold", "silver", "bronze"]
COLLABORATOR_EVERY = 20


def with_access_kinds(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with custom property definitions, values on every repository and collaborators."""
    extended = copy.deepcopy(document)
    extended["custom_properties"] = {
        "tier": {
            "value_type": "single_select",
            "allowed_values": TIERS,
            "required": True,
            "default_value": "bronze",
        },
        "owner": {"value_type": "string", "description": "Owning team"},
    }
    members = extended["members"]["members"]
    for index, (_, repository) in enumerate(sorted(extended["repositories"].items())):
        repository["properties"] = {"tier": TIERS[index % 3], "owner": f"team-{index % 150:03d}"}
        if index % COLLABORATOR_EVERY == 0:
            repository["collaborators"] = {members[index % len(members)]: "write", f"ext-{index:04d}": "read"}
    return extended


def seed_access_kinds(state: GitHubState, document: dict[str, Any]) -> None:
    """The sandbox state ``with_access_kinds`` describes (definitions, values, grants, invitations)."""
    features = state.features
    for name, definition in document["custom_properties"].items():
        features.organization.custom_properties[name] = {"property_name": name, **definition}
    for name, repository in document["repositories"].items():
        features.repository(name).custom_properties.update(repository.get("properties", {}))
        repo = state.repository(name)
        for login, role in repository.get("collaborators", {}).items():
            state.add_user(login)
            if login.startswith("ext-") and repo is not None:
                invite(state, repo, login, role, inviter=document["members"]["owners"][0])
            else:
                state.audit.collaborators.setdefault(name.lower(), {})[login] = role
