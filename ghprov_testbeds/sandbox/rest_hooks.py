"""REST: organisation and repository webhooks, from ``GitHubState.audit`` (``hooks``, ``repository_hooks``).

A webhook's secret is never stored: the sandbox keeps its SHA-256 (``secret_sha256``) so tests can
check what was sent, and answers ``********`` for a set secret, as GitHub does. Events are checked
against GitHub's list (``ghprov.model.webhook_events``); as on GitHub, a ``config`` sent with an
update replaces the old one whole, so a secret left out of it is removed.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ghprov.model.webhook_events import ORGANIZATION_EVENTS, REPOSITORY_EVENTS
from ghprov_testbeds.sandbox import lookup
from ghprov_testbeds.sandbox.audit_data import audit_data
from ghprov_testbeds.sandbox.state import now_iso
from ghprov_testbeds.sandbox.wire import Request, Response, RouteTable, not_found, paginate, validation_failed

routes = RouteTable()
HOOK_SECRET_MASK = "********"
HOOKS_DOCS = "https://docs.github.com/rest/repos/webhooks"


def fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hook_json(request: Request, hook: dict[str, Any], where: str) -> dict[str, Any]:
    """A hook as GitHub renders it (``where``: ``/orgs/{org}`` or ``/repos/{owner}/{repo}``)."""
    url = f"{request.base_url}{where}/hooks/{hook['id']}"
    config = dict(hook["config"])
    if hook.get("secret_sha256"):
        config["secret"] = HOOK_SECRET_MASK
    body = {key: value for key, value in hook.items() if key != "secret_sha256"}
    body.update(config=config, type="Organization" if where.startswith("/orgs") else "Repository")
    body.update(url=url, ping_url=f"{url}/pings", deliveries_url=f"{url}/deliveries")
    if body["type"] == "Repository":
        body.update(test_url=f"{url}/test", last_response={"code": None, "status": "unused", "message": None})
    return body


def _take_secret(body: dict[str, Any]) -> str | None:
    """The secret sent in ``body``'s config, masked in the body at once: the body is the one the
    sandbox's request log keeps, so no secret outlives the request (not even a refused one)."""
    config = body.get("config")
    if not isinstance(config, dict) or not config.get("secret"):
        return None
    secret = str(config["secret"])
    config["secret"] = HOOK_SECRET_MASK
    return secret


def _config(hook: dict[str, Any], sent: dict[str, Any], secret: str | None, url: str | None = None) -> None:
    """Replace the hook's config with ``sent`` (its secret, taken out before, kept as a fingerprint)."""
    if url is not None:
        sent.setdefault("url", url)
    if not str(sent.get("url", "")).startswith(("http://", "https://")):
        raise validation_failed("Hook", "url", code="custom", message="url is not a supported format")
    hook["config"] = {
        "url": sent["url"],
        "content_type": sent.get("content_type", "form"),
        "insecure_ssl": str(sent.get("insecure_ssl", "0")),
    }
    hook.pop("secret_sha256", None)
    if secret:
        hook["secret_sha256"] = fingerprint(secret)


def _events(events: list[str], known: frozenset[str]) -> list[str]:
    if any(event not in known for event in events):
        raise validation_failed("Hook", "events", code="invalid")
    return sorted(set(events))


def _create(
    request: Request, hooks: list[dict[str, Any]], known: frozenset[str], where: str, secret: str | None
) -> Response:
    body = request.json_object()
    if body.get("name", "web") != "web":
        raise validation_failed("Hook", "name", code="invalid")
    url = body.get("config", {}).get("url")
    if any(hook["config"]["url"] == url for hook in hooks):
        # GitHub: "Hook already exists on this repository" (422).
        raise validation_failed("Hook", "hook", code="custom", message="Hook already exists on this target")
    stamp = now_iso()
    hook: dict[str, Any] = {
        "id": request.state.new_id(),
        "name": "web",
        "active": body.get("active", True),
        "events": _events(body.get("events", ["push"]), known),
        "created_at": stamp,
        "updated_at": stamp,
    }
    _config(hook, body.get("config") or {}, secret)
    hooks.append(hook)
    return Response(201, hook_json(request, hook, where))


def _find(hooks: list[dict[str, Any]], request: Request) -> dict[str, Any]:
    ident = request.params["hook_id"]
    found = next((hook for hook in hooks if str(hook["id"]) == ident), None)
    if found is None:
        raise not_found(HOOKS_DOCS)
    return found


def _update(
    request: Request, hooks: list[dict[str, Any]], known: frozenset[str], where: str, secret: str | None
) -> Response:
    body = request.json_object()
    hook = _find(hooks, request)
    if "config" in body:
        _config(hook, body["config"], secret, url=hook["config"]["url"])
    events = set(body.get("events", hook["events"]))
    events |= set(body.get("add_events", ()))
    events -= set(body.get("remove_events", ()))
    hook["events"] = _events(sorted(events), known)
    if "active" in body:
        hook["active"] = body["active"]
    hook["updated_at"] = now_iso()
    return Response(200, hook_json(request, hook, where))


# Organisation -------------------------------------------------------------------------------------
def _org_hooks(request: Request) -> tuple[list[dict[str, Any]], str]:
    lookup.org(request)
    lookup.owner(request)
    return audit_data(request.state).hooks, f"/orgs/{request.state.organization.login}"


@routes.get("/orgs/{org}/hooks")
def list_org_hooks(request: Request) -> Response:
    hooks, where = _org_hooks(request)
    return paginate(request, [hook_json(request, hook, where) for hook in hooks])


@routes.post("/orgs/{org}/hooks")
def create_org_hook(request: Request) -> Response:
    secret = _take_secret(request.json_object())  # first: even a refused request must not keep it
    hooks, where = _org_hooks(request)
    return _create(request, hooks, ORGANIZATION_EVENTS, where, secret)


@routes.get("/orgs/{org}/hooks/{hook_id}")
def get_org_hook(request: Request) -> Response:
    hooks, where = _org_hooks(request)
    return Response(200, hook_json(request, _find(hooks, request), where))


@routes.patch("/orgs/{org}/hooks/{hook_id}")
def update_org_hook(request: Request) -> Response:
    secret = _take_secret(request.json_object())
    hooks, where = _org_hooks(request)
    return _update(request, hooks, ORGANIZATION_EVENTS, where, secret)


@routes.delete("/orgs/{org}/hooks/{hook_id}")
def delete_org_hook(request: Request) -> Response:
    hooks, _ = _org_hooks(request)
    hooks.remove(_find(hooks, request))
    return Response(204)


# Repositories -------------------------------------------------------------------------------------
def _repo_hooks(request: Request, *, write: bool) -> tuple[list[dict[str, Any]], str]:
    repo = lookup.repository(request, needed="admin")
    if write:
        lookup.writable(repo)
    where = f"/repos/{request.state.organization.login}/{repo.name}"
    return audit_data(request.state).repository_hooks.setdefault(repo.name.lower(), []), where


@routes.get("/repos/{owner}/{repo}/hooks")
def list_repo_hooks(request: Request) -> Response:
    hooks, where = _repo_hooks(request, write=False)
    return paginate(request, [hook_json(request, hook, where) for hook in hooks])


@routes.post("/repos/{owner}/{repo}/hooks")
def create_repo_hook(request: Request) -> Response:
    secret = _take_secret(request.json_object())
    hooks, where = _repo_hooks(request, write=True)
    return _create(request, hooks, REPOSITORY_EVENTS, where, secret)


@routes.get("/repos/{owner}/{repo}/hooks/{hook_id}")
def get_repo_hook(request: Request) -> Response:
    hooks, where = _repo_hooks(request, write=False)
    return Response(200, hook_json(request, _find(hooks, request), where))


@routes.patch("/repos/{owner}/{repo}/hooks/{hook_id}")
def update_repo_hook(request: Request) -> Response:
    secret = _take_secret(request.json_object())
    hooks, where = _repo_hooks(request, write=True)
    return _update(request, hooks, REPOSITORY_EVENTS, where, secret)


@routes.delete("/repos/{owner}/{repo}/hooks/{hook_id}")
def delete_repo_hook(request: Request) -> Response:
    hooks, _ = _repo_hooks(request, write=True)
    hooks.remove(_find(hooks, request))
    return Response(204)
