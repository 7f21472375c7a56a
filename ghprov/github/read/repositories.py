"""Repositories in bulk through GraphQL: settings, topics, branches, classic protection rules and rulesets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.github.graphql import GraphQLProblem, GraphQLResult
from ghprov.github.read import connections, protection, rulesets
from ghprov.model import MERGE_SETTINGS, BranchProtection, RepositoryRef, Ruleset, Unknown

SETTINGS: dict[str, str] = {
    "description": "description",
    "homepage": "homepageUrl",
    "has_issues": "hasIssuesEnabled",
    "has_projects": "hasProjectsEnabled",
    "has_wiki": "hasWikiEnabled",
    "archived": "isArchived",
}
MERGE_FIELDS: dict[str, str] = {
    "allow_merge_commit": "mergeCommitAllowed",
    "allow_squash_merge": "squashMergeAllowed",
    "allow_rebase_merge": "rebaseMergeAllowed",
    "allow_auto_merge": "autoMergeAllowed",
    "allow_update_branch": "allowUpdateBranch",
    "delete_branch_on_merge": "deleteBranchOnMerge",
}
assert set(MERGE_FIELDS) == set(MERGE_SETTINGS)
# viewerPermission values that hide settings; null (e.g. for some App tokens) is judged field by field.
BELOW_WRITE = frozenset({"READ", "TRIAGE"})
BELOW_ADMIN = frozenset({"READ", "TRIAGE", "WRITE", "MAINTAIN"})
PLAN_GATED = "upgrade to github pro"
GATED_FIELDS = {"branchProtectionRules": "branch_protection", "rulesets": "rulesets"}


@dataclass
class RepositoryRead:
    """One repository's live state, before REST fills in what GraphQL could not say."""

    name: str
    ref: RepositoryRef
    values: dict[str, Any]
    protections: dict[str, BranchProtection] = field(default_factory=dict)
    # Pattern → the BranchProtectionRule's node id (GraphQL writes address a rule by it).
    protection_rule_ids: dict[str, str] = field(default_factory=dict)
    rulesets: dict[str, Ruleset] = field(default_factory=dict)
    ruleset_ids: dict[str, int] = field(default_factory=dict)
    # Ruleset ids to re-read through REST (actors GraphQL cannot represent).
    rest_rulesets: list[int] = field(default_factory=list)
    unknowns: list[Unknown] = field(default_factory=list)

    def model_values(self) -> dict[str, Any]:
        """Constructor values for ``Repository``: only the fields actually seen are set."""
        return {**self.values, "branch_protection": self.protections, "rulesets": self.rulesets}


def _gated(problem: GraphQLProblem) -> str | None:
    """The gated field (branch_protection/rulesets) a tolerated GraphQL problem is about, if any."""
    gated = next((GATED_FIELDS[part] for part in problem.path if part in GATED_FIELDS), None)
    if gated is None:
        return None
    if PLAN_GATED in problem.message.lower() or problem.type == "FORBIDDEN":
        return gated
    return None


def add_repositories_page(
    reads: list[RepositoryRead],
    client: GitHubClient,
    org: str,
    directory: rulesets.Directory,
    result: GraphQLResult,
) -> None:
    """One page of repositories (``queries.PARTS["repositories"]``, 100 per request)."""
    nodes = connections.items(connections.dig(result.data, ("organization", "repositories")))
    gated: dict[int, list[tuple[str, str]]] = {}
    untolerated = []
    for problem in result.problems:
        what = _gated(problem)
        index = problem.path[3] if len(problem.path) > 3 and isinstance(problem.path[3], int) else None
        if what is None or index is None:
            untolerated.append(problem)
        else:
            gated.setdefault(index, []).append((what, problem.message))
    connections.fail_on(tuple(untolerated), what=f"the repositories of {org}")
    if connections.dig(result.data, ("organization",)) is None:
        connections.fail_on(
            result.problems or (GraphQLProblem("organization not found", "NOT_FOUND"),), what=org
        )
    for index, node in enumerate(nodes):
        reads.append(_repository(client, node, directory, gated.get(index, [])))


def _repository(
    client: GitHubClient, node: Mapping[str, Any], directory: rulesets.Directory, gated: list[tuple[str, str]]
) -> RepositoryRead:
    name = str(node["name"])
    read = RepositoryRead(
        name=name,
        ref=RepositoryRef(id=int(node.get("databaseId") or 0), node_id=str(node["id"])),
        values=_settings(node),
    )
    for what, message in gated:
        read.unknowns.append(Unknown(f"repositories/{name}/{what}", f"GitHub refused to show it: {message}"))
    permission = node.get("viewerPermission")
    can_write = permission not in BELOW_WRITE
    for model_field, graphql_field in MERGE_FIELDS.items():
        value = node.get(graphql_field)
        if can_write and value is not None:
            read.values[model_field] = bool(value)
        else:
            reason = "merge settings are only shown to tokens with write access to the repository"
            read.unknowns.append(Unknown(f"repositories/{name}/{model_field}", reason))

    def complete_repository(field_name: str) -> list[dict[str, Any]]:
        return connections.complete(client, node, "Repository", field_name)

    topics = [item["topic"]["name"] for item in complete_repository("repositoryTopics") if item.get("topic")]
    read.values["topics"] = tuple(topics)
    read.values["branches"] = tuple(str(ref["name"]) for ref in complete_repository("refs"))
    gated_fields = {what for what, _ in gated}
    if permission in BELOW_ADMIN:
        # Protection rules and ruleset bypass actors are only complete for repository admins.
        reason = f"needs admin access to the repository; the token has {str(permission).lower()}"
        for what in GATED_FIELDS.values():
            read.unknowns.append(Unknown(f"repositories/{name}/{what}", reason))
            gated_fields.add(what)
    if "branch_protection" not in gated_fields and node.get("branchProtectionRules") is not None:
        _protections(client, complete_repository("branchProtectionRules"), read)
    if "rulesets" not in gated_fields and node.get("rulesets") is not None:
        _rulesets(client, name, complete_repository("rulesets"), directory, read)
    return read


def _settings(node: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        model_field: node.get(graphql_field) for model_field, graphql_field in SETTINGS.items()
    }
    values["visibility"] = str(node["visibility"]).lower() if node.get("visibility") else None
    default_branch = node.get("defaultBranchRef")
    values["default_branch"] = default_branch.get("name") if isinstance(default_branch, dict) else None
    return values


def _protections(client: GitHubClient, rules: list[dict[str, Any]], read: RepositoryRead) -> None:
    def complete_rule(rule: Mapping[str, Any], field_name: str) -> list[dict[str, Any]]:
        return connections.complete(client, rule, "BranchProtectionRule", field_name)

    # A branch name and a pattern (``release/*``) are both rules; the key is the rule's pattern.
    for rule in rules:
        pattern = str(rule["pattern"])
        read.protections[pattern] = protection.branch_protection(rule, complete_rule)
        read.protection_rule_ids[pattern] = str(rule["id"])


def _rulesets(
    client: GitHubClient,
    repo: str,
    nodes: list[dict[str, Any]],
    directory: rulesets.Directory,
    read: RepositoryRead,
) -> None:
    def complete_ruleset(ruleset: Mapping[str, Any], field_name: str) -> list[dict[str, Any]]:
        return connections.complete(client, ruleset, "RepositoryRuleset", field_name)

    for node in nodes:
        found = rulesets.from_graphql(node, complete_ruleset, directory)
        read.ruleset_ids[found.name] = found.database_id
        if found.needs_rest:
            read.rest_rulesets.append(found.database_id)
        elif found.ruleset is None:
            read.unknowns.append(Unknown(f"repositories/{repo}/rulesets/{found.name}", found.unknown_reason))
        else:
            read.rulesets[found.name] = found.ruleset
