"""GraphQL mutations of classic protection rules: create, update and delete a ``BranchProtectionRule``.

A rule is stored like a REST-written protection (``repo.protections[pattern]``, in the write shape
of ``PUT …/protection``), so REST and GraphQL show the same rule. A pattern (``release/*``) is kept
under its pattern: REST's ``/branches/{branch}/protection`` never reaches it, because git forbids
``*``, ``?`` and ``[`` in branch names. What only GraphQL can set (force-push bypass, required
deployments) is kept beside the REST body. As on GitHub: only repository admins may write rules
(classic protection of private repositories needs a paid plan), a pattern is protected once per
repository ("Name already protected"), an update changes only the fields it names, and ids that do
not resolve are ``NOT_FOUND``. The rule's id derives from (repository, pattern), as the read side
issues it, so renaming a pattern gives the rule a new id (GitHub keeps it; ghprov never renames).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from ghprov_testbeds.sandbox import access, audit_events
from ghprov_testbeds.sandbox.graphql_context import Context, Forbidden, NotFound, stable_id
from ghprov_testbeds.sandbox.graphql_rules import BranchProtectionRuleNode
from ghprov_testbeds.sandbox.lookup import UPGRADE
from ghprov_testbeds.sandbox.state import BranchProtection, GitHubState, Repository, decode_node_id

# GraphQL input booleans → the REST body's names (both sides mean the same setting).
FLAGS: dict[str, str] = {
    "isAdminEnforced": "enforce_admins",
    "requiresLinearHistory": "required_linear_history",
    "allowsForcePushes": "allow_force_pushes",
    "allowsDeletions": "allow_deletions",
    "blocksCreations": "block_creations",
    "requiresConversationResolution": "required_conversation_resolution",
    "lockBranch": "lock_branch",
    "lockAllowsFetchAndMerge": "allow_fork_syncing",
}
REVIEW_FLAGS: dict[str, str] = {
    "dismissesStaleReviews": "dismiss_stale_reviews",
    "requiresCodeOwnerReviews": "require_code_owner_reviews",
    "requireLastPushApproval": "require_last_push_approval",
}
# REST's `checks[].app_id` for "any App" (GraphQL's appId "any").
ANY_APP = -1


class Unprocessable(GraphQLError):
    """GitHub's `UNPROCESSABLE` error: the input is well-formed but cannot be applied."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"type": "UNPROCESSABLE"})


class ProtectionRuleMutations:
    """The `Mutation` fields for classic protection rules (the executor routes by field name)."""

    typename = "Mutation"

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def create_branch_protection_rule(self, input: dict[str, Any]) -> dict[str, Any]:
        state = self._ctx.state
        repo = self._writable_repository(str(input["repositoryId"]), "CreateBranchProtectionRule")
        pattern = str(input["pattern"])
        if pattern in repo.protections:
            raise Unprocessable(f"Name already protected: {pattern}")
        protection = _protection(state, input, creator=audit_events.actor_login(self._ctx.identity))
        repo.protections[pattern] = protection
        self._record(repo, pattern, "protected_branch.create")
        return self._payload(input, repo, pattern)

    def update_branch_protection_rule(self, input: dict[str, Any]) -> dict[str, Any]:
        state = self._ctx.state
        repo, pattern = self._rule(str(input["branchProtectionRuleId"]), "UpdateBranchProtectionRule")
        existing = repo.protections[pattern]
        # Fields the input leaves out keep their values; of the two ways to name the required checks,
        # the one the input uses replaces the stored list.
        view = input_view(state, existing)
        if "requiredStatusCheckContexts" in input and "requiredStatusChecks" not in input:
            del view["requiredStatusChecks"]
        merged = {**view, **input}
        updated = _protection(state, merged, creator=existing.creator)
        new_pattern = str(input.get("pattern") or pattern)
        if new_pattern != pattern and new_pattern in repo.protections:
            raise Unprocessable(f"Name already protected: {new_pattern}")
        del repo.protections[pattern]
        repo.protections[new_pattern] = updated
        for action in audit_events.protection_changes(existing.settings, updated.settings):
            self._record(repo, new_pattern, action)
        return self._payload(input, repo, new_pattern)

    def delete_branch_protection_rule(self, input: dict[str, Any]) -> dict[str, Any]:
        repo, pattern = self._rule(str(input["branchProtectionRuleId"]), "DeleteBranchProtectionRule")
        del repo.protections[pattern]
        self._record(repo, pattern, "protected_branch.destroy")
        return {"clientMutationId": input.get("clientMutationId")}

    def _payload(self, input: dict[str, Any], repo: Repository, pattern: str) -> dict[str, Any]:
        rule = BranchProtectionRuleNode(self._ctx, repo, pattern, repo.protections[pattern])
        return {"branchProtectionRule": rule, "clientMutationId": input.get("clientMutationId")}

    def _writable_repository(self, ident: str, mutation: str) -> Repository:
        state, identity = self._ctx.state, self._ctx.identity
        decoded = decode_node_id(ident)
        repo = None
        if decoded is not None and decoded[0] == "Repository":
            repo = next((r for r in state.repositories.values() if r.id == decoded[1]), None)
        if repo is None or access.repository_role(state, identity, repo) is None:
            raise NotFound(f"Could not resolve to a node with the global id of '{ident}'")
        if not access.can(state, identity, repo, "admin"):
            raise Forbidden(f"{identity.login} does not have the correct permissions to execute `{mutation}`")
        if repo.archived:
            raise Forbidden("Repository was archived so is read-only.")
        if state.organization.plan == "free" and repo.visibility != "public":
            raise Forbidden(UPGRADE)
        return repo

    def _rule(self, ident: str, mutation: str) -> tuple[Repository, str]:
        decoded = decode_node_id(ident)
        if decoded is not None and decoded[0] == "BranchProtectionRule":
            for repo in self._ctx.state.repositories.values():
                for pattern in repo.protections:
                    if stable_id(f"{repo.id}:{pattern}") == decoded[1]:
                        self._writable_repository(repo.node_id, mutation)
                        return repo, pattern
        raise NotFound(f"Could not resolve to a node with the global id of '{ident}'")

    def _record(self, repo: Repository, pattern: str, action: str) -> None:
        state = self._ctx.state
        actor = audit_events.actor_login(self._ctx.identity)
        audit_events.record_as(state, action, actor, name=pattern, **audit_events.repo_keys(state, repo))


def _actors(state: GitHubState, ids: Any) -> dict[str, list[str]]:
    """Node ids → the REST shape (users by login, teams by slug, apps by slug)."""
    found: dict[str, list[str]] = {"users": [], "teams": [], "apps": []}
    for ident in ids or ():
        decoded = decode_node_id(str(ident))
        kind, database_id = decoded if decoded is not None else ("", 0)
        user = state.user_by_id(database_id) if kind == "User" else None
        team = state.teams.get(database_id) if kind == "Team" else None
        app = next((a for a in state.apps.values() if a.id == database_id), None) if kind == "App" else None
        if user is not None:
            found["users"].append(user.login)
        elif team is not None:
            found["teams"].append(team.slug)
        elif app is not None:
            found["apps"].append(app.slug)
        else:
            raise NotFound(f"Could not resolve to a node with the global id of '{ident}'")
    return found


def _status_checks(state: GitHubState, values: dict[str, Any]) -> dict[str, Any] | None:
    if not values.get("requiresStatusChecks"):
        return None
    strict = bool(values.get("requiresStrictStatusChecks"))
    described = values.get("requiredStatusChecks")
    if described is None:
        return {"strict": strict, "contexts": list(values.get("requiredStatusCheckContexts") or [])}
    if not any(check.get("appId") for check in described):
        return {"strict": strict, "contexts": [str(check["context"]) for check in described]}
    checks: list[dict[str, Any]] = []
    for check in described:
        entry: dict[str, Any] = {"context": str(check["context"])}
        app_id = check.get("appId")
        if app_id == "any":
            entry["app_id"] = ANY_APP
        elif app_id:
            decoded = decode_node_id(str(app_id))
            app = next((a for a in state.apps.values() if decoded == ("App", a.id)), None)
            if app is None:
                raise NotFound(f"Could not resolve to a node with the global id of '{app_id}'")
            entry["app_id"] = app.id
        checks.append(entry)
    return {"strict": strict, "checks": checks}


def _protection(state: GitHubState, values: dict[str, Any], creator: str | None) -> BranchProtection:
    """A rule's complete input → the stored protection."""
    reviews: dict[str, Any] | None = None
    if values.get("requiresApprovingReviews"):
        count = values.get("requiredApprovingReviewCount") or 0
        if not 0 <= count <= 6:
            raise Unprocessable("Required approving review count must be between 0 and 6")
        reviews = {rest: bool(values.get(name)) for name, rest in REVIEW_FLAGS.items()}
        reviews["required_approving_review_count"] = count
        reviews["bypass_pull_request_allowances"] = _actors(state, values.get("bypassPullRequestActorIds"))
        if values.get("restrictsReviewDismissals"):
            reviews["dismissal_restrictions"] = _actors(state, values.get("reviewDismissalActorIds"))
    settings: dict[str, Any] = {
        "required_status_checks": _status_checks(state, values),
        "enforce_admins": bool(values.get("isAdminEnforced")),
        "required_pull_request_reviews": reviews,
        "restrictions": _actors(state, values.get("pushActorIds")) if values.get("restrictsPushes") else None,
    }
    settings.update({rest: bool(values.get(name)) for name, rest in FLAGS.items() if rest not in settings})
    deployments = values.get("requiredDeploymentEnvironments") or []
    return BranchProtection(
        settings=settings,
        required_signatures=bool(values.get("requiresCommitSignatures")),
        creator=creator,
        required_deployment_environments=list(deployments) if values.get("requiresDeployments") else [],
        bypass_force_push_allowances=_actors(state, values.get("bypassForcePushActorIds")),
    )


def _node_ids(state: GitHubState, actors: dict[str, Any] | None) -> list[str]:
    if not actors:
        return []
    ids = [state.users[login].node_id for login in actors.get("users", []) if login in state.users]
    ids += [team.node_id for slug in actors.get("teams", []) if (team := state.team_by_slug(slug))]
    ids += [state.apps[slug].node_id for slug in actors.get("apps", []) if slug in state.apps]
    return ids


def _check_inputs(state: GitHubState, checks: dict[str, Any] | None) -> list[dict[str, Any]]:
    """REST's stored checks or contexts as ``RequiredStatusCheckInput`` values."""
    if checks is None:
        return []
    if checks.get("checks") is None:
        return [{"context": context} for context in checks.get("contexts") or []]
    apps = {app.id: app.node_id for app in state.apps.values()}
    inputs: list[dict[str, Any]] = []
    for check in checks["checks"]:
        app_id = check.get("app_id")
        entry: dict[str, Any] = {"context": check["context"]}
        if app_id == ANY_APP:
            entry["appId"] = "any"
        elif app_id in apps:
            entry["appId"] = apps[app_id]
        inputs.append(entry)
    return inputs


def input_view(state: GitHubState, protection: BranchProtection) -> dict[str, Any]:
    """A stored protection as the complete mutation input that would have written it."""
    settings = protection.settings
    reviews = settings.get("required_pull_request_reviews") or None
    checks = settings.get("required_status_checks") or None
    view: dict[str, Any] = {name: bool(settings.get(rest)) for name, rest in FLAGS.items()}
    view.update(
        requiresApprovingReviews=reviews is not None,
        requiredApprovingReviewCount=(reviews or {}).get("required_approving_review_count"),
        bypassPullRequestActorIds=_node_ids(state, (reviews or {}).get("bypass_pull_request_allowances")),
        restrictsReviewDismissals=bool((reviews or {}).get("dismissal_restrictions")),
        reviewDismissalActorIds=_node_ids(state, (reviews or {}).get("dismissal_restrictions")),
        requiresStatusChecks=checks is not None,
        requiresStrictStatusChecks=bool(checks and checks.get("strict")),
        requiredStatusChecks=_check_inputs(state, checks),
        requiresCommitSignatures=protection.required_signatures,
        requiresDeployments=bool(protection.required_deployment_environments),
        requiredDeploymentEnvironments=list(protection.required_deployment_environments),
        bypassForcePushActorIds=_node_ids(state, protection.bypass_force_push_allowances),
        restrictsPushes=settings.get("restrictions") is not None,
        pushActorIds=_node_ids(state, settings.get("restrictions")),
    )
    for reviews_flag, rest in REVIEW_FLAGS.items():
        view[reviews_flag] = bool((reviews or {}).get(rest))
    return view
