"""Turning GitHub's error responses into ``GitHubApiError`` with GitHub's words and a hint on what to do."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ghprov.errors import GitHubApiError
from ghprov.github.ratelimit import retry_after_seconds

PLAN_GATED = "upgrade to github pro"


def describe_errors(body: Any) -> tuple[str, ...]:
    """GitHub's itemised ``errors`` (422 validation failures and similar), one readable line each."""
    if not isinstance(body, dict):
        return ()
    items = body.get("errors")
    if not items:
        return ()
    if not isinstance(items, list):
        return (str(items),)
    lines = []
    for item in items:
        if isinstance(item, dict):
            if item.get("message"):
                lines.append(str(item["message"]))
            else:
                where = ".".join(str(item[key]) for key in ("resource", "field") if item.get(key))
                lines.append(f"{where}: {item.get('code', 'invalid')}" if where else str(item))
        else:
            lines.append(str(item))
    return tuple(lines)


def is_plan_gated(error: GitHubApiError) -> bool:
    """True for GitHub's "Upgrade to GitHub Pro…" refusals (features a Free org lacks on private repos)."""
    return error.status == 403 and PLAN_GATED in error.github_message.lower()


def _hint(status: int, method: str, path: str, message: str, headers: Mapping[str, str]) -> str:
    accepted = headers.get("x-accepted-github-permissions") or headers.get("x-accepted-oauth-scopes")
    needs = f" GitHub says this endpoint accepts: {accepted}." if accepted else ""
    gated_path = "/protection" in path or "/rulesets" in path or "/rules/" in path
    if status == 0:
        return "Check GHPROV_API_URL and the network; the request was retried before giving up."
    if status == 401:
        return "Check the token (GHPROV_TOKEN or GITHUB_TOKEN): it may be expired, revoked or mistyped."
    if status == 403 and PLAN_GATED in message.lower():
        return "This feature needs a public repository or a paid plan (GitHub Team or above)."
    if status in (403, 404) and gated_path:
        return (
            "Branch protection and rulesets need repository admin rights (fine-grained: Administration), "
            "and private repositories need a paid plan." + needs
        )
    if status == 403:
        return "The token lacks a permission this request needs." + needs
    if status == 404:
        return "The resource does not exist, or the token cannot see it (GitHub answers 404 then)." + needs
    if status == 409:
        return "GitHub reports a conflict with the current state; re-run plan to see the live state."
    if status == 422:
        return f"GitHub rejected the {method} request's content; the listed validation errors say why."
    if status >= 500:
        return "GitHub had a server error and retries did not help; try again later."
    return ""


def api_error(status: int, body: Any, headers: Mapping[str, str], method: str, path: str) -> GitHubApiError:
    """A ``GitHubApiError`` carrying GitHub's message, itemised errors, documentation URL and Retry-After."""
    message = ""
    documentation_url = ""
    if isinstance(body, dict):
        message = str(body.get("message") or "")
        documentation_url = str(body.get("documentation_url") or "")
    elif isinstance(body, str):
        message = body.strip()[:300]
    return GitHubApiError(
        status,
        message or "no message",
        method=method,
        path=path,
        documentation_url=documentation_url,
        hint=_hint(status, method, path, message, headers),
        errors=describe_errors(body),
        retry_after=retry_after_seconds(headers.get("retry-after")),
    )
