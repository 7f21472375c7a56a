"""Deployment environments of the repositories that declare them, with their secrets and variables.

No bulk read exists: per declared repository, one list of environments (protection rules come with
it), plus, per environment, its custom branch policies (only when it has them) and its secret and
variable lists (only when its config declares them; every one without a scope). Environment lists
need read access; secrets need an admin: where GitHub refuses, that part is an ``Unknown``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.actions_secrets import VARIABLES_PER_PAGE, declared_candidates, every_repository
from ghprov.github.read.kinds import KindRead
from ghprov.github.read.policy_reads import Candidate, in_parallel, refusal
from ghprov.model import Organization, Unknown
from ghprov.model.actions_secrets import RepositorySecret
from ghprov.model.environments import DeploymentBranches, Environment
from ghprov.model.secret_references import placeholder_reference
from ghprov.plan.changes import Kind, address

NOT_READABLE = "the repository's environments are not visible to this token"
NOT_ADMIN = "environment secrets are visible to repository admins only"


def _listed(client: GitHubClient, path: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    return [item for item in client.paginate(path, params) if isinstance(item, dict)]


def _protection(environment: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for rule in environment.get("protection_rules") or ():
        if rule.get("type") == "wait_timer":
            values["wait_timer"] = int(rule.get("wait_timer") or 0)
        elif rule.get("type") == "required_reviewers":
            values["prevent_self_review"] = bool(rule.get("prevent_self_review"))
            users, teams = [], []
            for entry in rule.get("reviewers") or ():
                reviewer = entry.get("reviewer") or {}
                if entry.get("type") == "Team":
                    teams.append(str(reviewer.get("name") or reviewer.get("slug")))
                else:
                    users.append(str(reviewer.get("login")))
            values["reviewers"] = {"users": users, "teams": teams}
    return values


class _Reader:
    queries: Mapping[str, str] = {}

    def wanted(self, scope: Organization | None) -> bool:
        return scope is None or any("environments" in r.model_fields_set for r in scope.repositories.values())

    def read(self, client: GitHubClient, organization: str, scope: Organization | None) -> KindRead:
        found = KindRead()
        chosen = (
            every_repository(client, organization)
            if scope is None
            else declared_candidates(scope, "environments")
        )
        reads = in_parallel(lambda c: (c, self._repository(client, organization, c, scope, found)), chosen)
        for candidate, result in reads:
            if isinstance(result, GitHubApiError):
                reason = f"{NOT_READABLE} ({result.github_message})"
                found.unknowns += [Unknown(f"repositories/{n}/environments", reason) for n in candidate.names]
            elif result is not None:
                name, environments = result
                found.repositories[name] = {"environments": environments}
        return found

    def _repository(
        self,
        client: GitHubClient,
        organization: str,
        candidate: Candidate,
        scope: Organization | None,
        found: KindRead,
    ) -> tuple[str, dict[str, Environment]] | GitHubApiError | None:
        last: GitHubApiError | None = None
        for name in candidate.names:
            try:
                listed = _listed(client, f"/repos/{organization}/{name}/environments")
            except GitHubApiError as error:
                if not refusal(error):
                    raise
                if error.status != 404:
                    last = error
                continue
            declared = scope.repositories.get(candidate.names[0]) if scope is not None else None
            wanted = declared.environments if declared is not None else None
            return name, {
                str(env["name"]): self._environment(client, organization, name, env, wanted, found)
                for env in listed
            }
        return last

    def _environment(
        self,
        client: GitHubClient,
        organization: str,
        repo: str,
        environment: Mapping[str, Any],
        wanted: dict[str, Environment] | None,
        found: KindRead,
    ) -> Environment:
        env = str(environment["name"])
        base = f"/repos/{organization}/{repo}/environments/{env}"
        values = _protection(environment)
        policy = environment.get("deployment_branch_policy")
        if isinstance(policy, dict):
            values["deployment_branches"] = self._branches(client, base, repo, env, policy, found)
        declared = wanted.get(env) if wanted is not None else None
        if wanted is None or (declared is not None and "secrets" in declared.model_fields_set):
            try:
                values["secrets"] = {
                    str(s["name"]): RepositorySecret(
                        value=placeholder_reference(repo, env, str(s["name"])), updated_at=s.get("updated_at")
                    )
                    for s in _listed(client, f"{base}/secrets")
                }
            except GitHubApiError as error:
                if not refusal(error):
                    raise
                reason = f"{NOT_ADMIN} ({error.github_message})"
                found.unknowns.append(Unknown(f"repositories/{repo}/environments/{env}/secrets", reason))
        if wanted is None or (declared is not None and "variables" in declared.model_fields_set):
            values["variables"] = {
                str(v["name"]): str(v["value"])
                for v in _listed(client, f"{base}/variables", VARIABLES_PER_PAGE)
            }
        return Environment.model_validate(values)

    @staticmethod
    def _branches(
        client: GitHubClient, base: str, repo: str, env: str, policy: Mapping[str, Any], found: KindRead
    ) -> DeploymentBranches:
        if policy.get("protected_branches"):
            return DeploymentBranches(protected_branches=True)
        branches: list[str] = []
        tags: list[str] = []
        for item in _listed(client, f"{base}/deployment-branch-policies"):
            kind, pattern = str(item.get("type", "branch")), str(item["name"])
            (tags if kind == "tag" else branches).append(pattern)
            found.ids[policy_address(repo, env, kind, pattern)] = int(item["id"])
        return DeploymentBranches(branches=branches, tags=tags)


def policy_address(repo: str, env: str, kind: str, pattern: str) -> str:
    """Where a custom branch policy's id is kept (``ResourceIds.resources``)."""
    return address(Kind.ENVIRONMENT, repo, env, f"{kind}:{pattern}")


READER = _Reader()
