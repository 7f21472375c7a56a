"""REST endpoints only the audit reads: the GHEC audit log, Actions settings, webhooks, secrets, runner
groups and repository files, from ``GitHubState.audit``.

Actions secrets and webhooks are served by ``rest_secrets`` and ``rest_hooks`` (with their writes).
Members (with the 2FA filter) and outside collaborators are served by ``rest_members``, repository
collaborators by ``rest_repos``: every endpoint has exactly one handler (``wire.Router`` refuses
duplicates).
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
from typing import Any

from ghprov_testbeds.sandbox import lookup
from ghprov_testbeds.sandbox.audit_data import audit_data
from ghprov_testbeds.sandbox.wire import Request, Response, RouteTable, not_found

routes = RouteTable()
AUDIT_LOG_DOCS = (
    "https://docs.github.com/enterprise-cloud@latest/rest/orgs/orgs#get-the-audit-log-for-an-organization"
)
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


@routes.get("/repos/{owner}/{repo}/actions/permissions/workflow")
def repo_workflow_permissions(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    data = audit_data(request.state)
    return Response(200, dict(data.repository_workflow.get(repo.name.lower(), data.workflow_permissions)))


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
