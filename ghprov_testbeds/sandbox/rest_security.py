"""REST: a repository's security features — ``security_and_analysis`` (shown with the repository to
admins, changed through ``PATCH /repos/{owner}/{repo}``), Dependabot security updates
(``automated-security-fixes``) and private vulnerability reporting.

GitHub's rules beyond the request schema, answered with 422 before anything changes (messages are
ghprov's wording; the rules are GitHub's documented prerequisites): push protection needs secret
scanning; on private and internal repositories secret scanning needs a licence (a paid plan here);
Advanced Security needs an Enterprise plan, and public repositories have it already (not settable);
Dependabot security updates need vulnerability alerts; private vulnerability reporting is for public
repositories.
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import lookup
from ghprov_testbeds.sandbox.state import GitHubState, Repository
from ghprov_testbeds.sandbox.wire import ApiError, Request, Response, RouteTable

routes = RouteTable()
DOCS = "https://docs.github.com/rest/repos/repos#update-a-repository"
FIXES_DOCS = "https://docs.github.com/rest/repos/repos#enable-dependabot-security-updates"
REPORTING_DOCS = (
    "https://docs.github.com/rest/repos/repos#enable-private-vulnerability-reporting-for-a-repository"
)
STATUSES = ("enabled", "disabled")
# On private and internal repositories these need a licence: GitHub Secret Protection, sold with the
# Team and Enterprise plans (or the older Advanced Security bundle, Enterprise only). The sandbox
# counts a paid plan as licensed. Other features a PATCH names are stored without rules of their own.
SECRET_PROTECTION = ("secret_scanning", "secret_scanning_push_protection")


def _invalid(message: str, documentation_url: str = DOCS) -> ApiError:
    return ApiError(422, message, documentation_url=documentation_url)


def _after(stored: dict[str, str], requested: dict[str, Any]) -> dict[str, str]:
    after = dict(stored)
    for name, value in requested.items():
        status = value.get("status") if isinstance(value, dict) else None
        if status is None:
            continue
        if status not in STATUSES:
            raise _invalid(f"Invalid status {status!r} for {name}: expected 'enabled' or 'disabled'.")
        after[name] = status
    return after


def _check(state: GitHubState, repo: Repository, requested: dict[str, Any], after: dict[str, str]) -> None:
    public = repo.visibility == "public"
    plan = state.organization.plan
    if public and "advanced_security" in requested:
        raise _invalid("Advanced Security is always available for public repositories and cannot be set.")
    if (
        "advanced_security" in requested
        and after.get("advanced_security") == "enabled"
        and plan != "enterprise"
    ):
        raise _invalid("GitHub Advanced Security is only available on GitHub Enterprise plans.")
    if not public and plan == "free":
        for name in SECRET_PROTECTION:
            if name in requested and after.get(name) == "enabled":
                raise _invalid(
                    f"{name} on a private repository needs GitHub Secret Protection (a paid plan)."
                )
    protection = after.get("secret_scanning_push_protection")
    if protection == "enabled" and after.get("secret_scanning") != "enabled":
        raise _invalid("Secret scanning push protection requires secret scanning to be enabled.")


def update_security_and_analysis(request: Request, repo: Repository, body: dict[str, Any]) -> None:
    """Apply a repository PATCH's ``security_and_analysis`` (admins), or raise GitHub's 422 unchanged."""
    requested = body.get("security_and_analysis")
    if not isinstance(requested, dict):
        return
    state = request.state
    features = state.features.repository(repo.name)
    after = _after(features.security_and_analysis, requested)
    _check(state, repo, requested, after)
    with state.lock:
        features.security_and_analysis = after


# Dependabot security updates -----------------------------------------------------------------------
@routes.get("/repos/{owner}/{repo}/automated-security-fixes")
def automated_security_fixes(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    status = request.state.features.repository(repo.name).security_and_analysis["dependabot_security_updates"]
    return Response(200, {"enabled": status == "enabled", "paused": False})


def _set_fixes(request: Request, status: str) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    features = request.state.features.repository(repo.name)
    if status == "enabled" and not features.vulnerability_alerts:
        raise _invalid("Dependabot security updates need vulnerability alerts to be enabled.", FIXES_DOCS)
    with request.state.lock:
        features.security_and_analysis["dependabot_security_updates"] = status
    return Response(204)


@routes.put("/repos/{owner}/{repo}/automated-security-fixes")
def enable_automated_security_fixes(request: Request) -> Response:
    return _set_fixes(request, "enabled")


@routes.delete("/repos/{owner}/{repo}/automated-security-fixes")
def disable_automated_security_fixes(request: Request) -> Response:
    return _set_fixes(request, "disabled")


# Private vulnerability reporting ---------------------------------------------------------------------
@routes.get("/repos/{owner}/{repo}/private-vulnerability-reporting")
def private_vulnerability_reporting(request: Request) -> Response:
    repo = lookup.repository(request, needed="admin")
    enabled = request.state.features.repository(repo.name).private_vulnerability_reporting
    return Response(200, {"enabled": enabled})


def _set_reporting(request: Request, enabled: bool) -> Response:
    repo = lookup.repository(request, needed="admin")
    lookup.writable(repo)
    if repo.visibility != "public":
        raise _invalid(
            "Private vulnerability reporting is only available for public repositories.", REPORTING_DOCS
        )
    with request.state.lock:
        request.state.features.repository(repo.name).private_vulnerability_reporting = enabled
    return Response(204)


@routes.put("/repos/{owner}/{repo}/private-vulnerability-reporting")
def enable_private_vulnerability_reporting(request: Request) -> Response:
    return _set_reporting(request, True)


@routes.delete("/repos/{owner}/{repo}/private-vulnerability-reporting")
def disable_private_vulnerability_reporting(request: Request) -> Response:
    return _set_reporting(request, False)
