"""REST endpoints the audit reads: 2FA filter, collaborators, the GHEC audit log, Actions, webhooks, secrets.

Listed first in ``runtime.TABLES``, so ``/orgs/{org}/members``, ``/orgs/{org}/outside_collaborators``
and ``/repos/{owner}/{repo}/collaborators`` answered here replace the member-only versions: they
add what ``audit_data`` knows (2FA, direct grants) and otherwise answer the same way.
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
from typing import Any

from ghprov.sandbox import access, lookup, rest_members
from ghprov.sandbox.audit_data import audit_data, outside_collaborators
from ghprov.sandbox.render_org import user_json
from ghprov.sandbox.state import Identity, Repository
from ghprov.sandbox.wire import ApiError, Request, Response, RouteTable, not_found, paginate

routes = RouteTable()
AUDIT_LOG_DOCS = (
    "https://docs.github.com/enterprise-cloud@latest/rest/orgs/orgs#get-the-audit-log-for-an-organization"
)
HOOK_SECRET_MASK = "********"


@routes.get("/orgs/{org}/members")
def list_members(request: Request) -> Response:
    member_filter = request.query.get("filter", "all")
    if member_filter == "all":
        return rest_members.list_members(request)
    lookup.org(request)
    lookup.member(request)
    if not access.is_owner(request.state, request.identity):
        raise ApiError(422, "Only owners can use this filter.")
    state = request.state
    disabled = audit_data(state).two_factor_disabled
    role = request.query.get("role", "all")
    logins = sorted(
        (
            login
            for login, m in state.memberships.items()
            if m.state == "active" and role in ("all", m.role) and login in disabled
        ),
        key=lambda login: state.users[login].id,
    )
    return paginate(request, [user_json(request.base_url, state.users[login]) for login in logins])


@routes.get("/orgs/{org}/outside_collaborators")
def list_outside_collaborators(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    state = request.state
    wanted = outside_collaborators(state)
    if request.query.get("filter") == "2fa_disabled":
        wanted = [login for login in wanted if login in audit_data(state).two_factor_disabled]
    return paginate(request, [user_json(request.base_url, state.users[login]) for login in wanted])


def _member_role(request: Request, login: str, repo: Repository) -> str | None:
    membership = request.state.memberships.get(login)
    if membership is None or membership.state != "active":
        return None
    return access.repository_role(request.state, Identity(kind="user", login=login), repo)


@routes.get("/repos/{owner}/{repo}/collaborators")
def list_collaborators(request: Request) -> Response:
    repo = lookup.repository(request, needed="write")
    state = request.state
    affiliation = request.query.get("affiliation", "all")
    direct = audit_data(state).collaborators.get(repo.name.lower(), {})
    outside = set(outside_collaborators(state))
    roles: dict[str, str] = {}
    if affiliation == "all":
        for login in state.memberships:
            role = _member_role(request, login, repo)
            if role is not None:
                roles[login] = role
    for login, role in direct.items():
        if affiliation == "outside" and login not in outside:
            continue
        current = roles.get(login)
        if current is None or access.role_rank(state, role) > access.role_rank(state, current):
            roles[login] = role
    items = [
        {
            **user_json(request.base_url, state.users[login]),
            "permissions": access.permissions_object(state, role),
            "role_name": role,
        }
        for login, role in sorted(roles.items(), key=lambda item: state.users[item[0]].id)
    ]
    return paginate(request, items)


QUALIFIER = re.compile(r'(-?)(\w+):(>=|<=|>|<)?("[^"]*"|\S+)')


def _matches(event: dict[str, Any], phrase: str) -> bool:
    """GitHub's audit-log phrase qualifiers: action, actor, user, repo, created (no free text)."""
    for negate, key, operator, raw in QUALIFIER.findall(phrase):
        value = raw.strip('"')
        if key == "created":
            day = _day(event)
            ok = {
                ">=": day >= value,
                "<=": day <= value,
                ">": day > value,
                "<": day < value,
                "": day.startswith(value),
            }[operator]
        elif key == "action":
            ok = str(event.get("action", "")) == value or str(event.get("action", "")).startswith(
                value.rstrip("*")
            )
        elif key == "operation":
            ok = event.get("operation_type") == value
        else:
            ok = str(event.get(key, "")) == value
        if ok == bool(negate):
            return False
    return True


def _day(event: dict[str, Any]) -> str:
    return time.strftime("%Y-%m-%d", time.gmtime(int(event["@timestamp"]) / 1000))


@routes.get("/orgs/{org}/audit-log")
def audit_log(request: Request) -> Response:
    lookup.org(request)
    if request.state.organization.plan != "enterprise":
        raise not_found(AUDIT_LOG_DOCS)
    lookup.owner(request)
    events = [e for e in audit_data(request.state).audit_log if _matches(e, request.query.get("phrase", ""))]
    events.sort(key=lambda e: int(e["@timestamp"]), reverse=request.query.get("order", "desc") == "desc")
    per_page = max(1, min(request.int_query("per_page", 30), 100))
    start = (
        int(base64.urlsafe_b64decode(request.query["after"]).decode()) if request.query.get("after") else 0
    )
    page = events[start : start + per_page]
    headers = {}
    if start + per_page < len(events):
        cursor = base64.urlsafe_b64encode(str(start + per_page).encode()).decode()
        query = "&".join(f"{k}={v}" for k, v in request.query.items() if k != "after")
        headers["Link"] = f'<{request.base_url}{request.path}?{query}&after={cursor}>; rel="next"'
    return Response(200, page, headers)


def _hook_json(request: Request, hook: dict[str, Any], where: str) -> dict[str, Any]:
    url = f"{request.base_url}{where}/hooks/{hook['id']}"
    config = dict(hook["config"])
    if config.get("secret"):
        config["secret"] = HOOK_SECRET_MASK
    body = {**hook, "config": config, "type": "Organization" if where.startswith("/orgs") else "Repository"}
    body.update(url=url, ping_url=f"{url}/pings", deliveries_url=f"{url}/deliveries")
    if body["type"] == "Repository":
        body.update(test_url=f"{url}/test", last_response={"code": None, "status": "unused", "message": None})
    return body


@routes.get("/orgs/{org}/hooks")
def list_org_hooks(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    where = f"/orgs/{request.state.organization.login}"
    return paginate(request, [_hook_json(request, hook, where) for hook in audit_data(request.state).hooks])


@routes.get("/orgs/{org}/actions/secrets")
def list_org_secrets(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    secrets = audit_data(request.state).secrets
    return Response(200, {"total_count": len(secrets), "secrets": [dict(s) for s in secrets]})


@routes.get("/orgs/{org}/actions/permissions")
def org_actions_permissions(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    return Response(200, dict(audit_data(request.state).actions_permissions))


@routes.get("/orgs/{org}/actions/permissions/workflow")
def org_workflow_permissions(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    return Response(200, dict(audit_data(request.state).workflow_permissions))


@routes.get("/orgs/{org}/actions/runner-groups")
def list_runner_groups(request: Request) -> Response:
    lookup.org(request)
    lookup.owner(request)
    base = f"{request.base_url}/orgs/{request.state.organization.login}/actions/runner-groups"
    groups = [
        {"default": False, "inherited": False, "runners_url": f"{base}/{g['id']}/runners", **g}
        for g in audit_data(request.state).runner_groups
    ]
    return Response(200, {"total_count": len(groups), "runner_groups": groups})


@routes.get("/repos/{owner}/{repo}/actions/permissions/workflow")
def repo_workflow_permissions(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    data = audit_data(request.state)
    return Response(200, dict(data.repository_workflow.get(repo.name.lower(), data.workflow_permissions)))


@routes.get("/repos/{owner}/{repo}/hooks")
def list_repo_hooks(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    where = f"/repos/{request.state.organization.login}/{repo.name}"
    hooks = audit_data(request.state).repository_hooks.get(repo.name.lower(), [])
    return paginate(request, [_hook_json(request, hook, where) for hook in hooks])


@routes.get("/repos/{owner}/{repo}/actions/secrets")
def list_repo_secrets(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    secrets = audit_data(request.state).repository_secrets.get(repo.name.lower(), [])
    return Response(200, {"total_count": len(secrets), "secrets": [dict(s) for s in secrets]})


@routes.get("/repos/{owner}/{repo}/contents/{path+}")
def get_contents(request: Request) -> Response:
    repo = lookup.repository(request)
    path = request.params["path"]
    text = audit_data(request.state).files.get(repo.name.lower(), {}).get(path)
    if text is None:
        raise not_found("https://docs.github.com/rest/repos/contents#get-repository-content")
    raw = text.encode()
    sha = hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
    base = f"{request.base_url}/repos/{request.state.organization.login}/{repo.name}"
    html = (
        f"https://github.com/{request.state.organization.login}/{repo.name}/blob/{repo.default_branch}/{path}"
    )
    body = {
        "type": "file",
        "encoding": "base64",
        "size": len(raw),
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "content": base64.b64encode(raw).decode(),
        "sha": sha,
        "url": f"{base}/contents/{path}",
        "git_url": f"{base}/git/blobs/{sha}",
        "html_url": html,
        "download_url": None,
        "_links": {"self": f"{base}/contents/{path}", "git": f"{base}/git/blobs/{sha}", "html": html},
    }
    return Response(200, body)
