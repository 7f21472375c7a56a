"""The organisation's App installations and the repositories each selected installation reaches.

``GET /orgs/{org}/installations`` (owners) names every installation and its repository selection; a
selected one's repositories come from ``GET /user/installations/{id}/repositories``, which GitHub
answers for a *user* token only — an App's own token cannot read another installation, so with one the
selected lists are an ``Unknown`` (the plan refuses to change them).
"""

from __future__ import annotations

from collections.abc import Mapping

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.model import AppInstallation, Organization, Unknown
from ghprov.plan.kinds.app_installations import installation, installation_address

OWNERS_ONLY = "listing the organisation's App installations needs an organisation owner's token"
USER_TOKEN = (
    "an installation's selected repositories are readable with a user token of an owner only "
    "(GitHub: GET /user/installations/{id}/repositories); an App's token cannot read them"
)


class AppInstallationReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or bool(scope.app_installations) or scope.prune.app_installations

    def read(self, client: GitHubClient, organization: str, scope: Organization | None = None) -> KindRead:
        found = KindRead()
        try:
            listed = list(client.paginate(f"/orgs/{organization}/installations"))
        except GitHubApiError as error:
            if error.status not in (403, 404):
                raise
            found.unknowns.append(Unknown("app_installations", OWNERS_ONLY))
            return found
        installations: dict[str, AppInstallation] = {}
        for item in listed:
            if not isinstance(item, dict) or "app_slug" not in item:
                continue
            app, ident = str(item["app_slug"]), int(item["id"])
            found.ids[installation_address(app)] = ident
            if item.get("repository_selection") != "selected":
                installations[app] = installation(None)
            elif scope is not None and app not in scope.app_installations:
                continue  # a plan reads only the installations it manages
            else:
                try:
                    repositories = client.paginate(f"/user/installations/{ident}/repositories")
                    installations[app] = installation(str(repo["name"]) for repo in repositories)
                except GitHubApiError as error:
                    if error.status not in (403, 404):
                        raise
                    found.unknowns.append(Unknown(f"app_installations/{app}", USER_TOKEN))
        found.organization["app_installations"] = installations
        return found


READER = AppInstallationReader()
