"""RUNNER_GROUP changes → ``/orgs/{org}/actions/runner-groups``.

Create: one POST with the declared settings and the selected repositories as ids (GitHub's defaults
for the rest); the id it answers with serves later changes. Update: PATCH, then ``PUT …/{id}/repositories``
(the list applies once the group's visibility is ``selected``). The PATCH body documents defaults
for ``allows_public_repositories`` and ``restricted_to_workflows``, so it carries the live value of
every setting the config does not change, never relying on what an omitted key means. Delete: one
DELETE (GitHub moves the group's runners to ``Default``).
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import ResourceId
from ghprov.github.write.requests import Learn, Learned, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.runner_groups import SETTINGS, RunnerGroupAccess
from ghprov.plan.changes import Action, Change, Kind, address

# Deleting what is already gone reaches the change's goal.
GONE = frozenset({404})


def _repository_id(target: Target, name: str) -> ResourceId:
    return ResourceId(address(Kind.REPOSITORY, name), f"/orgs/{target.org}/repos", "name", name)


def _wire(group: RunnerGroupAccess) -> dict[str, Any]:
    """The managed values as JSON sends them (lists, not tuples)."""
    return {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in group.managed_values().items()
    }


def write_runner_group(change: Change, target: Target) -> Writes:
    """Requests for a RUNNER_GROUP change (key: group name)."""
    (name,) = change.key
    listing = path("orgs", target.org, "actions", "runner-groups")
    group = ResourceId(change.address, "/" + "/".join(map(str, listing)), "name", name)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", (*listing, group), already_done=GONE)]
    if change.action not in (Action.CREATE, Action.UPDATE):
        return Unsupported("runner groups are identified by name; declare the new name and prune the old one")
    desired = change.desired_model(RunnerGroupAccess)
    changed = _wire(desired)
    ids = [_repository_id(target, repo) for repo in desired.selected_repositories or ()]
    if change.action is Action.CREATE:
        body: dict[str, Any] = {"name": name, **{key: changed[key] for key in SETTINGS if key in changed}}
        if "selected_repositories" in changed:
            body["selected_repository_ids"] = ids
        learn = Learn(Learned.RESOURCE, (change.address, name))
        return [WriteRequest("POST", listing, body, learn=learn, creates=True)]
    requests: list[WriteRequest] = []
    if any(key in changed for key in SETTINGS):
        current = change.current_model(RunnerGroupAccess)
        live = _wire(current) if current is not None else {}
        # The PATCH requires the name; sending the current one keeps it.
        patch: dict[str, Any] = {"name": name}
        for key in SETTINGS:
            if key in changed:
                patch[key] = changed[key]
            elif live.get(key) is not None:
                patch[key] = live[key]
        requests.append(WriteRequest("PATCH", (*listing, group), patch))
    if "selected_repositories" in changed:
        requests.append(
            WriteRequest("PUT", (*listing, group, "repositories"), {"selected_repository_ids": ids})
        )
    return requests
