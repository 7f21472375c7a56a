"""Classic protection through GraphQL's ``BranchProtectionRule`` mutations.

REST reaches a protection only through one existing branch (``/branches/{branch}/protection``), so a
pattern (``release/*``) and the settings REST cannot carry (force-push bypass, required deployments)
are written as rules. A rule is addressed by its node id: read with the live state, learned from its
creation, or looked up. Like REST's PUT, every update states the whole protection, so a setting the
config turned off is turned off at GitHub too.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import ActorNodeId, ProtectionRuleId, RepositoryNodeId
from ghprov.github.write.protection_mutations import CREATE_RULE, DELETE_RULE, UPDATE_RULE
from ghprov.github.write.requests import Learn, Learned, WriteRequest, mutation
from ghprov.model import Actors, BranchProtection, StatusChecks


def actor_ids(actors: Actors | None) -> list[ActorNodeId]:
    """Users, teams and apps as node-id facts (GraphQL takes one mixed list of ids)."""
    if actors is None:
        return []
    return [
        *(ActorNodeId("user", login) for login in actors.users),
        *(ActorNodeId("team", team) for team in actors.teams),
        *(ActorNodeId("app", app) for app in actors.apps),
    ]


def _status_checks(checks: StatusChecks | None) -> list[dict[str, Any]]:
    if checks is None:
        return []
    # No appId: whichever source reports the context (REST's ``contexts``); an id pins the App.
    unpinned: list[dict[str, Any]] = [{"context": context} for context in checks.contexts]
    pinned = [{"context": check.context, "appId": ActorNodeId("app", check.app)} for check in checks.checks]
    return sorted([*unpinned, *pinned], key=lambda check: str(check["context"]))


def rule_settings(protection: BranchProtection) -> dict[str, Any]:
    """Every setting of a rule, in ``CreateBranchProtectionRuleInput``'s names (ids as facts)."""
    reviews = protection.required_approving_review_count is not None
    checks = protection.required_status_checks
    return {
        "requiresApprovingReviews": reviews,
        "requiredApprovingReviewCount": protection.required_approving_review_count or 0,
        "dismissesStaleReviews": protection.dismiss_stale_reviews,
        "requiresCodeOwnerReviews": protection.require_code_owner_reviews,
        "requireLastPushApproval": protection.require_last_push_approval,
        "bypassPullRequestActorIds": actor_ids(protection.bypass_pull_request_allowances),
        "restrictsReviewDismissals": protection.dismissal_restrictions is not None,
        "reviewDismissalActorIds": actor_ids(protection.dismissal_restrictions),
        "requiresStatusChecks": checks is not None,
        "requiresStrictStatusChecks": checks is not None and checks.strict,
        "requiredStatusChecks": _status_checks(checks),
        "isAdminEnforced": protection.enforce_admins,
        "requiresCommitSignatures": protection.required_signatures,
        "requiresLinearHistory": protection.required_linear_history,
        "allowsForcePushes": protection.allow_force_pushes,
        "bypassForcePushActorIds": actor_ids(protection.bypass_force_push_allowances),
        "allowsDeletions": protection.allow_deletions,
        "blocksCreations": protection.block_creations,
        "requiresConversationResolution": protection.required_conversation_resolution,
        "lockBranch": protection.lock_branch,
        "lockAllowsFetchAndMerge": protection.allow_fork_syncing,
        "requiresDeployments": bool(protection.required_deployments),
        "requiredDeploymentEnvironments": list(protection.required_deployments),
        "restrictsPushes": protection.restrictions is not None,
        "pushActorIds": actor_ids(protection.restrictions),
    }


def create_rule(repository: str, pattern: str, protection: BranchProtection) -> WriteRequest:
    """``createBranchProtectionRule``; the new rule's id is learned for later writes."""
    values = {"repositoryId": RepositoryNodeId(repository), "pattern": pattern, **rule_settings(protection)}
    return mutation(
        CREATE_RULE,
        {"input": values},
        learn=Learn(Learned.PROTECTION_RULE, (repository, pattern)),
        creates=True,
    )


def update_rule(repository: str, pattern: str, protection: BranchProtection) -> WriteRequest:
    """``updateBranchProtectionRule`` with the whole desired protection."""
    rule = ProtectionRuleId(repository, pattern)
    return mutation(UPDATE_RULE, {"input": {"branchProtectionRuleId": rule, **rule_settings(protection)}})


def delete_rule(repository: str, pattern: str) -> WriteRequest:
    """``deleteBranchProtectionRule``."""
    rule = ProtectionRuleId(repository, pattern)
    return mutation(DELETE_RULE, {"input": {"branchProtectionRuleId": rule}})
