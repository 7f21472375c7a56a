"""Classic branch protection rules (GraphQL ``BranchProtectionRule``) as model ``BranchProtection`` values.

Every rule is read, whether its pattern names one branch (``main``) or several (``release/*``):
GitHub stores both the same way, and the rule's pattern is the protection's key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ghprov.model import Actors, BranchProtection, StatusChecks
from ghprov.model.protection import StatusCheck

# Reads the remaining pages of one rule's allowance connection: (rule, field) → actor items.
CompleteConnection = Callable[[Mapping[str, Any], str], list[dict[str, Any]]]


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


def status_checks(rule: Mapping[str, Any]) -> StatusChecks:
    """Required checks: those an App must report are pinned ``checks``, the rest plain ``contexts``."""
    contexts: list[str] = []
    pinned: list[StatusCheck] = []
    described = rule.get("requiredStatusChecks")
    if described is None:
        # Older servers only have the names.
        contexts = [context for context in rule.get("requiredStatusCheckContexts") or () if context]
    for check in described or ():
        app = check.get("app") or {}
        if app.get("slug"):
            pinned.append(StatusCheck(context=str(check["context"]), app=str(app["slug"])))
        else:
            contexts.append(str(check["context"]))
    return StatusChecks(
        strict=bool(rule.get("requiresStrictStatusChecks")), contexts=tuple(contexts), checks=tuple(pinned)
    )


def branch_protection(rule: Mapping[str, Any], complete: CompleteConnection) -> BranchProtection:
    """The model value of one rule, with every field set (protections compare as whole values)."""
    force_pushes = bool(rule.get("allowsForcePushes"))
    lock = bool(rule.get("lockBranch"))
    values: dict[str, Any] = {
        "enforce_admins": bool(rule.get("isAdminEnforced")),
        "required_signatures": bool(rule.get("requiresCommitSignatures")),
        "required_linear_history": bool(rule.get("requiresLinearHistory")),
        "allow_force_pushes": force_pushes,
        # Only meaningful while force pushes are blocked; GitHub keeps the list when they are allowed.
        "bypass_force_push_allowances": (
            Actors() if force_pushes else actors(complete(rule, "bypassForcePushAllowances"))
        ),
        "allow_deletions": bool(rule.get("allowsDeletions")),
        "block_creations": bool(rule.get("blocksCreations")),
        "required_conversation_resolution": bool(rule.get("requiresConversationResolution")),
        "lock_branch": lock,
        "allow_fork_syncing": lock and bool(rule.get("lockAllowsFetchAndMerge")),
        "required_deployments": (
            tuple(name for name in rule.get("requiredDeploymentEnvironments") or () if name)
            if rule.get("requiresDeployments")
            else ()
        ),
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
        values["required_status_checks"] = status_checks(rule)
    if rule.get("restrictsPushes"):
        values["restrictions"] = actors(complete(rule, "pushAllowances"))
    return BranchProtection.model_validate(values)
