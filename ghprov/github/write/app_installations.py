"""APP_INSTALLATION_REPOSITORY changes → PUT or DELETE ``/user/installations/{id}/repositories/{repo_id}``.

GitHub takes these from a user token with admin access to the repository (an owner's); an App's own
token is refused, and apply reports GitHub's answer.
"""

from __future__ import annotations

from ghprov.github.write.facts import RepositoryId, ResourceId
from ghprov.github.write.requests import Target, Unsupported, WriteRequest, Writes, path
from ghprov.plan.changes import Action, Change
from ghprov.plan.kinds.app_installations import installation_address


def write_app_installation_repository(change: Change, target: Target) -> Writes:
    """Requests for an APP_INSTALLATION_REPOSITORY change (key: App slug, repository)."""
    app, repo = change.key
    installations = f"/orgs/{target.org}/installations"
    installation_id = ResourceId(installation_address(app), installations, "app_slug", app)
    where = path("user", "installations", installation_id, "repositories", RepositoryId(repo))
    if change.action is Action.CREATE:
        return [WriteRequest("PUT", where)]
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", where)]
    return Unsupported("a repository is only ever added to or removed from an installation")
