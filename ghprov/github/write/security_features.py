"""REPOSITORY_SECURITY changes → ``PATCH /repos/{owner}/{repo}`` (``security_and_analysis``) and the
enable (PUT) / disable (DELETE) endpoints of the features that have their own.

Enabling runs in dependency order (alerts before Dependabot security updates; the PATCH, which turns
on secret scanning with its push protection, first); disabling runs the other way round.
"""

from __future__ import annotations

from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.security_features import PATCHED, TOGGLES, RepositorySecurity
from ghprov.plan.changes import Action, Change


def _status(enabled: bool) -> dict[str, str]:
    return {"status": "enabled" if enabled else "disabled"}


def write_repository_security(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY_SECURITY update (key: repository)."""
    if change.action is not Action.UPDATE:
        return Unsupported("a repository's security features always exist; they can only be updated")
    desired = change.desired_model(RepositorySecurity)
    (repo,) = change.key
    changed = desired.managed_values()
    analysis = {name: _status(bool(changed[name])) for name in PATCHED if name in changed}
    requests: list[WriteRequest] = []
    if analysis:
        body = {"security_and_analysis": analysis}
        requests.append(WriteRequest("PATCH", path("repos", target.org, repo), body))
    toggled = [name for name in TOGGLES if name in changed]
    for name in toggled:
        if changed[name]:
            requests.append(WriteRequest("PUT", path("repos", target.org, repo, TOGGLES[name])))
    for name in reversed(toggled):
        if not changed[name]:
            requests.append(WriteRequest("DELETE", path("repos", target.org, repo, TOGGLES[name])))
    return requests
