"""Actions secrets and variables: the organisation's (one list each) and the declared repositories'.

GitHub has no bulk read of repository secrets or variables: each is one REST list per repository, so
with a scope only the repositories whose config declares ``actions_secrets``/``actions_variables``
are read (import and audit, without a scope, read every repository). An organisation secret or
variable visible to selected repositories costs one more request, for its repository list.

Secret values are never returned by GitHub; the live model carries the placeholder reference import
writes instead (``placeholder_reference``), which the plan never compares. Lists GitHub refuses
(organisation secrets need an owner, repository secrets a collaborator with admin or write) are
``Unknown``s, so the plan will not act on them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.github.read.policy_reads import Candidate, in_parallel, refusal
from ghprov.model import Organization, Unknown
from ghprov.model.actions_secrets import OrganizationSecret, OrganizationVariable, RepositorySecret
from ghprov.model.secret_references import placeholder_reference
from ghprov.plan.changes import Kind, address

# Variable lists page by at most 30 (GitHub's ``variables-per-page``).
VARIABLES_PER_PAGE = {"per_page": 30}
NOT_OWNER = "the organisation's {what} are visible to organisation owners only"
NOT_COLLABORATOR = "the repository's {what} are visible to {who} only"
Reader = Callable[[GitHubClient, str], Any]


def _listed(client: GitHubClient, path: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    return [item for item in client.paginate(path, params) if isinstance(item, dict)]


def _selected(client: GitHubClient, path: str, found: KindRead) -> tuple[str, ...]:
    """The names of the repositories a selected-visibility secret or variable is shared with."""
    repositories = _listed(client, path)
    for repo in repositories:
        found.ids[address(Kind.REPOSITORY, str(repo["name"]))] = int(repo["id"])
    return tuple(sorted(str(repo["name"]) for repo in repositories))


def declared_candidates(scope: Organization, field: str) -> list[Candidate]:
    """The repositories whose config declares ``field``, with the names they may have live."""
    return [
        Candidate((name, *repository.previously))
        for name, repository in sorted(scope.repositories.items())
        if field in repository.model_fields_set
    ]


def every_repository(client: GitHubClient, organization: str) -> list[Candidate]:
    return [
        Candidate((str(repo["name"]),))
        for repo in client.paginate(f"/orgs/{organization}/repos", {"type": "all"})
        if isinstance(repo, dict)
    ]


def first_listing(
    client: GitHubClient,
    organization: str,
    candidate: Candidate,
    suffix: str,
    params: Mapping[str, Any] | None,
) -> tuple[str, list[dict[str, Any]]] | GitHubApiError | None:
    """The first of the candidate's names whose list answers; the last refusal; None: none exists
    (a repository this plan creates answers 404 under every name, and has nothing to compare)."""
    last: GitHubApiError | None = None
    for name in candidate.names:
        try:
            return name, _listed(client, f"/repos/{organization}/{name}/{suffix}", params)
        except GitHubApiError as error:
            if not refusal(error):
                raise
            if error.status != 404:
                last = error
    return last


class _RepositoryReader:
    """One repository list per declared repository (``field``: the model field it fills)."""

    queries: Mapping[str, str] = {}

    def __init__(
        self, field: str, suffix: str, what: str, who: str, params: Mapping[str, Any] | None = None
    ) -> None:
        self.field, self.suffix, self.what, self.who, self.params = field, suffix, what, who, params
        # Dependabot's placeholders are told apart from Actions' (a name may be used by both).
        self._app = ("dependabot",) if field == "dependabot_secrets" else ()

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or any(
            self.field in repository.model_fields_set for repository in scope.repositories.values()
        )

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        chosen = (
            every_repository(client, organization)
            if scope is None
            else declared_candidates(scope, self.field)
        )
        reads = in_parallel(
            lambda c: (c, first_listing(client, organization, c, self.suffix, self.params)), chosen
        )
        for candidate, result in reads:
            if isinstance(result, GitHubApiError):
                reason = f"{NOT_COLLABORATOR.format(what=self.field, who=self.who)} ({result.github_message})"
                found.unknowns += [Unknown(f"repositories/{n}/{self.field}", reason) for n in candidate.names]
            elif result is not None:
                name, items = result
                found.repositories[name] = {self.field: self._values(name, items)}
        return found

    def _values(self, repository: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        if self.field == "actions_variables":
            return {str(item["name"]): str(item["value"]) for item in items}
        return {
            str(item["name"]): RepositorySecret(
                value=placeholder_reference(repository, *self._app, str(item["name"])),
                updated_at=item.get("updated_at"),
            )
            for item in items
        }


class _OrganizationReader:
    """The organisation's list, and the repositories of each selected-visibility entry."""

    queries: Mapping[str, str] = {}

    def __init__(
        self, field: str, what: str, params: Mapping[str, Any] | None = None, app: str = "actions"
    ) -> None:
        self.field, self.what, self.params, self.app = field, what, params, app

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or self.field in scope.model_fields_set or getattr(scope.prune, self.field)

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        base = f"/orgs/{organization}/{self.app}/{self.what}"
        try:
            values = {}
            for item in _listed(client, base, self.params):
                name = str(item["name"])
                values[name] = self._value(client, base, item, found)
        except GitHubApiError as error:
            if not refusal(error):
                raise
            reason = f"{NOT_OWNER.format(what=self.field)} ({error.github_message})"
            found.unknowns.append(Unknown(self.field, reason))
            return found
        found.organization[self.field] = values
        return found

    def _value(self, client: GitHubClient, base: str, item: dict[str, Any], found: KindRead) -> Any:
        name = str(item["name"])
        visibility = str(item.get("visibility", "private"))
        selected = _selected(client, f"{base}/{name}/repositories", found) if visibility == "selected" else ()
        if self.field == "actions_variables":
            return OrganizationVariable(
                value=str(item["value"]), visibility=visibility, selected_repositories=selected
            )
        return OrganizationSecret(
            value=placeholder_reference(*(("dependabot",) if self.app == "dependabot" else ()), name),
            visibility=visibility,
            selected_repositories=selected,
            updated_at=item.get("updated_at"),
        )


REPOSITORY_SECRETS_READER = _RepositoryReader(
    "actions_secrets", "actions/secrets", "secrets", "repository admins"
)
REPOSITORY_VARIABLES_READER = _RepositoryReader(
    "actions_variables",
    "actions/variables",
    "variables",
    "collaborators with push access",
    VARIABLES_PER_PAGE,
)
ORGANIZATION_SECRETS_READER = _OrganizationReader("actions_secrets", "secrets")
ORGANIZATION_VARIABLES_READER = _OrganizationReader("actions_variables", "variables", VARIABLES_PER_PAGE)
REPOSITORY_DEPENDABOT_READER = _RepositoryReader(
    "dependabot_secrets", "dependabot/secrets", "Dependabot secrets", "repository admins"
)
ORGANIZATION_DEPENDABOT_READER = _OrganizationReader("dependabot_secrets", "secrets", app="dependabot")
