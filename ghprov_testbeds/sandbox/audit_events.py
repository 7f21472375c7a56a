"""Organisation audit-log events for what the REST write handlers change, under GitHub's action names.

GitHub records one event per change in the organisation's audit log (``GET /orgs/{org}/audit-log`` on
Enterprise Cloud); the handlers call these functions after a write succeeded, so ``ghprov audit export
--since`` sees what an apply did. Action names and keys follow github/docs
``src/audit-logs/data/fpt/organization.json`` (see ``audit-and-rotation.md`` B4): ``team.create``,
``org.add_member``, ``protected_branch.create``, ``repository_ruleset.update``, …
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox.audit_data import add_audit_event
from ghprov_testbeds.sandbox.state import GitHubState, Identity, Repository, Ruleset, Team
from ghprov_testbeds.sandbox.wire import Request

# Classic protection settings (PUT body keys, dotted below required_pull_request_reviews) → the
# ``protected_branch.*`` action GitHub records when the setting of an existing protection changes.
PROTECTION_ACTIONS: dict[str, str] = {
    "required_status_checks": "update_required_status_checks_enforcement_level",
    "required_status_checks.strict": "update_strict_required_status_checks_policy",
    "enforce_admins": "update_admin_enforced",
    "required_pull_request_reviews": "update_pull_request_reviews_enforcement_level",
    "required_pull_request_reviews.required_approving_review_count": "update_required_approving_review_count",
    "required_pull_request_reviews.dismiss_stale_reviews": "dismiss_stale_reviews",
    "required_pull_request_reviews.require_code_owner_reviews": "update_require_code_owner_review",
    "required_pull_request_reviews.require_last_push_approval": "update_require_last_push_approval",
    "required_pull_request_reviews.dismissal_restrictions": "dismissal_restricted_users_teams",
    "required_pull_request_reviews.bypass_pull_request_allowances": "branch_allowances",
    "restrictions": "authorized_users_teams",
    "required_linear_history": "update_linear_history_requirement_enforcement_level",
    "allow_force_pushes": "update_allow_force_pushes_enforcement_level",
    "allow_deletions": "update_allow_deletions_enforcement_level",
    "lock_branch": "update_lock_branch_enforcement_level",
    "allow_fork_syncing": "update_lock_allows_fetch_and_merge",
    "required_signatures": "update_signature_requirement_enforcement_level",
}


def actor_login(identity: Identity) -> str:
    """The audit log's ``actor``: the user, or an App installation's bot account."""
    return f"{identity.login}[bot]" if identity.is_installation else identity.login


def record(request: Request, action: str, **data: Any) -> None:
    """One event by the request's caller, now."""
    add_audit_event(request.state, action, actor_login(request.identity), **data)


def record_as(state: GitHubState, action: str, actor: str, **data: Any) -> None:
    """One event by ``actor``, now (a change no request of the caller made, e.g. accepting an invitation)."""
    add_audit_event(state, action, actor, **data)


def repo_keys(state: GitHubState, repo: Repository) -> dict[str, Any]:
    """``repo`` (``org/name``) and ``repo_id``, as GitHub's repository events carry them."""
    return {"repo": f"{state.organization.login}/{repo.name}", "repo_id": repo.id}


def team_keys(state: GitHubState, team: Team) -> dict[str, Any]:
    """``team`` (``org/slug``) and ``team_id``."""
    return {"team": f"{state.organization.login}/{team.slug}", "team_id": team.id}


def user_keys(state: GitHubState, login: str) -> dict[str, Any]:
    """``user`` and ``user_id`` of the account the event is about."""
    user = state.users.get(login)
    return {"user": login, "user_id": user.id if user else None}


def ruleset_keys(ruleset: Ruleset) -> dict[str, Any]:
    """The ruleset's id, name and source type (``Repository`` or ``Organization``)."""
    return {
        "ruleset_id": ruleset.id,
        "ruleset_name": ruleset.name,
        "ruleset_source_type": ruleset.source_type,
        "ruleset_enforcement": ruleset.enforcement,
    }


def _flatten(settings: dict[str, Any]) -> dict[str, Any]:
    # A review or status-check section counts as on/off; its settings are compared one by one.
    flat = {key: value for key, value in settings.items()}
    for section in ("required_pull_request_reviews", "required_status_checks"):
        flat[section] = settings.get(section) is not None
    reviews = settings.get("required_pull_request_reviews")
    if isinstance(reviews, dict):
        flat.update({f"required_pull_request_reviews.{k}": v for k, v in reviews.items()})
    checks = settings.get("required_status_checks")
    if isinstance(checks, dict):
        flat["required_status_checks.strict"] = checks.get("strict")
    return flat


def protection_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """The ``protected_branch.*`` actions for replacing ``before`` by ``after`` (``create`` when new)."""
    if before is None:
        return ["protected_branch.create"]
    old, new = _flatten(before), _flatten(after)
    return [
        f"protected_branch.{action}"
        for key, action in PROTECTION_ACTIONS.items()
        if old.get(key) != new.get(key)
    ]
