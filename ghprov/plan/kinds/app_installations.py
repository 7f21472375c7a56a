"""Which repositories a GitHub App installation may reach: one change per repository added or removed.

Only a *selected* installation can be changed through the API. An installation on all repositories
that the config wants narrowed (or the reverse) is a finding: a person switches the mode on the
installation's settings page, and the next plan manages the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ghprov.errors import GhprovError
from ghprov.model import ALL_REPOSITORIES, AppInstallation, Organization
from ghprov.plan.changes import Action, Change, FieldChange, Kind, address
from ghprov.plan.context import DiffContext
from ghprov.plan.kinds.edits import entry
from ghprov.plan.kinds.spec import KindSpec, PayloadShape, Scope, TeamNames


def installation_address(app: str) -> str:
    """Where the reader records an installation's id (``ids.resources``)."""
    return f"app_installation:{app}"


def plan_app_installations(ctx: DiffContext) -> None:
    """Add declared repositories to selected installations; remove the rest with prune."""
    for app in sorted(ctx.desired.app_installations):
        ctx.touch(f"app_installations/{app}", whole=True)
        current = ctx.live.state.app_installations.get(app)
        if current is None and any(
            unknown.startswith(f"app_installations/{app}") or unknown == "app_installations"
            for unknown in ctx.blind
        ):
            continue  # unreadable, not missing: the plan is refused with the reason
        if current is None:
            raise GhprovError(
                f"the App {app!r} is not installed on {ctx.desired.organization}",
                "install it (or fix the slug) first; ghprov manages an installation's repositories, "
                "not the installation itself",
            )
        wanted = ctx.desired.app_installations[app]
        if (wanted.selected is None) != (current.selected is None):
            mode = "all repositories" if current.selected is None else "selected repositories"
            ctx.find(
                "installation-mode",
                address(Kind.APP_INSTALLATION_REPOSITORY, app),
                f"{app} is installed on {mode}; GitHub's API cannot switch an installation between all and "
                "selected repositories: change it on the installation's settings page",
            )
            continue
        if wanted.selected is None or current.selected is None:
            continue
        live = {ctx.repository_name_after_renames(repo) for repo in current.selected}
        for repo in sorted(set(wanted.selected) - live):
            fields = (FieldChange("repository", None, repo),)
            ctx.add(Change(Kind.APP_INSTALLATION_REPOSITORY, Action.CREATE, (app, repo), fields, app))
        if ctx.desired.prune.app_installations:
            for repo in sorted(live - set(wanted.selected)):
                fields = (FieldChange("repository", repo, None),)
                change = Change(
                    Kind.APP_INSTALLATION_REPOSITORY, Action.DELETE, (app, repo), fields, None, app
                )
                ctx.add(change)


def _references(change: Change, team_names: TeamNames) -> Iterable[str]:
    return [address(Kind.REPOSITORY, change.key[1])]


def _live_count(organization: Organization) -> int:
    return sum(len(installation.selected or ()) for installation in organization.app_installations.values())


def _project(organization: dict[str, Any], change: Change) -> None:
    app, repo = change.key
    installation = entry(organization, "app_installations", app)
    listed = installation.get("repositories")
    if listed == ALL_REPOSITORIES:
        return
    repositories = [other for other in listed or [] if other != repo]
    if change.action is not Action.DELETE:
        repositories.append(repo)
    installation["repositories"] = sorted(repositories)


APP_INSTALLATION_REPOSITORY = KindSpec(
    Kind.APP_INSTALLATION_REPOSITORY,
    label="App installation",
    scope=Scope.ORGANIZATION,
    payload=PayloadShape.ROLE,
    differ=plan_app_installations,
    repository_key=1,
    prune_switch="app_installations",
    references=_references,
    live_count=_live_count,
    project=_project,
)


def installation(repositories: Iterable[str] | None) -> AppInstallation:
    """An installation on the given repositories (``None``: on all of them)."""
    if repositories is None:
        return AppInstallation()
    return AppInstallation(repositories=tuple(repositories))
