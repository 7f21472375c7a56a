"""Rulesets from GraphQL (bulk, per repository) and REST (organisation rulesets, and what GraphQL cannot say).

GraphQL's bypass actors lag REST: no user actor and no ``exempt`` mode. A ruleset whose GraphQL
actors cannot be named faithfully is re-read through REST (``needs_rest``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ghprov.model import BypassActor, Ruleset, RulesetRule
from ghprov.model.rulesets import RULE_PARAMETER_DEFAULTS

# Well-known RepositoryRole bypass-actor ids (github-api.md §5.2); custom roles use their own id.
ROLE_BY_ACTOR_ID: dict[int, str] = {2: "maintain", 4: "write", 5: "admin"}
GRAPHQL_MODES: dict[str, str] = {"ALWAYS": "always", "PULL_REQUEST": "pull_request"}

CompleteConnection = Callable[[Mapping[str, Any], str], list[dict[str, Any]]]


@dataclass
class Directory:
    """Numeric ids seen while reading, mapped to the names the model uses."""

    teams: dict[int, str] = field(default_factory=dict)
    apps: dict[int, str] = field(default_factory=dict)
    users: dict[int, str] = field(default_factory=dict)
    custom_roles: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadRuleset:
    """A ruleset as read: the model value, or why it cannot be trusted as is."""

    name: str
    database_id: int
    ruleset: Ruleset | None
    # Set when GraphQL could not represent an actor: re-read this ruleset through REST.
    needs_rest: bool = False
    # Set when the bypass actors are hidden or unnameable: an Unknown for the plan.
    unknown_reason: str = ""


def snake(name: str) -> str:
    """``requiredApprovingReviewCount`` → ``required_approving_review_count``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _snake_values(value: Any) -> Any:
    # GraphQL leaves optional values null where REST leaves them out.
    if isinstance(value, dict):
        return {
            snake(key): _snake_values(item)
            for key, item in value.items()
            if key != "__typename" and item is not None
        }
    if isinstance(value, list):
        return [_snake_values(item) for item in value]
    return value


def rule_from_graphql(node: Mapping[str, Any]) -> RulesetRule:
    """One GraphQL rule in REST's vocabulary (type names and parameter names)."""
    rule_type = str(node["type"]).lower()
    parameters = _snake_values(node.get("parameters")) if node.get("parameters") else None
    if parameters is not None:
        defaults = RULE_PARAMETER_DEFAULTS.get(rule_type, {})
        # REST omits empty optional lists that GraphQL reports as []; keep the ones GitHub always returns.
        parameters = {key: value for key, value in parameters.items() if value != [] or key in defaults}
    return RulesetRule(type=rule_type, parameters=parameters or None)


def conditions_from_graphql(conditions: Any) -> dict[str, Any]:
    """GraphQL ``RepositoryRuleConditions`` as REST ``conditions``."""
    converted = _snake_values(conditions or {})
    return converted if isinstance(converted, dict) else {}


def _actor_from_graphql(node: Mapping[str, Any]) -> BypassActor | None:
    mode = GRAPHQL_MODES.get(str(node.get("bypassMode")))
    if mode is None:
        return None
    actor = node.get("actor") or {}
    role_id = node.get("repositoryRoleDatabaseId")
    if node.get("organizationAdmin"):
        return BypassActor(organization_admin=True, mode=mode)
    if node.get("enterpriseOwner"):
        return BypassActor(enterprise_owner=True, mode=mode)
    if node.get("deployKey"):
        return BypassActor(deploy_keys=True, mode=mode)
    if role_id is not None:
        role = ROLE_BY_ACTOR_ID.get(int(role_id)) or node.get("repositoryRoleName")
        return BypassActor(role=role, mode=mode) if role else None
    if actor.get("__typename") == "Team":
        return BypassActor(team=actor["name"], mode=mode)
    if actor.get("__typename") == "App":
        return BypassActor(app=actor["slug"], mode=mode)
    return None


def from_graphql(node: Mapping[str, Any], complete: CompleteConnection, directory: Directory) -> ReadRuleset:
    """A repository ruleset read through GraphQL; flags the ones REST must re-read."""
    name = str(node["name"])
    database_id = int(node.get("databaseId") or 0)
    rules = tuple(rule_from_graphql(rule) for rule in complete(node, "rules"))
    if node.get("bypassActors") is None:
        return ReadRuleset(name, database_id, None, unknown_reason="bypass actors are hidden from this token")
    actor_nodes = complete(node, "bypassActors")
    actors = []
    for actor_node in actor_nodes:
        actor = _actor_from_graphql(actor_node)
        if actor is None:
            return ReadRuleset(name, database_id, None, needs_rest=True)
        app = actor_node.get("actor") or {}
        if app.get("__typename") == "App" and app.get("databaseId"):
            directory.apps[int(app["databaseId"])] = str(app["slug"])
        actors.append(actor)
    ruleset = Ruleset(
        target=str(node.get("target") or "BRANCH").lower(),
        enforcement=str(node["enforcement"]).lower(),
        conditions=conditions_from_graphql(node.get("conditions")),
        rules=rules,
        bypass_actors=tuple(actors),
    )
    return ReadRuleset(name, database_id, ruleset)


def unnamed_actor_ids(
    bodies: Iterable[Mapping[str, Any]], actor_type: str, known: Mapping[int, str]
) -> set[int]:
    """Ids of the ``actor_type`` bypass actors in REST ruleset bodies that ``known`` cannot name."""
    return {
        int(actor["actor_id"])
        for body in bodies
        for actor in body.get("bypass_actors") or ()
        if actor.get("actor_type") == actor_type
        and isinstance(actor.get("actor_id"), int)
        and int(actor["actor_id"]) not in known
    }


def _actor_from_rest(entry: Mapping[str, Any], directory: Directory) -> BypassActor | str:
    """The named actor, or the reason it cannot be named."""
    kind = entry.get("actor_type")
    actor_id = entry.get("actor_id")
    mode = entry.get("bypass_mode") or "always"
    if kind == "OrganizationAdmin":
        return BypassActor(organization_admin=True, mode=mode)
    if kind == "EnterpriseOwner":
        # GitHub answers actor_id 0 (or null) for it: the enterprise is implied by the organisation.
        return BypassActor(enterprise_owner=True, mode=mode)
    if kind == "DeployKey":
        return BypassActor(deploy_keys=True, mode=mode)
    if not isinstance(actor_id, int):
        return f"{kind} bypass actor without an id"
    names: dict[str, tuple[str, dict[int, str]]] = {
        "Team": ("team", directory.teams),
        "Integration": ("app", directory.apps),
        "User": ("user", directory.users),
        "RepositoryRole": ("role", {**directory.custom_roles, **ROLE_BY_ACTOR_ID}),
    }
    if kind not in names:
        return f"{kind} bypass actors are not modelled"
    key, known = names[kind]
    if actor_id not in known:
        return f"{kind} bypass actor {actor_id} cannot be resolved to a name"
    return BypassActor.model_validate({key: known[actor_id], "mode": mode})


def from_rest(body: Mapping[str, Any], directory: Directory) -> ReadRuleset:
    """A ruleset from ``GET …/rulesets/{id}`` (repository or organisation)."""
    name = str(body["name"])
    database_id = int(body["id"])
    if "bypass_actors" not in body:
        return ReadRuleset(name, database_id, None, unknown_reason="bypass actors are hidden from this token")
    actors = []
    for entry in body.get("bypass_actors") or ():
        actor = _actor_from_rest(entry, directory)
        if isinstance(actor, str):
            return ReadRuleset(name, database_id, None, unknown_reason=actor)
        actors.append(actor)
    rules = tuple(
        RulesetRule(type=rule["type"], parameters=rule.get("parameters") or None)
        for rule in body.get("rules") or ()
    )
    ruleset = Ruleset(
        target=body.get("target") or "branch",
        enforcement=body["enforcement"],
        conditions=body.get("conditions") or {},
        rules=rules,
        bypass_actors=tuple(actors),
    )
    return ReadRuleset(name, database_id, ruleset)
