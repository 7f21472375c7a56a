"""Environment changes → ``PUT``/``DELETE /repos/{owner}/{repo}/environments/{name}``, its custom
deployment branch policies, and its secrets and variables.

GitHub's PUT replaces an environment's protection rules whole, so it always carries every setting;
reviewers go as ids (users and teams resolved at send time). Custom branch policies are resources of
their own: the PUT switches the policy kind, then patterns are added before stale ones are removed.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.read.environments import policy_address
from ghprov.github.write.actions_secrets import GONE, sealed
from ghprov.github.write.facts import ResourceId, TeamId, UserId
from ghprov.github.write.requests import PathSegment, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model.actions_secrets import RepositorySecret, VariableValue
from ghprov.model.environments import DeploymentBranches, Environment
from ghprov.plan.changes import Action, Change


def _base(target: Target, repo: str, env: str) -> tuple[PathSegment, ...]:
    return path("repos", target.org, repo, "environments", env)


def _body(environment: Environment) -> dict[str, Any]:
    reviewers: list[dict[str, Any]] = [
        {"type": "User", "id": UserId(login)} for login in environment.reviewers.users
    ]
    reviewers += [{"type": "Team", "id": TeamId(team)} for team in environment.reviewers.teams]
    branches = environment.deployment_branches
    policy = None
    if branches is not None:
        policy = {
            "protected_branches": branches.protected_branches,
            "custom_branch_policies": not branches.protected_branches,
        }
    return {
        "wait_timer": environment.wait_timer,
        "prevent_self_review": environment.prevent_self_review,
        "reviewers": reviewers,
        "deployment_branch_policy": policy,
    }


def _patterns(branches: DeploymentBranches | None) -> frozenset[tuple[str, str]]:
    if branches is None or branches.protected_branches:
        return frozenset()
    return branches.patterns


def write_environment(change: Change, target: Target) -> Writes:
    """Requests for an ENVIRONMENT change (key: repository, environment)."""
    repo, env = change.key
    base = _base(target, repo, env)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", base, already_done=GONE)]
    if change.action not in (Action.CREATE, Action.UPDATE):
        return Unsupported("environments are identified by name; declare the new one and prune the old one")
    desired = change.desired_model(Environment)
    current = change.current_model(Environment)
    requests = [WriteRequest("PUT", base, _body(desired), creates=change.action is Action.CREATE)]
    wanted = _patterns(desired.deployment_branches)
    had = _patterns(current.deployment_branches) if current is not None else frozenset()
    policies = (*base, "deployment-branch-policies")
    listing = "/" + "/".join(str(segment) for segment in policies)
    for kind, pattern in sorted(wanted - had):
        requests.append(WriteRequest("POST", policies, {"name": pattern, "type": kind}))
    for kind, pattern in sorted(had - wanted):
        policy_id = ResourceId(policy_address(repo, env, kind, pattern), listing, "name", pattern)
        requests.append(WriteRequest("DELETE", (*policies, policy_id), already_done=GONE))
    return requests


def write_environment_secret(change: Change, target: Target) -> Writes:
    """Requests for an ENVIRONMENT_SECRET change (key: repository, environment, name)."""
    repo, env, name = change.key
    base = _base(target, repo, env)
    secret_path = (*base, "secrets", name)
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", secret_path, already_done=GONE)]
    if change.action not in (Action.CREATE, Action.UPDATE):
        return Unsupported("secrets are identified by name; declare the new name and prune the old one")
    key_base = f"/repos/{target.org}/{repo}/environments/{env}"
    body = sealed(key_base, change.desired_model(RepositorySecret).value)
    return [WriteRequest("PUT", secret_path, body, creates=change.action is Action.CREATE)]


def write_environment_variable(change: Change, target: Target) -> Writes:
    """Requests for an ENVIRONMENT_VARIABLE change (key: repository, environment, name)."""
    repo, env, name = change.key
    variables = (*_base(target, repo, env), "variables")
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", (*variables, name), already_done=GONE)]
    value = change.desired_model(VariableValue).value
    if change.action is Action.CREATE:
        return [WriteRequest("POST", variables, {"name": name, "value": value}, creates=True)]
    if change.action is Action.UPDATE:
        return [WriteRequest("PATCH", (*variables, name), {"name": name, "value": value})]
    return Unsupported("variables are identified by name; declare the new name and prune the old one")
