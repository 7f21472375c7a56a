"""Repository and organisation rulesets: POST/PUT/DELETE, with bypass actors resolved by name → id."""

from __future__ import annotations

from typing import Any

from ghprov.github.write.facts import (
    AppId,
    CustomRoleId,
    Fact,
    OrganizationRulesetId,
    RepositoryRulesetId,
    TeamId,
    UserId,
)
from ghprov.github.write.requests import (
    Learn,
    Learned,
    PathSegment,
    Target,
    Unsupported,
    WriteRequest,
    Writes,
    path,
)
from ghprov.model import BypassActor, Ruleset
from ghprov.model.roles import normalise_role
from ghprov.plan.changes import Action, Change

# GitHub's well-known RepositoryRole actor ids; custom roles use their own id.
ROLE_ACTOR_IDS: dict[str, int] = {"maintain": 2, "write": 4, "admin": 5}
# Built-in roles below write cannot bypass rules.
ROLES_WITHOUT_BYPASS = ("read", "triage")


class _CannotBypass(Exception):
    """A bypass actor GitHub would not accept; becomes an Unsupported result."""


def _role_actor(role: str) -> int | Fact:
    normalised = str(normalise_role(role))
    if normalised in ROLES_WITHOUT_BYPASS:
        raise _CannotBypass(
            f"the {normalised} role cannot bypass rulesets (only write, maintain, admin or a custom role)"
        )
    return ROLE_ACTOR_IDS.get(normalised) or CustomRoleId(role)


def bypass_actor(actor: BypassActor) -> dict[str, Any]:
    """The wire form of one bypass actor, with ids still as facts."""
    kind = actor.kind
    actor_id: int | Fact | None
    if kind == "team":
        actor_type, actor_id = "Team", TeamId(str(actor.team))
    elif kind == "app":
        actor_type, actor_id = "Integration", AppId(str(actor.app))
    elif kind == "user":
        actor_type, actor_id = "User", UserId(str(actor.user))
    elif kind == "role":
        actor_type, actor_id = "RepositoryRole", _role_actor(str(actor.role))
    elif kind == "organization_admin":
        # GitHub ignores the id of these actor types; newer rulesets read back null (0 for enterprise owners).
        actor_type, actor_id = "OrganizationAdmin", None
    elif kind == "enterprise_owner":
        actor_type, actor_id = "EnterpriseOwner", None
    else:
        actor_type, actor_id = "DeployKey", None
    return {"actor_id": actor_id, "actor_type": actor_type, "bypass_mode": actor.mode}


def ruleset_body(name: str, ruleset: Ruleset, current: Ruleset | None = None) -> dict[str, Any]:
    """The complete POST/PUT body for a ruleset."""
    body: dict[str, Any] = {"name": name, "target": ruleset.target, "enforcement": ruleset.enforcement}
    if ruleset.conditions or (current is not None and current.conditions):
        body["conditions"] = ruleset.conditions
    body["rules"] = [
        {"type": rule.type} if rule.parameters is None else {"type": rule.type, "parameters": rule.parameters}
        for rule in ruleset.rules
    ]
    body["bypass_actors"] = [bypass_actor(actor) for actor in ruleset.bypass_actors]
    return body


def _write(
    change: Change,
    collection: tuple[PathSegment, ...],
    ruleset_id: Fact,
    learn: Learn,
) -> Writes:
    name = change.key[-1]
    if change.action is Action.DELETE:
        return [WriteRequest("DELETE", (*collection, ruleset_id))]
    if change.action is Action.RENAME:
        return Unsupported("rulesets are identified by name; declare the new one and prune the old one")
    try:
        body = ruleset_body(name, change.desired_model(Ruleset), change.current_model(Ruleset))
    except _CannotBypass as refusal:
        return Unsupported(str(refusal))
    if change.action is Action.CREATE:
        return [WriteRequest("POST", collection, body, learn=learn, creates=True)]
    # PUT leaves omitted fields alone, so the complete desired ruleset is always sent.
    return [WriteRequest("PUT", (*collection, ruleset_id), body)]


def write_repository_ruleset(change: Change, target: Target) -> Writes:
    """Requests for a REPOSITORY_RULESET change (key: repository, ruleset name)."""
    repository, name = change.key
    return _write(
        change,
        path("repos", target.org, repository, "rulesets"),
        RepositoryRulesetId(repository, name),
        Learn(Learned.REPOSITORY_RULESET, (repository, name)),
    )


def write_organization_ruleset(change: Change, target: Target) -> Writes:
    """Requests for an ORGANIZATION_RULESET change (key: ruleset name)."""
    (name,) = change.key
    desired = change.desired
    if isinstance(desired, Ruleset) and any(actor.user for actor in desired.bypass_actors):
        # GitHub documents user bypass only for repository rulesets; at organisation level it has
        # been silently ignored, which would leave a plan that never converges.
        return Unsupported(
            "organisation rulesets cannot name individual users as bypass actors; "
            "use a team containing the user, or a GitHub App"
        )
    return _write(
        change,
        path("orgs", target.org, "rulesets"),
        OrganizationRulesetId(name),
        Learn(Learned.ORGANIZATION_RULESET, (name,)),
    )
