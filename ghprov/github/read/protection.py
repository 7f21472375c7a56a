"""Classic branch protection rules (GraphQL ``BranchProtectionRule``) as model ``BranchProtection`` values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from ghprov.model import Actors, BranchProtection, StatusChecks

WILDCARD = re.compile(r"[*?\[\]]")

# Reads the remaining pages of one rule's allowance connection: (rule, field) → actor items.
CompleteConnection = Callable[[Mapping[str, Any], str], list[dict[str, Any]]]


def is_single_branch(pattern: str) -> bool:
    """True when a rule's pattern names one branch rather than matching several."""
    return not WILDCARD.search(pattern)


def actors(allowances: list[dict[str, Any]]) -> Actors:
    """Allowance nodes as users (logins), teams (names) and apps (slugs)."""
    users: list[str] = []
    teams: list[str] = []
    apps: list[str] = []
    for allowance in allowances:
        actor = allowance.get("actor") or {}
        kind = actor.get("__typename")
        if kind == "User":
            users.append(actor["login"])
        elif kind == "Team":
            teams.append(actor["name"])
        elif kind == "App":
            apps.append(actor["slug"])
    return Actors(users=tuple(users), teams=tuple(teams), apps=tuple(apps))


def branch_protection(rule: Mapping[str, Any], complete: CompleteConnection) -> BranchProtection:
    """The model value of one rule, with every field set (protections compare as whole values)."""
    values: dict[str, Any] = {
        "enforce_admins": bool(rule.get("isAdminEnforced")),
        "required_signatures": bool(rule.get("requiresCommitSignatures")),
        "required_linear_history": bool(rule.get("requiresLinearHistory")),
        "allow_force_pushes": bool(rule.get("allowsForcePushes")),
        "allow_deletions": bool(rule.get("allowsDeletions")),
        "block_creations": bool(rule.get("blocksCreations")),
        "required_conversation_resolution": bool(rule.get("requiresConversationResolution")),
        "lock_branch": bool(rule.get("lockBranch")),
        "required_status_checks": None,
        "restrictions": None,
    }
    if rule.get("requiresApprovingReviews"):
        values.update(
            required_approving_review_count=int(rule.get("requiredApprovingReviewCount") or 0),
            dismiss_stale_reviews=bool(rule.get("dismissesStaleReviews")),
            require_code_owner_reviews=bool(rule.get("requiresCodeOwnerReviews")),
            require_last_push_approval=bool(rule.get("requireLastPushApproval")),
            bypass_pull_request_allowances=actors(complete(rule, "bypassPullRequestAllowances")),
            dismissal_restrictions=(
                actors(complete(rule, "reviewDismissalAllowances"))
                if rule.get("restrictsReviewDismissals")
                else None
            ),
        )
    if rule.get("requiresStatusChecks"):
        values["required_status_checks"] = StatusChecks(
            strict=bool(rule.get("requiresStrictStatusChecks")),
            contexts=tuple(context for context in rule.get("requiredStatusCheckContexts") or () if context),
        )
    if rule.get("restrictsPushes"):
        values["restrictions"] = actors(complete(rule, "pushAllowances"))
    return BranchProtection.model_validate(values)
