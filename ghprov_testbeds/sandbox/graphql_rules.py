"""Branch protection rules and rulesets as GitHub's GraphQL API shows them, from the REST-shaped state.

Actors and sources are returned as raw state objects (Team, App, User, Repository, Organization); the
executor wraps them in their GraphQL object classes.

GraphQL cannot show everything REST stores (schema 15.26.1): a ruleset bypass actor is `App | Team`, so
a `User` actor appears with `actor: null`, every flag false and no role, and the `exempt` bypass mode has
no enum value (`bypassMode: null`); REST rule types absent from `RepositoryRuleType` are left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ghprov.model.ruleset_targets import fnmatch_pathname, repository_targeted
from ghprov_testbeds.sandbox import access
from ghprov_testbeds.sandbox.graphql_connections import camel_case, camel_keys, connection
from ghprov_testbeds.sandbox.graphql_context import Context, stable_id
from ghprov_testbeds.sandbox.rest_repo_features import property_values
from ghprov_testbeds.sandbox.state import (
    ROLE_ACTOR_IDS,
    BranchProtection,
    GitHubState,
    Identity,
    Repository,
    Ruleset,
    User,
    node_id,
)

if TYPE_CHECKING:
    from ghprov_testbeds.sandbox.state import App, Team

_BYPASS_MODES = {"always": "ALWAYS", "pull_request": "PULL_REQUEST"}
_ROLE_NAMES = {ident: name for name, ident in ROLE_ACTOR_IDS.items()}


def rulesets_for(state: GitHubState, repo: Repository, *, include_parents: bool) -> list[Ruleset]:
    """The repository's own rulesets, then (with parents) the organisation rulesets that target it."""
    found = sorted(repo.rulesets.values(), key=lambda r: r.id)
    if include_parents:
        found += [
            r
            for r in sorted(state.org_rulesets.values(), key=lambda r: r.id)
            if targets_repository(state, r, repo)
        ]
    return found


def targets_repository(state: GitHubState, ruleset: Ruleset, repo: Repository) -> bool:
    """Does an organisation ruleset's repository condition select this repository?"""
    return repository_targeted(ruleset.conditions, repo.name, repo.id, property_values(state, repo))


def can_edit_ruleset(
    state: GitHubState, identity: Identity, ruleset: Ruleset, repo: Repository | None
) -> bool:
    """Bypass actors are shown only to those who may edit the ruleset, as in REST."""
    if ruleset.source_type == "Organization" or repo is None:
        return access.is_owner(state, identity)
    return access.can(state, identity, repo, "admin")


class RulesetNode:
    typename = "RepositoryRuleset"

    def __init__(self, ctx: Context, ruleset: Ruleset, repo: Repository | None) -> None:
        self._ctx = ctx
        self._ruleset = ruleset
        self._repo = repo
        self.database_id = ruleset.id
        self.id = ruleset.node_id
        self.name = ruleset.name
        self.target = ruleset.target.upper()
        self.enforcement = ruleset.enforcement.upper()
        self.created_at = ruleset.created_at
        self.updated_at = ruleset.updated_at

    def source(self) -> Any:
        if self._ruleset.source_type == "Organization":
            return self._ctx.state.organization
        return self._ctx.state.repository(self._ruleset.source.split("/", 1)[-1]) or self._repo

    def conditions(self) -> dict[str, Any]:
        conditions = camel_keys(self._ruleset.conditions or {})
        return {
            key: conditions.get(key)
            for key in ("refName", "repositoryName", "repositoryId", "repositoryProperty")
        }

    def rules(self, type: str | None = None, **window: Any) -> dict[str, Any]:
        known = self._ctx.schema.get_type("RepositoryRuleType")
        names = set(getattr(known, "values", {}))
        rules = []
        for index, rule in enumerate(self._ruleset.rules):
            kind = str(rule.get("type", "")).upper()
            if kind not in names or (type is not None and kind != type):
                continue
            rules.append(
                {
                    "__typename": "RepositoryRule",
                    "id": node_id("RepositoryRule", stable_id(f"{self._ruleset.id}:{index}")),
                    "type": kind,
                    "parameters": self._parameters(rule),
                    "repositoryRuleset": self,
                }
            )
        return connection(rules, **window)

    def _parameters(self, rule: dict[str, Any]) -> dict[str, Any] | None:
        parameters = rule.get("parameters")
        camel = camel_case(str(rule.get("type", "")))
        typename = camel[:1].upper() + camel[1:] + "Parameters"
        if not isinstance(parameters, dict) or self._ctx.schema.get_type(typename) is None:
            return None
        return {"__typename": typename, **camel_keys(parameters)}

    def bypass_actors(self, **window: Any) -> dict[str, Any]:
        ctx = self._ctx
        shown = can_edit_ruleset(ctx.state, ctx.identity, self._ruleset, self._repo)
        actors = (
            [self._bypass_actor(i, a) for i, a in enumerate(self._ruleset.bypass_actors)] if shown else []
        )
        return connection(actors, **window)

    def _bypass_actor(self, index: int, actor: dict[str, Any]) -> dict[str, Any]:
        state = self._ctx.state
        kind, ident = actor.get("actor_type"), actor.get("actor_id")
        result: dict[str, Any] = {
            "__typename": "RepositoryRulesetBypassActor",
            "id": node_id("RepositoryRulesetBypassActor", stable_id(f"{self._ruleset.id}:{index}")),
            "actor": None,
            "bypassMode": _BYPASS_MODES.get(str(actor.get("bypass_mode", "always"))),
            "deployKey": kind == "DeployKey",
            "enterpriseOwner": kind == "EnterpriseOwner",
            "organizationAdmin": kind == "OrganizationAdmin",
            "repositoryRoleDatabaseId": None,
            "repositoryRoleName": None,
            "repositoryRuleset": self,
        }
        if kind == "Team":
            result["actor"] = state.teams.get(int(ident)) if ident is not None else None
        elif kind == "Integration":
            result["actor"] = next((app for app in state.apps.values() if app.id == ident), None)
        elif kind == "RepositoryRole" and ident is not None:
            custom = state.custom_roles.get(int(ident))
            result["repositoryRoleDatabaseId"] = int(ident)
            result["repositoryRoleName"] = custom.name if custom else _ROLE_NAMES.get(int(ident))
        return result


class BranchProtectionRuleNode:
    """A classic protection rule: a branch name (REST or GraphQL) or a pattern (GraphQL only)."""

    typename = "BranchProtectionRule"

    def __init__(self, ctx: Context, repo: Repository, branch: str, protection: BranchProtection) -> None:
        self._ctx = ctx
        self._repo = repo
        self._protection = protection
        settings = protection.settings
        reviews = settings.get("required_pull_request_reviews") or None
        checks = settings.get("required_status_checks") or None
        self._reviews: dict[str, Any] = reviews or {}
        self._restrictions: dict[str, Any] | None = settings.get("restrictions")
        self.database_id = stable_id(f"{repo.id}:{branch}")
        self.id = node_id("BranchProtectionRule", self.database_id)
        self.pattern = branch
        self.requires_approving_reviews = reviews is not None
        self.required_approving_review_count = self._reviews.get("required_approving_review_count")
        self.dismisses_stale_reviews = bool(self._reviews.get("dismiss_stale_reviews"))
        self.requires_code_owner_reviews = bool(self._reviews.get("require_code_owner_reviews"))
        self.require_last_push_approval = bool(self._reviews.get("require_last_push_approval"))
        self.requires_status_checks = checks is not None
        self.requires_strict_status_checks = bool(checks and checks.get("strict"))
        self.required_status_check_contexts = (
            list(checks.get("contexts") or [c["context"] for c in checks.get("checks") or []])
            if checks
            else []
        )
        self.is_admin_enforced = bool(settings.get("enforce_admins"))
        self.requires_commit_signatures = protection.required_signatures
        self.requires_linear_history = bool(settings.get("required_linear_history"))
        self.allows_force_pushes = bool(settings.get("allow_force_pushes"))
        self.allows_deletions = bool(settings.get("allow_deletions"))
        self.blocks_creations = bool(settings.get("block_creations"))
        self.requires_conversation_resolution = bool(settings.get("required_conversation_resolution"))
        self.lock_branch = bool(settings.get("lock_branch"))
        self.lock_allows_fetch_and_merge = bool(settings.get("allow_fork_syncing"))
        self.required_deployment_environments = list(protection.required_deployment_environments)
        self.requires_deployments = bool(self.required_deployment_environments)
        self.restricts_pushes = self._restrictions is not None
        self.restricts_review_dismissals = bool(self._reviews.get("dismissal_restrictions"))

    def repository(self) -> Repository:
        return self._repo

    def creator(self) -> User | None:
        login = self._protection.creator
        if login is None:
            return None
        state = self._ctx.state
        if login in state.users:
            return state.users[login]
        app = state.apps.get(login.removesuffix("[bot]"))
        # An App's rule was created by its bot account, as GitHub shows it.
        return None if app is None else User(login=login, id=app.id, node_id=app.node_id, type="Bot")

    def required_status_checks(self) -> list[dict[str, Any]] | None:
        """Each required check and the App that must report it (null: any source, as REST ``app_id: -1``)."""
        checks = self._protection.settings.get("required_status_checks")
        if not checks:
            return None
        if checks.get("checks") is not None:
            pairs = [(check["context"], check.get("app_id")) for check in checks["checks"]]
        else:
            pairs = [(context, None) for context in checks.get("contexts") or []]
        apps = {app.id: app for app in self._ctx.state.apps.values()}
        return [
            {"__typename": "RequiredStatusCheckDescription", "context": context, "app": apps.get(app_id)}
            for context, app_id in pairs
        ]

    def matching_refs(self, query: str | None = None, **window: Any) -> dict[str, Any]:
        # Imported here: the resolvers module imports this one.
        from ghprov_testbeds.sandbox.graphql_resolvers import RefNode

        # A branch name matches itself; a pattern (``release/*``) matches with GitHub's fnmatch rules.
        found = [
            RefNode(self._repo, branch)
            for branch in sorted(self._repo.branches)
            if fnmatch_pathname(self.pattern, branch) and (query is None or query in branch)
        ]
        return connection(found, **window)

    def branch_protection_rule_conflicts(self, **window: Any) -> dict[str, Any]:
        """Each branch this rule and another rule of the repository both match (``release/*`` and
        ``release/1``); exact branch names alone never conflict."""
        from ghprov_testbeds.sandbox.graphql_resolvers import RefNode

        conflicts = [
            {
                "__typename": "BranchProtectionRuleConflict",
                "branchProtectionRule": self,
                "conflictingBranchProtectionRule": BranchProtectionRuleNode(
                    self._ctx, self._repo, other, rule
                ),
                "ref": RefNode(self._repo, branch),
            }
            for other, rule in sorted(self._repo.protections.items())
            if other != self.pattern
            for branch in sorted(self._repo.branches)
            if fnmatch_pathname(self.pattern, branch) and fnmatch_pathname(other, branch)
        ]
        return connection(conflicts, **window)

    def bypass_pull_request_allowances(self, **window: Any) -> dict[str, Any]:
        return self._allowances(
            "BypassPullRequestAllowance", self._reviews.get("bypass_pull_request_allowances"), window
        )

    def push_allowances(self, **window: Any) -> dict[str, Any]:
        return self._allowances("PushAllowance", self._restrictions, window)

    def review_dismissal_allowances(self, **window: Any) -> dict[str, Any]:
        return self._allowances(
            "ReviewDismissalAllowance", self._reviews.get("dismissal_restrictions"), window
        )

    def bypass_force_push_allowances(self, **window: Any) -> dict[str, Any]:
        # A GraphQL-only setting (REST has no force-push bypass list): kept beside the REST body.
        return self._allowances(
            "BypassForcePushAllowance", self._protection.bypass_force_push_allowances, window
        )

    def _allowances(
        self, typename: str, lists: dict[str, Any] | None, window: dict[str, Any]
    ) -> dict[str, Any]:
        state = self._ctx.state
        actors: list[User | Team | App] = []
        for login in (lists or {}).get("users", []):
            if login in state.users:
                actors.append(state.users[login])
        for slug in (lists or {}).get("teams", []):
            team = state.team_by_slug(slug)
            if team is not None:
                actors.append(team)
        for slug in (lists or {}).get("apps", []):
            if slug in state.apps:
                actors.append(state.apps[slug])
        items = [
            {"__typename": typename, "id": node_id(typename, stable_id(f"{self.id}:{i}")), "actor": actor}
            for i, actor in enumerate(actors)
        ]
        return connection(items, **window)
