"""CODE_SECURITY_CONFIGURATION changes → ``/orgs/{org}/code-security/configurations``: the settings
(POST to create, PATCH the changed ones), then the new-repository default (``PUT …/{id}/defaults``),
then the repositories to attach (``POST …/{id}/attach``, scope ``selected``) and those to detach
(``DELETE …/configurations/detach``, at most 250 ids a request, GitHub's limit). A configuration
created by this apply is found by the id its creation answered with; a deletion is one
``DELETE …/{id}`` (GitHub detaches its repositories, which keep their settings).
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import ResourceId
from ghprov.github.write.requests import Learn, Learned, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.code_security import SETTINGS, CodeSecurityConfiguration
from ghprov.plan.changes import Action, Change, Kind, address

# ``selected_repository_ids`` of one detach request holds at most this many (the OpenAPI maxItems).
DETACH_BATCH = 250
# Deleting what is already gone reaches the change's goal.
GONE = frozenset({404})


def _repository_id(target: Target, name: str) -> ResourceId:
    return ResourceId(address(Kind.REPOSITORY, name), f"/orgs/{target.org}/repos", "name", name)


def write_code_security_configuration(change: Change, target: Target) -> Writes:
    """Requests for a CODE_SECURITY_CONFIGURATION change (key: configuration name)."""
    (name,) = change.key
    listing = path("orgs", target.org, "code-security", "configurations")
    ident = ResourceId(change.address, "/" + "/".join(map(str, listing)), "name", name)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", (*listing, ident), already_done=GONE)]
    if change.action not in (Action.CREATE, Action.UPDATE):
        return Unsupported(
            "configurations are identified by name; declare the new name and prune the old one"
        )
    desired = change.desired_model(CodeSecurityConfiguration)
    current = change.current_model(CodeSecurityConfiguration)
    changed = desired.managed_values()
    settings: dict[str, Any] = {key: changed[key] for key in SETTINGS if key in changed}
    requests: list[WriteRequest] = []
    if change.action is Action.CREATE:
        learn = Learn(Learned.RESOURCE, (change.address, name))
        requests.append(WriteRequest("POST", listing, {"name": name, **settings}, learn=learn, creates=True))
    elif settings:
        requests.append(WriteRequest("PATCH", (*listing, ident), settings))
    if "default_for_new_repos" in changed:
        default = {"default_for_new_repos": desired.default_for_new_repos}
        requests.append(WriteRequest("PUT", (*listing, ident, "defaults"), default))
    if "repositories" not in changed:
        return requests
    attached = set(current.repositories or ()) if current is not None else set()
    wanted = desired.repositories or ()
    attach = [repo for repo in wanted if repo not in attached]
    if attach:
        body = {"scope": "selected", "selected_repository_ids": [_repository_id(target, r) for r in attach]}
        requests.append(WriteRequest("POST", (*listing, ident, "attach"), body))
    detach = sorted(attached - set(wanted))
    for start in range(0, len(detach), DETACH_BATCH):
        ids = [_repository_id(target, repo) for repo in detach[start : start + DETACH_BATCH]]
        requests.append(WriteRequest("DELETE", (*listing, "detach"), {"selected_repository_ids": ids}))
    return requests
