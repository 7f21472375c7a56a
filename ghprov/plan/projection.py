"""The organisation as a plan leaves it: the live state with the plan's changes applied, in plan order.

Each kind's ``KindSpec.project`` applies one of its changes to the JSON form of the organisation (the
shape ``Organization.model_dump(mode="json")`` has), so the projection needs no table of kinds. Kinds
without a projection (settings the access matrix never reads) leave the state as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ghprov.model import LiveOrganization, Organization
from ghprov.plan.changes import Action, Change
from ghprov.plan.kinds.registry import spec_of


def project(
    live: LiveOrganization, changes: Iterable[Change], *, only: Callable[[Change], bool] | None = None
) -> Organization:
    """The live organisation after ``changes`` (those ``only`` accepts); invitations count as accepted."""
    document = live.state.model_dump(mode="json")
    members = document.get("members") or {"owners": [], "members": []}
    for login, role in live.pending_invitations.items():
        if login not in members["owners"] and login not in members["members"]:
            members["owners" if role == "admin" else "members"].append(login)
    document["members"] = members
    for change in changes:
        projector = spec_of(change.kind).project
        if projector is not None and (only is None or only(change)):
            projector(document, change)
    return Organization.model_validate(document)


def renames_only(change: Change) -> bool:
    return change.action is Action.RENAME
