"""Classic branch protection: REST for one branch, GraphQL rules for patterns and GraphQL-only settings.

A protection keyed by a branch name keeps REST: the complete PUT body, then signed commits through
their sub-endpoint. The PUT replaces the protection as a whole, so every key is sent: the four
required ones (null when off), every boolean explicitly, and exactly one of ``checks``/``contexts``
(the server rejects both). A pattern (``release/*``), or a protection that uses or used a setting
only GraphQL has, is written as a ``BranchProtectionRule`` (``protection_rules``).
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write import protection_rules
from ghprov.github.write.facts import AppId, TeamSlug
from ghprov.github.write.requests import PathSegment, Target, Unsupported, WriteRequest, Writes, path
from ghprov.model import Actors, BranchProtection, StatusChecks
from ghprov.model.protection import is_branch_pattern
from ghprov.plan.changes import Action, Change

BOOLEAN_OPTIONS = (
    "required_linear_history",
    "allow_force_pushes",
    "allow_deletions",
    "block_creations",
    "required_conversation_resolution",
    "lock_branch",
    "allow_fork_syncing",
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


def _status_checks(checks: StatusChecks | None) -> dict[str, Any] | None:
    if checks is None:
        return None
    if not checks.checks:
        return {"strict": checks.strict, "contexts": list(checks.contexts)}
    # A check without app_id takes whichever source reports it, as ``contexts`` do.
    listed: list[dict[str, Any]] = [{"context": context} for context in checks.contexts]
    listed += [{"context": check.context, "app_id": AppId(check.app)} for check in checks.checks]
    return {"strict": checks.strict, "checks": sorted(listed, key=lambda check: str(check["context"]))}


def protection_body(protection: BranchProtection, current: BranchProtection | None = None) -> dict[str, Any]:
    """The PUT body for ``protection`` (team names and app ids still as facts)."""
    body: dict[str, Any] = {
        "required_status_checks": _status_checks(protection.required_status_checks),
        "enforce_admins": protection.enforce_admins,
        "required_pull_request_reviews": _reviews(protection, current),
        "restrictions": None if protection.restrictions is None else _actors(protection.restrictions),
    }
    body.update({name: getattr(protection, name) for name in BOOLEAN_OPTIONS})
    return body


def _without_signatures(protection: BranchProtection) -> BranchProtection:
    return protection.model_copy(update={"required_signatures": False})


def uses_graphql(branch: str, desired: BranchProtection | None, current: BranchProtection | None) -> bool:
    """True for a pattern, and for a protection whose desired or live value has GraphQL-only settings.

    The live value counts too: REST's PUT cannot turn such a setting off again.
    """
    return is_branch_pattern(branch) or any(
        protection is not None and protection.needs_graphql for protection in (desired, current)
    )


def _graphql_writes(
    action: Action, repository: str, pattern: str, desired: BranchProtection | None
) -> Writes:
    if desired is None:
        return [protection_rules.delete_rule(repository, pattern)]
    if action is Action.CREATE:
        return [protection_rules.create_rule(repository, pattern, desired)]
    return [protection_rules.update_rule(repository, pattern, desired)]


def write_branch_protection(change: Change, target: Target) -> Writes:
    """Requests for a BRANCH_PROTECTION change (key: repository, branch name or pattern)."""
    repository, branch = change.key
    if change.action is Action.RENAME:
        return Unsupported("branch protection follows its branch and cannot be renamed")
    desired = change.desired_model(BranchProtection) if change.action is not Action.DELETE else None
    current = change.current_model(BranchProtection)
    if uses_graphql(branch, desired, None if change.action is Action.DELETE else current):
        return _graphql_writes(change.action, repository, branch, desired)
    protection: tuple[PathSegment, ...] = path(
        "repos", target.org, repository, "branches", branch, "protection"
    )
    signatures = (*protection, "required_signatures")
    if desired is None:
        return [WriteRequest("DELETE", protection)]
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
