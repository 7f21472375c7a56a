"""CODE_SECURITY_CONFIGURATION changes → ``/orgs/{org}/code-security/configurations``: the settings
(POST to create, PATCH the changed ones), then the new-repository default (``PUT …/{id}/defaults``),
then the repositories to attach (``POST …/{id}/attach``, scope ``selected``). A configuration created
by this apply is found by the id its creation answered with.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import ResourceId
from ghprov.github.write.requests import Learn, Learned, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.code_security import SETTINGS, CodeSecurityConfiguration
from ghprov.plan.changes import Action, Change, Kind, address


def _repository_id(target: Target, name: str) -> ResourceId:
    return ResourceId(address(Kind.REPOSITORY, name), f"/orgs/{target.org}/repos", "name", name)


def write_code_security_configuration(change: Change, target: Target) -> Writes:
    """Requests for a CODE_SECURITY_CONFIGURATION create or update (key: configuration name)."""
    if change.action not in (Action.CREATE, Action.UPDATE):
        return Unsupported("ghprov does not delete code security configurations; delete it in the settings")
    desired = change.desired_model(CodeSecurityConfiguration)
    (name,) = change.key
    listing = path("orgs", target.org, "code-security", "configurations")
    ident = ResourceId(change.address, "/" + "/".join(map(str, listing)), "name", name)
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
    if desired.repositories:
        ids = [_repository_id(target, repo) for repo in desired.repositories]
        attach = {"scope": "selected", "selected_repository_ids": ids}
        requests.append(WriteRequest("POST", (*listing, ident, "attach"), attach))
    return requests
