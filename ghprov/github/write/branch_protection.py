"""Classic branch protection: the complete PUT body, then signed commits through their sub-endpoint.

The PUT replaces the protection as a whole, so every key is sent: the four required ones (null when
off), every boolean explicitly, and exactly one of ``checks``/``contexts`` (the server rejects both).
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import TeamSlug
from ghprov.github.write.requests import PathSegment, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model import Actors, BranchProtection
from ghprov.plan.changes import Action, Change

BOOLEAN_OPTIONS = (
    "required_linear_history",
    "allow_force_pushes",
    "allow_deletions",
    "block_creations",
    "required_conversation_resolution",
    "lock_branch",
)


def _actors(actors: Actors) -> dict[str, Any]:
    return {
        "users": list(actors.users),
        "teams": [TeamSlug(team) for team in actors.teams],
        "apps": list(actors.apps),
    }


def _reviews(protection: BranchProtection, current: BranchProtection | None) -> dict[str, Any] | None:
    if protection.required_approving_review_count is None:
        return None
    reviews: dict[str, Any] = {
        "dismiss_stale_reviews": protection.dismiss_stale_reviews,
        "require_code_owner_reviews": protection.require_code_owner_reviews,
        "required_approving_review_count": protection.required_approving_review_count,
        "require_last_push_approval": protection.require_last_push_approval,
        "bypass_pull_request_allowances": _actors(protection.bypass_pull_request_allowances),
    }
    if protection.dismissal_restrictions is not None:
        reviews["dismissal_restrictions"] = _actors(protection.dismissal_restrictions)
    elif current is not None and current.dismissal_restrictions is not None:
        # An empty object is GitHub's way to lift dismissal restrictions.
        reviews["dismissal_restrictions"] = {}
    return reviews


def protection_body(protection: BranchProtection, current: BranchProtection | None = None) -> dict[str, Any]:
    """The PUT body for ``protection`` (team names still as facts)."""
    checks = protection.required_status_checks
    body: dict[str, Any] = {
        "required_status_checks": (
            None if checks is None else {"strict": checks.strict, "contexts": list(checks.contexts)}
        ),
        "enforce_admins": protection.enforce_admins,
        "required_pull_request_reviews": _reviews(protection, current),
        "restrictions": None if protection.restrictions is None else _actors(protection.restrictions),
    }
    body.update({name: getattr(protection, name) for name in BOOLEAN_OPTIONS})
    # Not in the model, so never wanted: stating it keeps the PUT a complete description.
    body["allow_fork_syncing"] = False
    return body


def _without_signatures(protection: BranchProtection) -> BranchProtection:
    return protection.model_copy(update={"required_signatures": False})


def write_branch_protection(change: Change, target: Target) -> Writes:
    """Requests for a BRANCH_PROTECTION change (key: repository, branch)."""
    repository, branch = change.key
    protection: tuple[PathSegment, ...] = path(
        "repos", target.org, repository, "branches", branch, "protection"
    )
    signatures = (*protection, "required_signatures")
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", protection)]
    if change.action is Action.RENAME:
        return Unsupported("branch protection follows its branch and cannot be renamed")
    desired = change.desired_model(BranchProtection)
    current = change.current_model(BranchProtection)
    requests: list[WriteRequest] = []
    if current is None or _without_signatures(current) != _without_signatures(desired):
        requests.append(WriteRequest("PUT", protection, protection_body(desired, current)))
    # Signed commits live outside the PUT body and need the protection to exist first.
    had_signatures = current is not None and current.required_signatures
    if desired.required_signatures and not had_signatures:
        requests.append(WriteRequest("POST", signatures))
    elif had_signatures and not desired.required_signatures:
        requests.append(WriteRequest("DELETE", signatures))
    return requests
