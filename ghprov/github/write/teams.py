"""Teams: create (parent by id), update, rename and delete, addressed by slug."""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import TeamId, TeamSlug
from ghprov.github.write.requests import Learn, Learned, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model import Team
from ghprov.plan.changes import Action, Change

# The only team attributes a TEAM change carries; memberships and grants are changes of their own.
TEAM_ATTRIBUTES = ("description", "privacy", "parent")


def _attribute(name: str, value: Any) -> tuple[str, Any]:
    if name == "parent":
        # GitHub nests by id; ``null`` un-nests. Never the legacy ``permission`` (gone in 2026-03-10).
        return "parent_team_id", TeamId(value) if value is not None else None
    return name, value


def _create(name: str, team: Team, target: Target) -> list[WriteRequest]:
    body: dict[str, Any] = {"name": name}
    for attribute in TEAM_ATTRIBUTES:
        value = getattr(team, attribute)
        if value is not None:
            key, wire = _attribute(attribute, value)
            body[key] = wire
    requests = [
        WriteRequest(
            "POST", path("orgs", target.org, "teams"), body, learn=Learn(Learned.TEAM, (name,)), creates=True
        )
    ]
    # GitHub makes a user who creates a team its maintainer; when the config manages the team's
    # members and does not list that user, undo it so the next plan is empty.
    if target.viewer and team.manages_membership and target.viewer not in team.member_roles():
        requests.append(
            WriteRequest(
                "DELETE",
                path("orgs", target.org, "teams", TeamSlug(name), "memberships", target.viewer),
                already_done=frozenset({404}),
            )
        )
    return requests


def _changed_attributes(change: Change) -> list[str]:
    # The plan's field list is authoritative: it compares parents after renames, which a plain
    # desired-vs-current comparison would mistake for a change.
    listed = {field.field for field in change.fields}
    if listed:
        return [name for name in TEAM_ATTRIBUTES if name in listed]
    desired = change.desired_model(Team)
    current = change.current_model(Team)
    return [
        name
        for name in TEAM_ATTRIBUTES
        if name in desired.model_fields_set
        and (current is None or getattr(current, name) != getattr(desired, name))
    ]


def _update(name: str, change: Change, target: Target) -> list[WriteRequest]:
    body = dict(
        _attribute(attribute, getattr(change.desired, attribute)) for attribute in _changed_attributes(change)
    )
    if not body:
        return []
    return [WriteRequest("PATCH", path("orgs", target.org, "teams", TeamSlug(name)), body)]


def write_team(change: Change, target: Target) -> Writes:
    """Requests for a TEAM change (key: team name; RENAME key: new name)."""
    (name,) = change.key
    if change.action is Action.CREATE:
        return _create(name, change.desired_model(Team), target)
    if change.action is Action.UPDATE:
        return _update(name, change, target)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", path("orgs", target.org, "teams", TeamSlug(name)))]
    renamed = next((field for field in change.fields if field.field == "name"), None)
    if renamed is None:
        return Unsupported("a team rename must name the old and new names")
    return [
        WriteRequest(
            "PATCH",
            path("orgs", target.org, "teams", TeamSlug(renamed.before)),
            {"name": renamed.after},
            learn=Learn(Learned.TEAM, (renamed.after,)),
        )
    ]
