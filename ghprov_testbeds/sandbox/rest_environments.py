"""REST: deployment environments with their protection rules, custom branch policies, secrets and
variables (``GitHubState.features``, per repository).

An environment is kept in GitHub's shape, except that a required-reviewers rule holds reviewer ids
(``{type, id}``): responses render the users and teams, so renames show. Branch policies, secrets
(fingerprints only, as in ``rest_secrets``) and variables are kept per environment beside it.
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import lookup
from ghprov_testbeds.sandbox.render_org import HTML, team_json, user_json
from ghprov_testbeds.sandbox.rest_actions import (
    MAX_REPOSITORY_VARIABLES,
    _create,
    _page,
    _repo_variable_json,
    _update,
    _variable,
)
from ghprov_testbeds.sandbox.rest_secrets import (
    MAX_REPOSITORY_SECRETS,
    open_sealed,
    public_key,
    put_secret,
    repo_secret_json,
    secret_listing,
    stored_secret,
)
from ghprov_testbeds.sandbox.state import GitHubState, Repository, node_id, now_iso
from ghprov_testbeds.sandbox.wire import (
    ApiError,
    Request,
    Response,
    RouteTable,
    not_found,
    paginate,
    validation_failed,
)

routes = RouteTable()
ENVIRONMENTS_DOCS = "https://docs.github.com/rest/deployments/environments"
MAX_WAIT_TIMER = 43_200


def _environment_json(request: Request, repo: Repository, env: dict[str, Any]) -> dict[str, Any]:
    state, base = request.state, request.base_url
    org = state.organization.login
    rules = []
    for rule in env["protection_rules"]:
        if rule["type"] != "required_reviewers":
            rules.append(dict(rule))
            continue
        reviewers = []
        for entry in rule["reviewers"]:
            if entry["type"] == "User":
                user = next((u for u in state.users.values() if u.id == entry["id"]), None)
                if user is not None:
                    reviewers.append({"type": "User", "reviewer": user_json(base, user)})
            else:
                team = next((t for t in state.teams.values() if t.id == entry["id"]), None)
                if team is not None:
                    reviewers.append({"type": "Team", "reviewer": team_json(base, state, team)})
        rules.append({**rule, "reviewers": reviewers})
    return {
        **{key: value for key, value in env.items() if key != "protection_rules"},
        "protection_rules": rules,
        "url": f"{base}/repos/{org}/{repo.name}/environments/{env['name']}",
        "html_url": f"{HTML}/{org}/{repo.name}/deployments/activity_log?environments_filter={env['name']}",
    }


def _environment(request: Request, *, needed: str = "read") -> tuple[Repository, dict[str, Any]]:
    repo = lookup.repository(request, needed=needed)
    env = request.state.features.repository(repo.name).environments.get(request.params["environment_name"])
    if env is None:
        raise not_found(ENVIRONMENTS_DOCS)
    return repo, env


@routes.get("/repos/{owner}/{repo}/environments")
def list_environments(request: Request) -> Response:
    repo = lookup.repository(request)
    environments = request.state.features.repository(repo.name).environments
    items = [_environment_json(request, repo, environments[n]) for n in sorted(environments, key=str.lower)]
    page = paginate(request, items)
    return Response(200, {"total_count": len(items), "environments": page.body}, page.headers)


@routes.get("/repos/{owner}/{repo}/environments/{environment_name}")
def get_environment(request: Request) -> Response:
    repo, env = _environment(request)
    return Response(200, _environment_json(request, repo, env))


def _reviewers(state: GitHubState, body: dict[str, Any]) -> list[dict[str, Any]]:
    reviewers = list(body.get("reviewers") or [])
    users = {u.id for u in state.users.values()}
    teams = {t.id for t in state.teams.values()}
    for entry in reviewers:
        if entry.get("id") not in (users if entry.get("type") == "User" else teams):
            raise validation_failed("Environment", "reviewers")
    if len(reviewers) > 6:
        raise validation_failed("Environment", "reviewers", code="too_many")
    return [{"type": entry["type"], "id": entry["id"]} for entry in reviewers]


@routes.put("/repos/{owner}/{repo}/environments/{environment_name}")
def put_environment(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    state, body, name = request.state, request.json_object(), request.params["environment_name"]
    if int(body.get("wait_timer", 0)) > MAX_WAIT_TIMER:
        raise validation_failed("Environment", "wait_timer")
    reviewers = _reviewers(state, body)
    policy = body.get("deployment_branch_policy")
    if policy is not None and policy.get("protected_branches") == policy.get("custom_branch_policies"):
        # GitHub: exactly one of the two must be true.
        raise ApiError(422, "Exactly one of protected_branches and custom_branch_policies must be true")
    environments = state.features.repository(repo.name).environments
    stamp = now_iso()
    env = environments.get(name)
    if env is None:
        ident = state.new_id()
        env = {"id": ident, "node_id": node_id("Environment", ident), "name": name, "created_at": stamp}
        environments[name] = env
    rules: list[dict[str, Any]] = []
    if body.get("wait_timer"):
        rule_id = state.new_id()
        rules.append(
            {
                "id": rule_id,
                "node_id": node_id("ProtectionRule", rule_id),
                "type": "wait_timer",
                "wait_timer": int(body["wait_timer"]),
            }
        )
    if reviewers:
        rule_id = state.new_id()
        rules.append(
            {
                "id": rule_id,
                "node_id": node_id("ProtectionRule", rule_id),
                "type": "required_reviewers",
                "prevent_self_review": bool(body.get("prevent_self_review", False)),
                "reviewers": reviewers,
            }
        )
    if policy is not None:
        rule_id = state.new_id()
        rules.append({"id": rule_id, "node_id": node_id("ProtectionRule", rule_id), "type": "branch_policy"})
    env.update(protection_rules=rules, deployment_branch_policy=policy, updated_at=stamp)
    if policy is None or not policy.get("custom_branch_policies"):
        state.features.repository(repo.name).environment_branch_policies.pop(name, None)
    return Response(200, _environment_json(request, repo, env))


@routes.delete("/repos/{owner}/{repo}/environments/{environment_name}")
def delete_environment(request: Request) -> Response:
    repo, env = _environment(request, needed="admin")
    lookup.writable(repo)
    features = request.state.features.repository(repo.name)
    del features.environments[env["name"]]
    for extra in (
        features.environment_branch_policies,
        features.environment_secrets,
        features.environment_variables,
    ):
        extra.pop(env["name"], None)
    return Response(204)


# Custom deployment branch policies ----------------------------------------------------------------
def _policies(request: Request, *, write: bool) -> list[dict[str, Any]]:
    repo, env = _environment(request, needed="admin" if write else "read")
    if write:
        lookup.writable(repo)
    policy = env.get("deployment_branch_policy") or {}
    if not policy.get("custom_branch_policies"):
        raise ApiError(404, "Not Found", documentation_url=ENVIRONMENTS_DOCS)
    return request.state.features.repository(repo.name).environment_branch_policies.setdefault(
        env["name"], []
    )


@routes.get("/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies")
def list_branch_policies(request: Request) -> Response:
    policies = _policies(request, write=False)
    page = paginate(request, policies)
    return Response(200, {"total_count": len(policies), "branch_policies": page.body}, page.headers)


@routes.post("/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies")
def create_branch_policy(request: Request) -> Response:
    policies = _policies(request, write=True)
    body = request.json_object()
    kind = body.get("type", "branch")
    if any(p["name"] == body["name"] and p["type"] == kind for p in policies):
        raise ApiError(303, "See Other")  # GitHub answers an existing pattern with a redirect to it
    ident = request.state.new_id()
    policy = {
        "id": ident,
        "node_id": node_id("DeploymentBranchPolicy", ident),
        "name": body["name"],
        "type": kind,
    }
    policies.append(policy)
    return Response(200, dict(policy))


@routes.delete(
    "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies/{branch_policy_id}"
)
def delete_branch_policy(request: Request) -> Response:
    policies = _policies(request, write=True)
    found = next((p for p in policies if str(p["id"]) == request.params["branch_policy_id"]), None)
    if found is None:
        raise not_found(ENVIRONMENTS_DOCS)
    policies.remove(found)
    return Response(204)


# Secrets and variables ----------------------------------------------------------------------------
def _secrets(request: Request, *, write: bool) -> tuple[str, list[dict[str, Any]]]:
    repo, env = _environment(request, needed="admin")
    if write:
        lookup.writable(repo)
    features = request.state.features.repository(repo.name)
    return f"env:{repo.name.lower()}/{env['name']}", features.environment_secrets.setdefault(env["name"], [])


@routes.get("/repos/{owner}/{repo}/environments/{environment_name}/secrets")
def list_environment_secrets(request: Request) -> Response:
    _, secrets = _secrets(request, write=False)
    return secret_listing(
        request, [repo_secret_json(s) for s in sorted(secrets, key=lambda s: str(s["name"]))]
    )


@routes.get("/repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key")
def environment_public_key(request: Request) -> Response:
    scope, _ = _secrets(request, write=False)
    pair = public_key(request.state, scope)
    return Response(200, {"key_id": pair["key_id"], "key": pair["key"]})


@routes.put("/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}")
def put_environment_secret(request: Request) -> Response:
    scope, secrets = _secrets(request, write=True)
    fingerprint = open_sealed(request.state, scope, request.json_object())
    _, created = put_secret(secrets, request.params["secret_name"], fingerprint, MAX_REPOSITORY_SECRETS)
    return Response(201, {}) if created else Response(204)


@routes.delete("/repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}")
def delete_environment_secret(request: Request) -> Response:
    _, secrets = _secrets(request, write=True)
    secrets.remove(stored_secret(secrets, request.params["secret_name"]))
    return Response(204)


def _variables(request: Request, *, write: bool) -> dict[str, dict[str, Any]]:
    repo, env = _environment(request, needed="write")
    if write:
        lookup.writable(repo)
    return request.state.features.repository(repo.name).environment_variables.setdefault(env["name"], {})


@routes.get("/repos/{owner}/{repo}/environments/{environment_name}/variables")
def list_environment_variables(request: Request) -> Response:
    return _page(request, _variables(request, write=False), _repo_variable_json)


@routes.post("/repos/{owner}/{repo}/environments/{environment_name}/variables")
def create_environment_variable(request: Request) -> Response:
    _create(_variables(request, write=True), request.json_object(), MAX_REPOSITORY_VARIABLES)
    return Response(201, {})


@routes.patch("/repos/{owner}/{repo}/environments/{environment_name}/variables/{name}")
def update_environment_variable(request: Request) -> Response:
    variables = _variables(request, write=True)
    _update(variables, _variable(variables, request.params["name"]), request.json_object())
    return Response(204)


@routes.delete("/repos/{owner}/{repo}/environments/{environment_name}/variables/{name}")
def delete_environment_variable(request: Request) -> Response:
    variables = _variables(request, write=True)
    del variables[_variable(variables, request.params["name"])["name"]]
    return Response(204)
