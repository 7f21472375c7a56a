"""`Query.node(id:)`: a global node id back to its object, as GitHub resolves the ids it handed out.

ghprov reads the rest of an overflowing nested connection with `node(id) { ... on Repository { … } }`,
so every kind the reader pages below is resolvable: Repository, Team, User, Organization,
RepositoryRuleset and BranchProtectionRule. An id the viewer may not see, or one the sandbox never
issued, is `NOT_FOUND` ("Could not resolve to a node with the global id of '…'"), as on GitHub.
"""

from __future__ import annotations

from typing import Any

from ghprov_testbeds.sandbox import access
from ghprov_testbeds.sandbox.graphql_context import Context, NotFound, stable_id
from ghprov_testbeds.sandbox.graphql_rules import BranchProtectionRuleNode, RulesetNode
from ghprov_testbeds.sandbox.lookup import visible
from ghprov_testbeds.sandbox.state import decode_node_id


def resolve_node(ctx: Context, ident: str, classes: dict[str, Any]) -> Any:
    """The GraphQL object for ``ident``; ``classes`` maps a type name to its resolver class."""
    found = _lookup(ctx, ident, classes)
    if found is None:
        raise NotFound(f"Could not resolve to a node with the global id of '{ident}'")
    return found


def _lookup(ctx: Context, ident: str, classes: dict[str, Any]) -> Any:
    decoded = decode_node_id(ident)
    if decoded is None:
        return None
    kind, database_id = decoded
    state, viewer = ctx.state, ctx.identity
    if kind == "Repository":
        repo = next((r for r in state.repositories.values() if r.id == database_id), None)
        if repo is None or access.repository_role(state, viewer, repo) is None:
            return None
        return classes["Repository"](ctx, repo)
    if kind == "Team":
        team = state.teams.get(database_id)
        if team is None or not visible(team) or not access.can_see_team(state, viewer, team):
            return None
        return classes["Team"](ctx, team)
    if kind in ("User", "Bot"):
        user = state.user_by_id(database_id)
        return classes["User"](ctx, user) if user is not None else None
    if kind == "Organization":
        return classes["Organization"](ctx) if database_id == state.organization.id else None
    if kind == "RepositoryRuleset":
        return _ruleset(ctx, database_id)
    if kind == "BranchProtectionRule":
        return _protection_rule(ctx, database_id)
    return None


def _ruleset(ctx: Context, database_id: int) -> RulesetNode | None:
    state = ctx.state
    if database_id in state.org_rulesets:
        return RulesetNode(ctx, state.org_rulesets[database_id], None)
    for repo in state.repositories.values():
        if database_id in repo.rulesets and access.repository_role(state, ctx.identity, repo) is not None:
            return RulesetNode(ctx, repo.rulesets[database_id], repo)
    return None


def _protection_rule(ctx: Context, database_id: int) -> BranchProtectionRuleNode | None:
    # Rule ids hash (repository id, branch): search the protections the viewer can see.
    for repo in ctx.state.repositories.values():
        if access.repository_role(ctx.state, ctx.identity, repo) is None:
            continue
        for branch, protection in repo.protections.items():
            if stable_id(f"{repo.id}:{branch}") == database_id:
                return BranchProtectionRuleNode(ctx, repo, branch, protection)
    return None
