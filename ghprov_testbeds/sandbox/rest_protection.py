"""REST: classic branch protection (write shape in, read shape out) and its sub-resources."""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import access, audit_events, lookup
from ghprov_testbeds.sandbox.render_repo import protection_json
from ghprov_testbeds.sandbox.state import BranchProtection, Repository
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable, not_found

routes = RouteTable()
DOCS = "https://docs.github.com/rest/branches/branch-protection"
ACTOR_LIMIT = 100


def _protected_branch(request: Request, *, write: bool) -> tuple[Repository, str]:
    """Repository and branch for a protection endpoint; GitHub answers 404 when admin rights are missing."""
    repo = lookup.repository(request)
    if not access.can(request.state, request.identity, repo, "admin"):
        raise not_found(DOCS)
    if write:
        lookup.writable(repo)
    lookup.plan_allows_protection(request, repo)
    branch = request.params["branch"]
    if branch not in repo.branches:
        raise ApiError(404, "Branch not found", documentation_url=DOCS)
    return repo, branch


def _protection(repo: Repository, branch: str) -> BranchProtection:
    protection = repo.protections.get(branch)
    if protection is None:
        raise ApiError(404, "Branch not protected", documentation_url=DOCS)
    return protection


def _check_actors(request: Request, where: str, actors: Any) -> None:
    """Users, teams and apps named in restrictions and allowances must exist (≤ 100 in total)."""
    if not isinstance(actors, dict):
        return
    state = request.state
    unknown = [f"user {u}" for u in actors.get("users", []) if u not in state.users]
    unknown += [f"team {t}" for t in actors.get("teams", []) if state.team_by_slug(str(t)) is None]
    unknown += [f"app {a}" for a in actors.get("apps", []) if a not in state.apps]
    if unknown:
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {
                    "resource": "ProtectedBranch",
                    "code": "invalid",
                    "field": where,
                    "message": f"Unknown actors: {', '.join(unknown)}",
                }
            ],
        )
    total = sum(len(actors.get(kind, [])) for kind in ("users", "teams", "apps"))
    if total > ACTOR_LIMIT:
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {
                    "resource": "ProtectedBranch",
                    "code": "invalid",
                    "field": where,
                    "message": f"No more than {ACTOR_LIMIT} users, teams, and apps may be specified",
                }
            ],
        )


@routes.get("/repos/{owner}/{repo}/branches/{branch+}/protection")
def get_protection(request: Request) -> Response:
    repo, branch = _protected_branch(request, write=False)
    protection = _protection(repo, branch)
    return Response(200, protection_json(request.base_url, request.state, repo, branch, protection))


@routes.put("/repos/{owner}/{repo}/branches/{branch+}/protection")
def put_protection(request: Request) -> Response:
    repo, branch = _protected_branch(request, write=True)
    body = request.json_object()
    reviews = body.get("required_pull_request_reviews")
    if isinstance(reviews, dict):
        count = reviews.get("required_approving_review_count", 1)
        if not isinstance(count, int) or not 0 <= count <= 6:
            raise ApiError(
                422,
                "Invalid request.\n\nrequired_approving_review_count must be between 0 and 6.",
                documentation_url=DOCS,
            )
        _check_actors(request, "dismissal_restrictions", reviews.get("dismissal_restrictions"))
        _check_actors(
            request, "bypass_pull_request_allowances", reviews.get("bypass_pull_request_allowances")
        )
    _check_actors(request, "restrictions", body.get("restrictions"))
    existing = repo.protections.get(branch)
    identity = request.identity
    repo.protections[branch] = BranchProtection(
        settings=dict(body),
        required_signatures=existing.required_signatures if existing else False,
        creator=existing.creator
        if existing
        else (f"{identity.login}[bot]" if identity.is_installation else identity.login),
        # What only GraphQL can set survives a REST PUT, which has no field for it.
        required_deployment_environments=existing.required_deployment_environments if existing else [],
        bypass_force_push_allowances=existing.bypass_force_push_allowances if existing else {},
    )
    for action in audit_events.protection_changes(existing.settings if existing else None, dict(body)):
        _record(request, repo, branch, action)
    return Response(
        200, protection_json(request.base_url, request.state, repo, branch, repo.protections[branch])
    )


@routes.delete("/repos/{owner}/{repo}/branches/{branch+}/protection")
def delete_protection(request: Request) -> Response:
    repo, branch = _protected_branch(request, write=True)
    _protection(repo, branch)
    del repo.protections[branch]
    _record(request, repo, branch, "protected_branch.destroy")
    return Response(204)


def _record(request: Request, repo: Repository, branch: str, action: str) -> None:
    audit_events.record(request, action, name=branch, **audit_events.repo_keys(request.state, repo))


def _flag_json(request: Request, repo: Repository, branch: str, name: str, enabled: bool) -> dict[str, Any]:
    repo_url = f"{request.base_url}/repos/{request.state.organization.login}/{repo.name}"
    url = f"{repo_url}/branches/{branch}/protection/{name}"
    return {"url": url, "enabled": enabled}


@routes.get("/repos/{owner}/{repo}/branches/{branch+}/protection/required_signatures")
def get_signatures(request: Request) -> Response:
    repo, branch = _protected_branch(request, write=False)
    protection = _protection(repo, branch)
    return Response(
        200, _flag_json(request, repo, branch, "required_signatures", protection.required_signatures)
    )


@routes.post("/repos/{owner}/{repo}/branches/{branch+}/protection/required_signatures")
def enable_signatures(request: Request) -> Response:
    repo, branch = _protected_branch(request, write=True)
    protection = _protection(repo, branch)
    if not protection.required_signatures:
        _record(request, repo, branch, "protected_branch.update_signature_requirement_enforcement_level")
    protection.required_signatures = True
    return Response(200, _flag_json(request, repo, branch, "required_signatures", True))


@routes.delete("/repos/{owner}/{repo}/branches/{branch+}/protection/required_signatures")
def disable_signatures(request: Request) -> Response:
    repo, branch = _protected_branch(request, write=True)
    protection = _protection(repo, branch)
    if protection.required_signatures:
        _record(request, repo, branch, "protected_branch.update_signature_requirement_enforcement_level")
    protection.required_signatures = False
    return Response(204)


@routes.get("/repos/{owner}/{repo}/branches/{branch+}/protection/enforce_admins")
def get_enforce_admins(request: Request) -> Response:
    repo, branch = _protected_branch(request, write=False)
    enabled = bool(_protection(repo, branch).settings.get("enforce_admins"))
    return Response(200, _flag_json(request, repo, branch, "enforce_admins", enabled))


@routes.post("/repos/{owner}/{repo}/branches/{branch+}/protection/enforce_admins")
def enable_enforce_admins(request: Request) -> Response:
    repo, branch = _protected_branch(request, write=True)
    _set_enforce_admins(request, repo, branch, True)
    return Response(200, _flag_json(request, repo, branch, "enforce_admins", True))


@routes.delete("/repos/{owner}/{repo}/branches/{branch+}/protection/enforce_admins")
def disable_enforce_admins(request: Request) -> Response:
    repo, branch = _protected_branch(request, write=True)
    _set_enforce_admins(request, repo, branch, False)
    return Response(204)


def _set_enforce_admins(request: Request, repo: Repository, branch: str, enabled: bool) -> None:
    settings = _protection(repo, branch).settings
    if bool(settings.get("enforce_admins")) != enabled:
        _record(request, repo, branch, "protected_branch.update_admin_enforced")
    settings["enforce_admins"] = enabled
