"""REST: repositories (create, get, update, archive), topics, branches, refs and collaborators."""

from __future__ import annotations

import hashlib
from typing import Any

from ghprov_testbeds.sandbox import access, audit_events, lookup
from ghprov_testbeds.sandbox.render_org import user_json
from ghprov_testbeds.sandbox.render_repo import (
    branch_json,
    repo_full_json,
    repo_minimal_json,
    short_branch_json,
)
from ghprov_testbeds.sandbox.rest_security import update_security_and_analysis
from ghprov_testbeds.sandbox.state import GitHubState, Identity, Repository, node_id, now_iso
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
REPOS_DOCS = "https://docs.github.com/rest/repos/repos"
SETTINGS = (
    "description",
    "homepage",
    "has_issues",
    "has_projects",
    "has_wiki",
    "has_discussions",
    "is_template",
    "allow_merge_commit",
    "allow_squash_merge",
    "allow_rebase_merge",
    "allow_auto_merge",
    "allow_update_branch",
    "allow_forking",
    "delete_branch_on_merge",
    "web_commit_signoff_required",
)


def commit_sha(*parts: str) -> str:
    """A stable, plausible 40-hex commit id."""
    return hashlib.sha1("/".join(parts).encode()).hexdigest()


def _repo_invalid(field_name: str, message: str, code: str = "custom") -> ApiError:
    return ApiError(
        422,
        "Validation Failed",
        errors=[{"resource": "Repository", "code": code, "field": field_name, "message": message}],
    )


def _visibility(state: GitHubState, body: dict[str, Any], current: str) -> str:
    visibility = body.get("visibility")
    if visibility is None and "private" in body:
        visibility = "private" if body["private"] else "public"
    visibility = str(visibility or current)
    if visibility == "internal" and state.organization.plan != "enterprise":
        raise _repo_invalid(
            "visibility", "Internal repositories are only available on GitHub Enterprise Cloud", "invalid"
        )
    return visibility


@routes.get("/orgs/{org}/repos")
def list_repos(request: Request) -> Response:
    lookup.org(request)
    state = request.state
    kind = request.query.get("type", "all")
    items = []
    for repo in sorted(state.repositories.values(), key=lambda r: r.id):
        role = access.repository_role(state, request.identity, repo)
        if role is None or (
            kind in ("public", "private") and (repo.visibility == "public") != (kind == "public")
        ):
            continue
        items.append(repo_minimal_json(request.base_url, state, repo, role))
    sort = request.query.get("sort", "created")
    if sort == "full_name":
        items.sort(
            key=lambda item: str(item["full_name"]).lower(), reverse=request.query.get("direction") == "desc"
        )
    elif request.query.get("direction", "asc" if sort == "full_name" else "desc") == "desc":
        items.reverse()
    return paginate(request, items)


@routes.post("/orgs/{org}/repos")
def create_repo(request: Request) -> Response:
    lookup.org(request)
    lookup.member(request)
    state = request.state
    owner = access.is_owner(state, request.identity)
    if not owner and not state.organization.settings.get("members_can_create_repositories", True):
        raise forbidden("You must be an organization owner to create repositories in this organization.")
    body = request.json_object()
    name = str(body.get("name", "")).strip()
    if not name or any(
        ch not in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_." for ch in name
    ):
        raise _repo_invalid("name", "name must consist of letters, digits, '-', '_' and '.'", "invalid")
    if state.repository(name) is not None:
        raise _repo_invalid("name", "name already exists on this account")
    if body.get("delete_branch_on_merge") and not owner:
        raise forbidden("The authenticated user must be an organization owner to set delete_branch_on_merge.")
    repo_id = state.new_id()
    repo = Repository(id=repo_id, node_id=node_id("Repository", repo_id), name=name)
    repo.visibility = _visibility(state, body, "public")  # type: ignore[assignment]
    for key in SETTINGS:
        if key in body:
            setattr(repo, key, body[key])
    if body.get("auto_init"):
        repo.branches[repo.default_branch] = commit_sha(state.organization.login, name, "initial")
    team_id = body.get("team_id")
    if team_id is not None:
        team = state.teams.get(int(team_id))
        if team is None:
            raise _repo_invalid("team_id", "team_id must be a team of this organization", "invalid")
        team.repos[name] = "read"
    state.add_repository(repo)
    audit_events.record(
        request, "repo.create", visibility=repo.visibility, **audit_events.repo_keys(state, repo)
    )
    location = f"{request.base_url}/repos/{state.organization.login}/{name}"
    return Response(201, repo_full_json(request.base_url, state, repo, "admin"), {"Location": location})


@routes.get("/repos/{owner}/{repo}")
def get_repo(request: Request) -> Response:
    repo = lookup.repository(request)
    role = access.repository_role(request.state, request.identity, repo)
    return Response(200, repo_full_json(request.base_url, request.state, repo, role))


@routes.patch("/repos/{owner}/{repo}")
def update_repo(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    body = request.json_object()
    state = request.state
    # Only unarchiving is allowed on an archived repository (it may come with other settings).
    if repo.archived and body.get("archived") is not False:
        raise forbidden(lookup.ARCHIVED)
    unknown_branch = "default_branch" in body and body["default_branch"] not in repo.branches
    # An empty repository may keep naming its (future) default branch.
    if unknown_branch and (repo.branches or body["default_branch"] != repo.default_branch):
        raise _repo_invalid(
            "default_branch",
            f"The branch {body['default_branch']} was not found in this repository",
            "invalid",
        )
    if body.get("delete_branch_on_merge") and not access.is_owner(state, request.identity):
        raise forbidden("The authenticated user must be an organization owner to set delete_branch_on_merge.")
    update_security_and_analysis(request, repo, body)
    before = {"visibility": repo.visibility, "archived": repo.archived, "name": repo.name}
    if "visibility" in body or "private" in body:
        repo.visibility = _visibility(state, body, repo.visibility)  # type: ignore[assignment]
    for key in (*SETTINGS, "default_branch", "archived"):
        if key in body:
            setattr(repo, key, body[key])
    if "name" in body and body["name"] != repo.name:
        new_name = str(body["name"])
        clash = state.repository(new_name)
        if clash is not None and clash is not repo:
            raise _repo_invalid("name", "name already exists on this account")
        state.rename_repository(repo, new_name)
    repo.updated_at = now_iso()
    _record_update(request, repo, before)
    role = access.repository_role(state, request.identity, repo)
    return Response(200, repo_full_json(request.base_url, state, repo, role))


def _record_update(request: Request, repo: Repository, before: dict[str, Any]) -> None:
    """``repo.rename``, ``repo.access`` (visibility) and ``repo.archived``/``unarchived`` events."""
    keys = audit_events.repo_keys(request.state, repo)
    if before["name"] != repo.name:
        audit_events.record(request, "repo.rename", old_name=before["name"], **keys)
    if before["visibility"] != repo.visibility:
        audit_events.record(
            request,
            "repo.access",
            previous_visibility=before["visibility"],
            visibility=repo.visibility,
            **keys,
        )
    if before["archived"] != repo.archived:
        audit_events.record(request, "repo.archived" if repo.archived else "repo.unarchived", **keys)


@routes.get("/repos/{owner}/{repo}/topics")
def get_topics(request: Request) -> Response:
    repo = lookup.repository(request)
    return Response(200, {"names": list(repo.topics)})


@routes.put("/repos/{owner}/{repo}/topics")
def set_topics(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    names = [str(name) for name in request.json_object().get("names", [])]
    bad = [name for name in names if name != name.lower() or not name or len(name) > 50 or " " in name]
    if bad:
        raise ApiError(
            422,
            "Invalid topics",
            errors=[
                {
                    "resource": "Repository",
                    "code": "invalid",
                    "field": "names",
                    "message": f"{', '.join(bad)} is not a valid topic",
                }
            ],
        )
    if len(names) > 20:
        raise ApiError(
            422,
            "Invalid topics",
            errors=[
                {
                    "resource": "Repository",
                    "code": "invalid",
                    "field": "names",
                    "message": "a repository can have at most 20 topics",
                }
            ],
        )
    repo.topics = sorted(set(names), key=names.index)
    repo.updated_at = now_iso()
    return Response(200, {"names": list(repo.topics)})


@routes.get("/repos/{owner}/{repo}/branches")
def list_branches(request: Request) -> Response:
    repo = lookup.repository(request)
    wanted = request.query.get("protected")
    items = [short_branch_json(request.base_url, request.state, repo, name) for name in sorted(repo.branches)]
    if wanted in ("true", "false"):
        items = [item for item in items if item["protected"] == (wanted == "true")]
    return paginate(request, items)


@routes.get("/repos/{owner}/{repo}/branches/{branch+}")
def get_branch(request: Request) -> Response:
    repo = lookup.repository(request)
    branch = request.params["branch"]
    if branch not in repo.branches:
        raise ApiError(
            404,
            "Branch not found",
            documentation_url="https://docs.github.com/rest/branches/branches#get-a-branch",
        )
    return Response(200, branch_json(request.base_url, request.state, repo, branch))


def _ref_json(request: Request, repo: Repository, branch: str) -> dict[str, Any]:
    sha = repo.branches[branch]
    base = f"{request.base_url}/repos/{request.state.organization.login}/{repo.name}"
    return {
        "ref": f"refs/heads/{branch}",
        "node_id": node_id("Ref", repo.id),
        "url": f"{base}/git/refs/heads/{branch}",
        "object": {"type": "commit", "sha": sha, "url": f"{base}/git/commits/{sha}"},
    }


@routes.get("/repos/{owner}/{repo}/git/ref/{ref+}")
def get_ref(request: Request) -> Response:
    repo = lookup.repository(request)
    ref = request.params["ref"]
    if not repo.branches:
        raise ApiError(
            409,
            "Git Repository is empty.",
            documentation_url="https://docs.github.com/rest/git/refs#get-a-reference",
        )
    branch = ref.removeprefix("heads/")
    if not ref.startswith("heads/") or branch not in repo.branches:
        raise not_found("https://docs.github.com/rest/git/refs#get-a-reference")
    return Response(200, _ref_json(request, repo, branch))


@routes.post("/repos/{owner}/{repo}/git/refs")
def create_ref(request: Request) -> Response:
    repo = lookup.repository(request, needed="write")
    lookup.writable(repo)
    body = request.json_object()
    ref, sha = str(body.get("ref", "")), str(body.get("sha", ""))
    if not repo.branches:
        raise ApiError(
            409,
            "Git Repository is empty.",
            documentation_url="https://docs.github.com/rest/git/refs#create-a-reference",
        )
    if not ref.startswith("refs/") or ref.count("/") < 2:
        raise ApiError(422, "Reference name must start with 'refs/' and have at least two slashes.")
    if not ref.startswith("refs/heads/"):
        raise ApiError(422, "Only branch references (refs/heads/…) are emulated.")
    branch = ref.removeprefix("refs/heads/")
    if branch in repo.branches:
        raise ApiError(
            422,
            "Reference already exists",
            documentation_url="https://docs.github.com/rest/git/refs#create-a-reference",
        )
    if sha not in set(repo.branches.values()):
        raise ApiError(
            422,
            "Object does not exist",
            documentation_url="https://docs.github.com/rest/git/refs#create-a-reference",
        )
    repo.branches[branch] = sha
    repo.pushed_at = now_iso()
    location = (
        f"{request.base_url}/repos/{request.state.organization.login}/{repo.name}/git/refs/heads/{branch}"
    )
    return Response(201, _ref_json(request, repo, branch), {"Location": location})


@routes.get("/repos/{owner}/{repo}/collaborators")
def list_collaborators(request: Request) -> Response:
    repo = lookup.repository(request, needed="write")
    state = request.state
    affiliation = request.query.get("affiliation", "all")
    roles = access.collaborators(state, repo, affiliation)
    items = [
        {
            **user_json(request.base_url, state.users[login]),
            "permissions": access.permissions_object(state, role),
            "role_name": role,
        }
        for login, role in sorted(roles.items(), key=lambda item: state.users[item[0]].id)
    ]
    return paginate(request, items)


@routes.get("/repos/{owner}/{repo}/collaborators/{username}/permission")
def collaborator_permission(request: Request) -> Response:
    repo = lookup.repository(request)
    state = request.state
    login = request.params["username"]
    user = state.users.get(login)
    if user is None:
        raise not_found()
    role = access.repository_role(state, _as_user(login), repo) or "none"
    # The legacy ``permission`` folds maintain into write and triage into read.
    legacy = {"maintain": "write", "triage": "read"}.get(role, role)
    custom = state.custom_role_by_name(role)
    if custom is not None:
        legacy = {"maintain": "write", "triage": "read"}.get(custom.base_role, custom.base_role)
    return Response(
        200,
        {
            "permission": legacy,
            "role_name": role,
            "user": {
                **user_json(request.base_url, user),
                "permissions": access.permissions_object(state, role if role != "none" else None),
                "role_name": role,
            },
        },
    )


def _as_user(login: str) -> Identity:
    return Identity(kind="user", login=login)
