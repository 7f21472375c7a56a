"""Read a live organisation into the model, in bulk and fail-closed.

GraphQL carries members, teams and repositories (with protections and rulesets) in shared requests,
the next page of 100 of each per request (``organization_pages``), and the fields kind readers read on
every repository ride on the repository pages (``repository_fields``); REST fills in what only REST has,
including the nested teams' grants GraphQL cannot tell from inherited ones (``teams``). What the
token cannot see becomes an ``Unknown`` (paths like ``repositories/<repo>/<field>``,
``repositories/<repo>/rulesets/<name>``, ``settings/<field>``, ``members``, ``rulesets``); a change
at or below an Unknown's path must not be planned. Any other failure raises: no plan is ever made
from partial data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

import structlog

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.failures import is_plan_gated
from ghprov.github.read import apps, members, org, repositories, rulesets, teams
from ghprov.github.read.kinds import KindRead, RepositoryFieldsReader, merge_repository_values
from ghprov.github.read.organization_pages import Stream, read_together
from ghprov.github.read.progress import ReadProgress
from ghprov.github.read.registry import scheduled_reads
from ghprov.github.read.repository_fields import RepositoryFields
from ghprov.model import (
    LiveOrganization,
    Members,
    Organization,
    Repository,
    ResourceIds,
    Ruleset,
    Team,
    Unknown,
)
from ghprov.model.people import referenced_apps, referenced_logins

log = structlog.get_logger("ghprov.github")
T = TypeVar("T")
R = TypeVar("R")


def read_organization(
    client: GitHubClient,
    organization: str,
    scope: Organization | None = None,
    *,
    progress: bool | None = None,
    every_kind: bool = False,
) -> LiveOrganization:
    """The live state of ``organization``; ``scope`` (the desired state) only trims optional look-ups.

    Kinds the scope does not manage are not read, unless ``every_kind`` (the audit, which must see
    every access path whatever the config declares).
    """
    with ReadProgress(progress) as bars, ThreadPoolExecutor(max_workers=8) as pool:
        directory = rulesets.Directory()
        member_read = members.MembersRead()
        team_reads: list[teams.TeamRead] = []
        repo_reads: list[repositories.RepositoryRead] = []
        # ``every_kind`` (the audit) reads access kinds whole, not only where the config declares them.
        runs = scheduled_reads(scope, every_kind)
        # Kinds that read every repository through GraphQL ride on the shared repository pages.
        riders = {
            index: RepositoryFields(reader.repository_fields(kind_scope))
            for index, (reader, kind_scope) in enumerate(runs)
            if isinstance(reader, RepositoryFieldsReader)
        }
        streams = {
            "repositories": Stream(
                "repositories",
                partial(repositories.add_repositories_page, repo_reads, client, organization, directory),
                bars.tracker("repositories"),
                riders=tuple(riders.values()),
            ),
            "members": Stream(
                "members",
                partial(members.add_members_page, member_read, organization),
                bars.tracker("members"),
            ),
            "teams": Stream(
                "teams",
                partial(teams.add_teams_page, team_reads, client, organization),
                bars.tracker("teams"),
            ),
        }
        # First in the pool: every other read waits for the teams or runs beside the repository pages.
        pager = pool.submit(read_together, client, organization, list(streams.values()))
        settings_read = pool.submit(org.read_settings, client, organization)
        invitations = pool.submit(members.read_invitations, client, organization)
        roles_read = pool.submit(org.read_custom_roles, client, organization)
        org_ruleset_bodies = pool.submit(org.read_organization_rulesets, client, organization)
        kind_reads = [
            pool.submit(reader.read_repositories, client, organization, kind_scope, riders[index])
            if isinstance(reader, RepositoryFieldsReader)
            else pool.submit(reader.read, client, organization, kind_scope)
            for index, (reader, kind_scope) in enumerate(runs)
        ]

        # Nested teams' grants need the teams only: settle them while the repositories are still paging.
        streams["teams"].wait(pager)
        ambiguous = teams.strip_inherited(team_reads)
        in_scope = _teams_in_scope(team_reads, scope)
        nested = _start_settling_nested_grants(pool, client, organization, ambiguous, in_scope)
        roles = roles_read.result()
        names_pending = _start_reading_custom_role_names(
            pool, client, organization, team_reads, _may_grant_custom_roles(team_reads, in_scope, roles)
        )
        pager.result()

        live = LiveOrganization(state=Organization(organization=organization))
        ids = live.ids
        directory.teams.update({read.ref.id: read.name for read in team_reads})
        directory.custom_roles.update({role_id: name for name, role_id in roles.ids.items()})
        directory.users.update({user_id: login for login, user_id in member_read.user_ids.items()})
        ids.users.update(member_read.user_ids)
        ids.custom_roles.update(roles.ids)
        ids.teams.update({read.name: read.ref for read in team_reads})
        ids.repositories.update({read.name: read.ref for read in repo_reads})

        # Second wave: look-ups that need the first wave's names and ids.
        live.missing_accounts = _resolve_scope_references(pool, client, scope, ids, directory)
        rest_bodies = _reread_rulesets(pool, client, organization, repo_reads)
        org_bodies = org_ruleset_bodies.result()
        _name_installed_apps(client, organization, rest_bodies, org_bodies, directory)
        _name_users(pool, client, rest_bodies, org_bodies, directory)
        ids.apps.update({slug: app_id for app_id, slug in directory.apps.items()})
        rest_rulesets = _parse_rulesets(rest_bodies, directory)
        grant_names = {name: future.result() for name, future in names_pending.items()}
        for team_read in team_reads:
            # REST's role names are effective roles: trust them only where the grant was the team's own.
            names = grant_names.get(team_read.name, {})
            own = set(team_read.grants) - ambiguous.get(team_read.name, set())
            team_read.grants.update({repo: role for repo, role in names.items() if repo in own})
        unsettled = _finish_settling_nested_grants(team_reads, ambiguous, in_scope, nested)

        settings = settings_read.result()
        live.plan_name = settings.plan_name
        live.viewer = member_read.viewer
        live.unknowns.extend(_viewer_blind_spots(live.viewer, member_read))
        live.unknowns.extend(settings.unknowns)
        live.unknowns.extend(unsettled)
        if roles.unknown is not None:
            live.unknowns.append(roles.unknown)
        pending = invitations.result()
        if isinstance(pending, Unknown):
            live.unknowns.append(pending)
        else:
            live.pending_invitations.update(pending)
        organization_rulesets = _organization_rulesets(org_bodies, directory, ids, live.unknowns)
        extra: list[KindRead] = [future.result() for future in kind_reads]

    for kind_read in extra:
        ids.resources.update(kind_read.ids)
        live.unknowns.extend(kind_read.unknowns)
        live.vocabularies.update(kind_read.vocabularies)
        live.unavailable.update(kind_read.unavailable)

    for read in repo_reads:
        for _, found in rest_rulesets.get(read.name, []):
            if found.ruleset is None:
                read.unknowns.append(
                    Unknown(f"repositories/{read.name}/rulesets/{found.name}", found.unknown_reason)
                )
            else:
                read.rulesets[found.name] = found.ruleset
        for name, ruleset_id in read.ruleset_ids.items():
            ids.repository_rulesets[(read.name, name)] = ruleset_id
        for pattern, rule_id in read.protection_rule_ids.items():
            ids.protection_rules[(read.name, pattern)] = rule_id
        live.unknowns.extend(read.unknowns)
    live.state = Organization(
        organization=organization,
        settings=settings.settings,
        members=Members(owners=tuple(member_read.owners), members=tuple(member_read.members)),
        custom_roles=roles.roles,
        teams={read.name: _with_kind_values(read.team(), read.ref.slug, extra) for read in team_reads},
        repositories={
            read.name: Repository.model_validate(
                merge_repository_values(read.model_values(), read.name, extra)
            )
            for read in repo_reads
        },
        rulesets=organization_rulesets,
        **{name: value for kind_read in extra for name, value in kind_read.organization.items()},
    )
    log.info("github.read", organization=organization, **client.stats.as_dict(), unknowns=len(live.unknowns))
    return live


def _viewer_blind_spots(viewer: str, member_read: members.MembersRead) -> list[Unknown]:
    """What GitHub hides from a user that is not an owner (App installations see what they were granted)."""
    if viewer.endswith("[bot]") or viewer in member_read.owners:
        return []
    # Secret teams are shown only to owners and to their own members.
    blind = [Unknown("teams", f"{viewer} is not an owner: secret teams may be hidden")]
    if viewer not in member_read.members:
        blind.append(Unknown("repositories", f"{viewer} is not a member: private repositories are hidden"))
    return blind


def _in_parallel(pool: ThreadPoolExecutor, work: Callable[[T], R], inputs: Iterable[T]) -> list[tuple[T, R]]:
    futures: list[tuple[T, Future[R]]] = [(item, pool.submit(work, item)) for item in inputs]
    return [(item, future.result()) for item, future in futures]


def _teams_in_scope(team_reads: list[teams.TeamRead], scope: Organization | None) -> set[str]:
    """Names of the teams whose grants can reach the plan (every team when there is no scope)."""
    if scope is None:
        return {read.name for read in team_reads}
    # Grants of teams the configuration does not mention never reach the plan.
    return set(scope.teams) | {old for team in scope.teams.values() for old in team.previously}


def _may_grant_custom_roles(
    team_reads: list[teams.TeamRead], in_scope: set[str], roles: org.CustomRolesRead
) -> set[str]:
    """In-scope teams with an own grant that may be a custom role. GraphQL shows a custom role as its
    base role, so only a grant at some custom role's base role can be one (any grant while the roles
    are unknown); every other team would cost a REST request for nothing."""
    candidates = [read for read in team_reads if read.name in in_scope]
    if roles.unknown is not None:
        return {read.name for read in candidates}
    bases = {role.base_role for role in roles.roles.values()}
    return {read.name for read in candidates if bases & set(read.grants.values())}


def _start_reading_custom_role_names(
    pool: ThreadPoolExecutor,
    client: GitHubClient,
    organization: str,
    team_reads: list[teams.TeamRead],
    wanted: set[str],
) -> dict[str, Future[dict[str, str]]]:
    """team name → (pending) repository → role name through REST, for the ``wanted`` teams (GraphQL
    reports a custom role as its base role; only organisations that may have custom roles need this)."""
    return {
        read.name: pool.submit(teams.role_names, client, organization, read.ref.slug)
        for read in team_reads
        if read.name in wanted
    }


# A repository's direct team grants (team slug → role), or why the token may not list them.
DirectGrants = dict[str, str] | GitHubApiError


def _start_settling_nested_grants(
    pool: ThreadPoolExecutor,
    client: GitHubClient,
    organization: str,
    ambiguous: dict[str, set[str]],
    in_scope: set[str],
) -> dict[str, Future[DirectGrants]]:
    """One ``GET /repos/{org}/{repo}/teams`` per repository where an in-scope nested team's own grant
    cannot be told from what it inherits (see ``teams``' note on nested teams)."""

    def read(repo: str) -> DirectGrants:
        try:
            return teams.direct_grants(client, organization, repo)
        except GitHubApiError as error:
            if error.status in (403, 404):
                return error
            raise

    repos = sorted({repo for name, names in ambiguous.items() if name in in_scope for repo in names})
    return {repo: pool.submit(read, repo) for repo in repos}


def _finish_settling_nested_grants(
    team_reads: list[teams.TeamRead],
    ambiguous: dict[str, set[str]],
    in_scope: set[str],
    found: dict[str, Future[DirectGrants]],
) -> list[Unknown]:
    """Add the direct grants of nested teams that GraphQL shows only as inherited access; a repository
    whose teams the token may not list leaves those teams' grants Unknown."""
    unknowns: dict[str, Unknown] = {}
    for team_read in team_reads:
        if team_read.name not in in_scope:
            continue
        for repo in sorted(ambiguous.get(team_read.name, ())):
            grants = found[repo].result()
            if isinstance(grants, GitHubApiError):
                path = f"teams/{team_read.name}/repositories"
                reason = f"the teams of {repo} are not visible to this token ({grants.github_message})"
                unknowns.setdefault(path, Unknown(path, reason))
            elif team_read.ref.slug in grants:
                team_read.grants[repo] = grants[team_read.ref.slug]
    return list(unknowns.values())


def _resolve_scope_references(
    pool: ThreadPoolExecutor,
    client: GitHubClient,
    scope: Organization | None,
    ids: ResourceIds,
    directory: rulesets.Directory,
) -> list[str]:
    """Ids of the users and Apps the desired state names that the read did not show (writers need
    them); the names GitHub does not know at all, so the plan can refuse them before anything is sent.

    Members are known from the member read, so only the others cost a request each (invitees, outside
    collaborators, users and Apps named in protections and rulesets).
    """
    if scope is None:
        return []
    missing: list[str] = []
    # Collaborators are checked by their own kind, which names the repository in its refusal.
    collaborators = {
        login for repository in scope.repositories.values() for login in repository.collaborators
    }
    users = referenced_logins(scope) - collaborators
    apps = referenced_apps(scope)
    known_apps = set(directory.apps.values())
    for login, user_id in _in_parallel(
        pool, lambda login: org.lookup_id(client, f"/users/{login}"), sorted(users - set(ids.users))
    ):
        if user_id is None:
            missing.append(f"user {login}")
        else:
            ids.users[login] = user_id
            directory.users[user_id] = login
    for slug, app_id in _in_parallel(
        pool, lambda slug: org.lookup_id(client, f"/apps/{slug}"), sorted(apps - known_apps)
    ):
        if app_id is None:
            missing.append(f"App {slug}")
        else:
            directory.apps[app_id] = slug
    return missing


# A REST ruleset body, or the ruleset already settled as unreadable (plan-gated).
RulesetBody = dict[str, Any] | rulesets.ReadRuleset


def _reread_rulesets(
    pool: ThreadPoolExecutor,
    client: GitHubClient,
    organization: str,
    repo_reads: list[repositories.RepositoryRead],
) -> dict[str, list[tuple[int, RulesetBody]]]:
    """REST bodies of the repository rulesets whose GraphQL form cannot name every bypass actor."""
    wanted = [(read.name, ruleset_id) for read in repo_reads for ruleset_id in read.rest_rulesets]

    def fetch(target: tuple[str, int]) -> RulesetBody:
        repo, ruleset_id = target
        try:
            body = client.request("GET", f"/repos/{organization}/{repo}/rulesets/{ruleset_id}").json
        except GitHubApiError as error:
            if is_plan_gated(error):
                return rulesets.ReadRuleset(
                    str(ruleset_id), ruleset_id, None, unknown_reason=error.github_message
                )
            raise
        return dict(body)

    found: dict[str, list[tuple[int, RulesetBody]]] = {}
    for (repo, ruleset_id), body in _in_parallel(pool, fetch, wanted):
        found.setdefault(repo, []).append((ruleset_id, body))
    return found


def _ruleset_bodies(
    rest_bodies: dict[str, list[tuple[int, RulesetBody]]], org_bodies: list[dict[str, Any]] | Unknown
) -> list[dict[str, Any]]:
    """Every REST ruleset body read, repository and organisation."""
    bodies = [body for found in rest_bodies.values() for _, body in found if isinstance(body, dict)]
    return bodies + ([] if isinstance(org_bodies, Unknown) else org_bodies)


def _name_installed_apps(
    client: GitHubClient,
    organization: str,
    rest_bodies: dict[str, list[tuple[int, RulesetBody]]],
    org_bodies: list[dict[str, Any]] | Unknown,
    directory: rulesets.Directory,
) -> None:
    """Slugs of App bypass actors known only by id, from one installation list, and only when needed."""
    if apps.unnamed_app_ids(_ruleset_bodies(rest_bodies, org_bodies), directory.apps):
        for app_id, slug in apps.installed_apps(client, organization).items():
            directory.apps.setdefault(app_id, slug)


def _name_users(
    pool: ThreadPoolExecutor,
    client: GitHubClient,
    rest_bodies: dict[str, list[tuple[int, RulesetBody]]],
    org_bodies: list[dict[str, Any]] | Unknown,
    directory: rulesets.Directory,
) -> None:
    """Logins of user bypass actors who are not members (an invitee, an outside collaborator): one
    ``GET /user/{account_id}`` each, so an import names them rather than calling the ruleset unreadable."""
    bodies = _ruleset_bodies(rest_bodies, org_bodies)
    unnamed = sorted(rulesets.unnamed_actor_ids(bodies, "User", directory.users))
    for user_id, login in _in_parallel(pool, lambda ident: org.lookup_login(client, ident), unnamed):
        if login is not None:
            directory.users[user_id] = login


def _parse_rulesets(
    rest_bodies: dict[str, list[tuple[int, RulesetBody]]], directory: rulesets.Directory
) -> dict[str, list[tuple[int, rulesets.ReadRuleset]]]:
    return {
        repo: [
            (
                ruleset_id,
                body if isinstance(body, rulesets.ReadRuleset) else rulesets.from_rest(body, directory),
            )
            for ruleset_id, body in found
        ]
        for repo, found in rest_bodies.items()
    }


def _organization_rulesets(
    bodies: list[dict[str, Any]] | Unknown,
    directory: rulesets.Directory,
    ids: ResourceIds,
    unknowns: list[Unknown],
) -> dict[str, Ruleset]:
    if isinstance(bodies, Unknown):
        unknowns.append(bodies)
        return {}
    found = {}
    for body in bodies:
        read = rulesets.from_rest(body, directory)
        ids.organization_rulesets[read.name] = read.database_id
        if read.ruleset is None:
            unknowns.append(Unknown(f"rulesets/{read.name}", read.unknown_reason))
        else:
            found[read.name] = read.ruleset
    return found


def _with_kind_values(team: Team, slug: str, reads: list[KindRead]) -> Team:
    """A live team with what kind readers found for it (e.g. its IdP groups)."""
    values = {name: value for read in reads for name, value in read.teams.get(slug, {}).items()}
    return team.model_copy(update=values) if values else team
