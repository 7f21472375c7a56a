"""Actions settings of the organisation and of the repositories that declare them (REST only).

Each endpoint holds a few fields; a reader calls only the endpoints of the fields the config declares
(``policy_reads``). GitHub shows these settings to repository admins and organisation owners only:
where it refuses, the settings are an ``Unknown`` and the plan will not act on them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.kinds import KindRead
from ghprov.github.read.policy_reads import (
    Candidate,
    candidates,
    fields_of,
    first_existing,
    get_object,
    in_parallel,
    listed_repositories,
    refusal,
    unlisted,
    wants,
)
from ghprov.model import Organization, Unknown
from ghprov.model.actions_settings import SelectedActions

# Endpoint below ``…/actions/`` → the model fields it holds.
REPOSITORY_ENDPOINTS: dict[str, tuple[str, ...]] = {
    "permissions": ("enabled", "allowed_actions"),
    "permissions/selected-actions": ("selected_actions",),
    "permissions/workflow": ("default_workflow_permissions", "can_approve_pull_request_reviews"),
    "permissions/fork-pr-contributor-approval": ("fork_pr_contributor_approval",),
    "permissions/access": ("access_level",),
}
ORGANIZATION_ENDPOINTS: dict[str, tuple[str, ...]] = {
    "permissions": ("enabled_repositories", "allowed_actions"),
    "permissions/repositories": ("selected_repositories",),
    "permissions/selected-actions": ("selected_actions",),
    "permissions/workflow": ("default_workflow_permissions", "can_approve_pull_request_reviews"),
    "permissions/fork-pr-contributor-approval": ("fork_pr_contributor_approval",),
    "permissions/self-hosted-runners": ("self_hosted_runners",),
}
# Endpoints that answer for every repository (the others may answer 409 or 422, see below).
ALWAYS_APPLY = ("permissions", "permissions/workflow", "permissions/fork-pr-contributor-approval")
NOT_ADMIN = "Actions settings are visible to repository admins only; give the token admin access"
NOT_OWNER = "the organisation's Actions settings are visible to organisation owners only"
# 409: the list does not apply under the current policy (not ``selected``); 422: ``access`` on a
# public repository, where it does not apply either.
NOT_APPLICABLE = (409, 422)


def _values(endpoint: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """Model values from one endpoint's answer."""
    if endpoint == "permissions/selected-actions":
        return {
            "selected_actions": SelectedActions.model_validate(fields_of(body, SelectedActions.model_fields))
        }
    if endpoint == "permissions/fork-pr-contributor-approval":
        return fields_of(
            {"fork_pr_contributor_approval": body.get("approval_policy")}, ("fork_pr_contributor_approval",)
        )
    if endpoint == "permissions/self-hosted-runners":
        return fields_of({"self_hosted_runners": body.get("enabled_repositories")}, ("self_hosted_runners",))
    return fields_of(body, REPOSITORY_ENDPOINTS.get(endpoint, ()) + ORGANIZATION_ENDPOINTS.get(endpoint, ()))


def _consistent(values: dict[str, Any]) -> dict[str, Any]:
    """GitHub keeps a selected-actions list while the policy is not ``selected``, but ignores it: so
    does the live model (the config may not declare one under another policy either)."""
    if values.get("allowed_actions", "selected") != "selected":
        values.pop("selected_actions", None)
    return values


def _not_applicable(endpoint: str, candidate: Candidate, values: Mapping[str, Any]) -> bool:
    """Reading everything (no scope), skip what GitHub would not apply: the selected-actions list
    under another policy, and ``access`` on a public repository."""
    if candidate.fields is not None:
        return False
    if endpoint == "permissions/selected-actions":
        return values.get("allowed_actions") != "selected"
    return endpoint == "permissions/access" and candidate.public


def _optional(client: GitHubClient, path: str) -> dict[str, Any] | None:
    """An endpoint's answer, or None where GitHub says it does not apply."""
    try:
        return get_object(client, path)
    except GitHubApiError as error:
        if error.status in NOT_APPLICABLE:
            return None
        raise


class RepositoryActionsReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or any(repo.actions is not None for repo in scope.repositories.values())

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        # With a scope the declared repositories are read by name: no listing needed.
        listed = listed_repositories(client, organization) if scope is None else {}
        if isinstance(listed, GitHubApiError):
            return unlisted(found, "actions", listed)
        reads = in_parallel(
            lambda c: _read_repository(client, organization, c), candidates(scope, "actions", listed)
        )
        for candidate, result in reads:
            if isinstance(result, GitHubApiError):
                reason = f"{NOT_ADMIN} ({result.github_message})"
                found.unknowns += [
                    Unknown(f"repositories/{name}/actions", reason) for name in candidate.names
                ]
            elif result is not None:
                name, values = result
                found.repositories[name] = {"actions": values}
        return found


def _read_repository(
    client: GitHubClient, organization: str, candidate: Candidate
) -> tuple[Candidate, tuple[str, dict[str, Any]] | GitHubApiError | None]:
    endpoints = [e for e, names in REPOSITORY_ENDPOINTS.items() if wants(candidate.fields, names)]
    # The first request also finds the repository's live name: one that always applies.
    probe = next((e for e in endpoints if e in ALWAYS_APPLY), "permissions")
    first = first_existing(client, organization, candidate.names, f"actions/{probe}")
    if not isinstance(first, tuple):
        return candidate, first
    name, body = first
    values = _values(probe, body)
    for endpoint in endpoints:
        if endpoint == probe or _not_applicable(endpoint, candidate, values):
            continue
        try:
            answer = _optional(client, f"/repos/{organization}/{name}/actions/{endpoint}")
        except GitHubApiError as error:
            if refusal(error):
                return candidate, error
            raise
        if answer is not None:
            values.update(_values(endpoint, answer))
    return candidate, (name, _consistent(values))


class OrganizationActionsReader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or scope.actions is not None

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        fields = None if scope is None or scope.actions is None else frozenset(scope.actions.model_fields_set)
        base = f"/orgs/{organization}/actions"
        values: dict[str, Any] = {}
        try:
            for endpoint, names in ORGANIZATION_ENDPOINTS.items():
                if endpoint == "permissions" or wants(fields, names):
                    if endpoint == "permissions/repositories":
                        values.update(_selected_repositories(client, base, found))
                        continue
                    answer = _optional(client, f"{base}/{endpoint}")
                    if answer is not None:
                        values.update(_values(endpoint, answer))
        except GitHubApiError as error:
            if not refusal(error):
                raise
            found.unknowns.append(Unknown("actions", f"{NOT_OWNER} ({error.github_message})"))
            return found
        found.organization["actions"] = _consistent(values)
        return found


def _selected_repositories(client: GitHubClient, base: str, found: KindRead) -> dict[str, Any]:
    """The repositories Actions is enabled on; their ids are kept for the writer."""
    try:
        listed = [
            repo for repo in client.paginate(f"{base}/permissions/repositories") if isinstance(repo, dict)
        ]
    except GitHubApiError as error:
        if error.status in NOT_APPLICABLE:
            return {}
        raise
    return {"selected_repositories": sorted(str(repo["name"]) for repo in listed)}


REPOSITORY_READER = RepositoryActionsReader()
ORGANIZATION_READER = OrganizationActionsReader()
