"""REST: repository and organisation rulesets (list summaries, bypass actors by id), rules for a branch."""

from __future__ import annotations

import copy
from typing import Any

from ghprov.model.ruleset_targets import repository_targeted
from ghprov.model.rulesets import RULE_PARAMETER_DEFAULTS
from ghprov_testbeds.sandbox import access, audit_events, lookup
from ghprov_testbeds.sandbox.render_repo import ruleset_applies, ruleset_json
from ghprov_testbeds.sandbox.rest_repo_features import property_values
from ghprov_testbeds.sandbox.state import (
    ROLE_ACTOR_IDS,
    GitHubState,
    Identity,
    Repository,
    Ruleset,
    node_id,
    now_iso,
)
from ghprov_testbeds.sandbox.wire import (
    ApiError,
    Request,
    Response,
    RouteTable,
    forbidden,
    not_found,
    paginate,
)

routes = RouteTable()
REPO_DOCS = "https://docs.github.com/rest/repos/rules"
ORG_DOCS = "https://docs.github.com/rest/orgs/rules"
BYPASS_MODES = {"always": "always", "pull_request": "pull_requests_only", "exempt": "exempt"}


def _invalid(message: str, docs: str) -> ApiError:
    return ApiError(422, f"Invalid request.\n\n{message}", documentation_url=docs)


def org_ruleset_selects(state: GitHubState, ruleset: Ruleset, repo: Repository) -> bool:
    """Does an organisation ruleset's repository condition select this repository?"""
    return repository_targeted(ruleset.conditions, repo.name, repo.id, property_values(state, repo))


def _normalise(
    state: GitHubState, body: dict[str, Any], docs: str, current: Ruleset | None
) -> dict[str, Any]:
    """Validate and complete a ruleset body the way GitHub stores it (defaults filled, actor ids checked)."""
    values: dict[str, Any] = {}
    if "name" in body:
        values["name"] = str(body["name"])
    for key in ("target", "enforcement"):
        if key in body:
            values[key] = str(body[key])
    if values.get("enforcement") == "evaluate" and state.organization.plan != "enterprise":
        raise _invalid("enforcement 'evaluate' is only available with GitHub Enterprise", docs)
    if "conditions" in body:
        conditions = copy.deepcopy(body["conditions"] or {})
        for key in ("ref_name", "repository_name"):
            if isinstance(conditions.get(key), dict):
                conditions[key] = {"include": [], "exclude": [], **conditions[key]}
        values["conditions"] = conditions
    if "rules" in body:
        rules = []
        for rule in body["rules"] or []:
            stored = {"type": rule["type"]}
            defaults = RULE_PARAMETER_DEFAULTS.get(rule["type"])
            parameters = rule.get("parameters")
            if defaults is not None or parameters is not None:
                stored["parameters"] = {**copy.deepcopy(defaults or {}), **copy.deepcopy(parameters or {})}
            rules.append(stored)
        values["rules"] = rules
    if "bypass_actors" in body:
        values["bypass_actors"] = [_bypass_actor(state, actor, docs) for actor in body["bypass_actors"] or []]
    target = values.get("target", current.target if current else "branch")
    if target == "push" and "ref_name" in values.get("conditions", {}):
        raise _invalid("push rulesets cannot use ref_name conditions", docs)
    return values


def _bypass_actor(state: GitHubState, actor: dict[str, Any], docs: str) -> dict[str, Any]:
    kind = str(actor.get("actor_type"))
    actor_id = actor.get("actor_id")
    mode = str(actor.get("bypass_mode", "always"))
    if kind in ("OrganizationAdmin", "DeployKey"):
        actor_id = None  # ignored on input; newer rulesets report null
    elif kind == "EnterpriseOwner":
        # Only an organisation inside an enterprise has enterprise owners; GitHub reports the id as 0.
        if state.organization.plan != "enterprise":
            raise _invalid("EnterpriseOwner actors need an organisation that belongs to an enterprise", docs)
        actor_id = 0
    elif kind == "Team" and actor_id not in state.teams:
        raise _invalid(f"Team actor {actor_id} does not exist", docs)
    elif kind == "Integration" and not any(app.id == actor_id for app in state.apps.values()):
        raise _invalid(f"Integration actor {actor_id} is not an installed GitHub App", docs)
    elif kind == "User" and state.user_by_id(int(actor_id or 0)) is None:
        raise _invalid(f"User actor {actor_id} does not exist", docs)
    elif (
        kind == "RepositoryRole"
        and actor_id not in ROLE_ACTOR_IDS.values()
        and actor_id not in state.custom_roles
    ):
        raise _invalid(f"RepositoryRole actor {actor_id} is not a repository role", docs)
    if kind == "DeployKey" and mode == "pull_request":
        raise _invalid("DeployKey actors cannot bypass in pull_request mode", docs)
    return {"actor_id": actor_id, "actor_type": kind, "bypass_mode": mode}


def current_user_can_bypass(
    state: GitHubState, identity: Identity, ruleset: Ruleset, repo: Repository
) -> str:
    """always | pull_requests_only | exempt | never, for the caller (repository-level reads only)."""
    role = access.repository_role(state, identity, repo)
    rank = access.role_rank(state, role) if role else 0
    for actor in ruleset.bypass_actors:
        kind, actor_id = actor["actor_type"], actor.get("actor_id")
        matched = (
            (kind == "OrganizationAdmin" and access.is_owner(state, identity))
            or (kind == "RepositoryRole" and rank >= _actor_role_rank(state, actor_id))
            or (
                kind == "Team" and actor_id in state.teams and identity.login in state.teams[actor_id].members
            )
            or (
                kind == "User"
                and (user := state.users.get(identity.login)) is not None
                and user.id == actor_id
            )
            or (
                kind == "Integration"
                and identity.is_installation
                and state.apps.get(identity.login) is not None
                and state.apps[identity.login].id == actor_id
            )
        )
        if matched:
            return BYPASS_MODES.get(str(actor.get("bypass_mode")), "always")
    return "never"


def _actor_role_rank(state: GitHubState, actor_id: Any) -> int:
    by_id = {ident: name for name, ident in ROLE_ACTOR_IDS.items()}
    if actor_id in by_id:
        return access.ROLE_RANK[by_id[actor_id]]
    custom = state.custom_roles.get(actor_id)
    return access.role_rank(state, custom.name) if custom else 99


def _render(request: Request, ruleset: Ruleset, repo: Repository | None, *, full: bool) -> dict[str, Any]:
    state = request.state
    if repo is not None:
        show = access.can(state, request.identity, repo, "write")
    else:
        show = access.is_owner(state, request.identity)
    body = ruleset_json(request.base_url, state, ruleset, full=full, show_bypass=show, repo=repo)
    if full and repo is not None:
        body["current_user_can_bypass"] = current_user_can_bypass(state, request.identity, ruleset, repo)
    return body


def _repo_rulesets(request: Request, repo: Repository) -> list[Ruleset]:
    found = list(repo.rulesets.values())
    if request.query.get("includes_parents", "true") != "false":
        found += [
            rs for rs in request.state.org_rulesets.values() if org_ruleset_selects(request.state, rs, repo)
        ]
    return sorted(found, key=lambda rs: rs.id)


@routes.get("/repos/{owner}/{repo}/rulesets")
def list_repo_rulesets(request: Request) -> Response:
    repo = lookup.repository(request)
    lookup.plan_allows_protection(request, repo)
    targets = [t for t in request.query.get("targets", "").split(",") if t]
    items = [rs for rs in _repo_rulesets(request, repo) if not targets or rs.target in targets]
    return paginate(request, [_render(request, rs, repo, full=False) for rs in items])


@routes.post("/repos/{owner}/{repo}/rulesets")
def create_repo_ruleset(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    lookup.plan_allows_protection(request, repo)
    values = _normalise(request.state, request.json_object(), REPO_DOCS, None)
    if any(rs.name == values["name"] for rs in repo.rulesets.values()):
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {"resource": "Ruleset", "code": "custom", "field": "name", "message": "Name must be unique"}
            ],
            documentation_url=REPO_DOCS,
        )
    ident = request.state.new_id()
    source = f"{request.state.organization.login}/{repo.name}"
    ruleset = Ruleset(
        id=ident,
        node_id=node_id("RepositoryRuleset", ident),
        source_type="Repository",
        source=source,
        **values,
    )
    repo.rulesets[ident] = ruleset
    _record(request, "repository_ruleset.create", ruleset, repo)
    return Response(201, _render(request, ruleset, repo, full=True))


def _record(request: Request, action: str, ruleset: Ruleset, repo: Repository | None) -> None:
    keys = audit_events.repo_keys(request.state, repo) if repo is not None else {}
    audit_events.record(request, action, **audit_events.ruleset_keys(ruleset), **keys)


def _repo_ruleset(request: Request, repo: Repository, *, own: bool) -> Ruleset:
    try:
        ident = int(request.params["ruleset_id"])
    except ValueError as exc:
        raise not_found(REPO_DOCS) from exc
    if ident in repo.rulesets:
        return repo.rulesets[ident]
    parent = request.state.org_rulesets.get(ident)
    if (
        not own
        and parent is not None
        and request.query.get("includes_parents", "true") != "false"
        and org_ruleset_selects(request.state, parent, repo)
    ):
        return parent
    raise not_found(REPO_DOCS)


@routes.get("/repos/{owner}/{repo}/rulesets/{ruleset_id}")
def get_repo_ruleset(request: Request) -> Response:
    repo = lookup.repository(request)
    lookup.plan_allows_protection(request, repo)
    return Response(200, _render(request, _repo_ruleset(request, repo, own=False), repo, full=True))


@routes.put("/repos/{owner}/{repo}/rulesets/{ruleset_id}")
def update_repo_ruleset(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    lookup.plan_allows_protection(request, repo)
    ruleset = _repo_ruleset(request, repo, own=True)
    values = _normalise(request.state, request.json_object(), REPO_DOCS, ruleset)
    if "name" in values and any(
        rs.name == values["name"] and rs.id != ruleset.id for rs in repo.rulesets.values()
    ):
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {"resource": "Ruleset", "code": "custom", "field": "name", "message": "Name must be unique"}
            ],
            documentation_url=REPO_DOCS,
        )
    return _updated(request, ruleset, values, repo)


def _updated(request: Request, ruleset: Ruleset, values: dict[str, Any], repo: Repository | None) -> Response:
    """Apply validated ``values`` to a repository (``repo``) or organisation (None) ruleset; GitHub's
    answer is the full ruleset, and the audit log gets ``repository_ruleset.update`` for both."""
    for key, value in values.items():
        setattr(ruleset, key, value)
    ruleset.updated_at = now_iso()
    _record(request, "repository_ruleset.update", ruleset, repo)
    return Response(200, _render(request, ruleset, repo, full=True))


@routes.delete("/repos/{owner}/{repo}/rulesets/{ruleset_id}")
def delete_repo_ruleset(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    ruleset = _repo_ruleset(request, repo, own=True)
    del repo.rulesets[ruleset.id]
    _record(request, "repository_ruleset.destroy", ruleset, repo)
    return Response(204)


@routes.get("/repos/{owner}/{repo}/rules/branches/{branch+}")
def rules_for_branch(request: Request) -> Response:
    repo = lookup.repository(request)
    branch = request.params["branch"]
    items = []
    for ruleset in _repo_rulesets(request, repo):
        if ruleset_applies(ruleset, repo, branch):
            for rule in ruleset.rules:
                items.append(
                    {
                        **rule,
                        "ruleset_source_type": ruleset.source_type,
                        "ruleset_source": ruleset.source,
                        "ruleset_id": ruleset.id,
                    }
                )
    return paginate(request, items)


def _org_ruleset(request: Request) -> Ruleset:
    try:
        ruleset = request.state.org_rulesets.get(int(request.params["ruleset_id"]))
    except ValueError:
        ruleset = None
    if ruleset is None:
        raise not_found(ORG_DOCS)
    return ruleset


@routes.get("/orgs/{org}/rulesets")
def list_org_rulesets(request: Request) -> Response:
    lookup.org(request)
    lookup.member(request)
    items = sorted(request.state.org_rulesets.values(), key=lambda rs: rs.id)
    return paginate(request, [_render(request, rs, None, full=False) for rs in items])


@routes.post("/orgs/{org}/rulesets")
def create_org_ruleset(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    state = request.state
    values = _normalise(state, request.json_object(), ORG_DOCS, None)
    if any(rs.name == values["name"] for rs in state.org_rulesets.values()):
        raise ApiError(
            422,
            "Validation Failed",
            errors=[
                {"resource": "Ruleset", "code": "custom", "field": "name", "message": "Name must be unique"}
            ],
            documentation_url=ORG_DOCS,
        )
    ident = state.new_id()
    ruleset = Ruleset(
        id=ident,
        node_id=node_id("RepositoryRuleset", ident),
        source_type="Organization",
        source=state.organization.login,
        **values,
    )
    state.org_rulesets[ident] = ruleset
    _record(request, "repository_ruleset.create", ruleset, None)
    return Response(201, _render(request, ruleset, None, full=True))


@routes.get("/orgs/{org}/rulesets/{ruleset_id}")
def get_org_ruleset(request: Request) -> Response:
    lookup.org(request)
    lookup.member(request)
    return Response(200, _render(request, _org_ruleset(request), None, full=True))


@routes.put("/orgs/{org}/rulesets/{ruleset_id}")
def update_org_ruleset(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    ruleset = _org_ruleset(request)
    values = _normalise(request.state, request.json_object(), ORG_DOCS, ruleset)
    return _updated(request, ruleset, values, None)


@routes.delete("/orgs/{org}/rulesets/{ruleset_id}")
def delete_org_ruleset(request: Request) -> Response:
    lookup.org(request)
    if not access.is_owner(request.state, request.identity):
        raise forbidden("You must be an organization owner to perform this action.")
    ruleset = _org_ruleset(request)
    del request.state.org_rulesets[ruleset.id]
    _record(request, "repository_ruleset.destroy", ruleset, None)
    return Response(204)
