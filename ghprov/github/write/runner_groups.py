"""RUNNER_GROUP changes → ``PATCH /orgs/{org}/actions/runner-groups/{id}`` (visibility, public
repositories) and ``PUT …/{id}/repositories`` (the selected repositories, as ids), in that order:
the list applies once the group's visibility is ``selected``."""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import ResourceId
from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.runner_groups import RunnerGroupAccess
from ghprov.plan.changes import Action, Change, Kind, address


def _repository_id(target: Target, name: str) -> ResourceId:
    return ResourceId(address(Kind.REPOSITORY, name), f"/orgs/{target.org}/repos", "name", name)


def write_runner_group(change: Change, target: Target) -> Writes:
    """Requests for a RUNNER_GROUP update (key: group name)."""
    if change.action is not Action.UPDATE:
        return Unsupported(
            "runner groups are created where their runners are registered; ghprov updates them"
        )
    desired = change.desired_model(RunnerGroupAccess)
    (name,) = change.key
    group = ResourceId(change.address, f"/orgs/{target.org}/actions/runner-groups", "name", name)
    base = path("orgs", target.org, "actions", "runner-groups", group)
    changed = desired.managed_values()
    requests: list[WriteRequest] = []
    settings: dict[str, Any] = {
        key: changed[key] for key in ("visibility", "allows_public_repositories") if key in changed
    }
    if settings:
        # The PATCH requires the name; sending the current one keeps it.
        body: dict[str, Any] = {"name": name, **settings}
        requests.append(WriteRequest("PATCH", base, body))
    if "selected_repositories" in changed:
        ids = [_repository_id(target, repo) for repo in desired.selected_repositories or ()]
        requests.append(WriteRequest("PUT", (*base, "repositories"), {"selected_repository_ids": ids}))
    return requests
