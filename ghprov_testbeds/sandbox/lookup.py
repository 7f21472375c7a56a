"""Resolving path parameters to state objects, with GitHub's 404/403 rules for what a caller may see."""

from __future__ import annotations

import time

from ghprov_testbeds.sandbox import access
from ghprov_testbeds.sandbox.state import Repository, Team
from ghprov_testbeds.sandbox.wire import ApiError, Request, forbidden, not_found

ARCHIVED = "Repository was archived so is read-only."
UPGRADE = "Upgrade to GitHub Pro or make this repository public to enable this feature."


def org(request: Request) -> None:
    """404 unless the path names the sandbox's organisation."""
    if request.params.get("org", "").lower() != request.state.organization.login.lower():
        raise not_found()


def owner(request: Request) -> None:
    """403 unless the caller is an organisation owner (GitHub's wording for org admin endpoints)."""
    if not access.is_owner(request.state, request.identity):
        raise forbidden("You must be an organization owner to perform this action.")


def member(request: Request) -> None:
    """Non-members see an organisation's member-only endpoints as missing."""
    if not access.is_member(request.state, request.identity):
        raise not_found()


def repository(request: Request, *, needed: str = "read") -> Repository:
    """``{owner}/{repo}``: 404 when invisible; 403 when visible but ``needed`` is missing."""
    if (
        request.params.get("owner", request.params.get("org", "")).lower()
        != request.state.organization.login.lower()
    ):
        raise not_found()
    repo = request.state.repository(request.params["repo"])
    if repo is None:
        raise not_found()
    role = access.repository_role(request.state, request.identity, repo)
    if role is None:
        raise not_found()
    if not access.can(request.state, request.identity, repo, needed):
        raise forbidden("Must have admin rights to Repository.")
    return repo


def writable(repo: Repository) -> None:
    """Archived repositories reject every write except unarchiving."""
    if repo.archived:
        raise forbidden(ARCHIVED)


def plan_allows_protection(request: Request, repo: Repository) -> None:
    """Classic protection and rulesets on private repositories need a paid plan."""
    if request.state.organization.plan == "free" and repo.visibility != "public":
        raise forbidden(UPGRADE)


def visible(team: Team) -> bool:
    """Eventual consistency: a team created moments ago is not yet readable."""
    return team.visible_after <= time.time()


def team(request: Request, *, for_write: bool = False) -> Team:
    """The team of ``{team_slug}``; invisible (secret, or not yet replicated for reads) → 404."""
    found = request.state.team_by_slug(request.params["team_slug"])
    if found is None:
        raise not_found()
    if not for_write and not visible(found):
        raise not_found()
    if not access.can_see_team(request.state, request.identity, found):
        raise not_found()
    return found


def role_exists(request: Request, role: str) -> bool:
    """Built-in role names (both vocabularies) and the org's custom roles."""
    builtin = ("pull", "triage", "push", "maintain", "admin", "read", "write")
    if role in builtin:
        return True
    return (
        request.state.organization.plan == "enterprise"
        and request.state.custom_role_by_name(role) is not None
    )


def require_enterprise(request: Request) -> None:
    """Custom repository roles exist only on GitHub Enterprise Cloud; elsewhere the endpoints 404."""
    if request.state.organization.plan != "enterprise":
        raise not_found()


def api_error_422(message: str) -> ApiError:
    """GitHub's ``validation_failed_simple`` body: a message and an (empty) errors list."""
    return ApiError(422, message, errors=[])
