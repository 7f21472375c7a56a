"""Repository and organisation rulesets, with bypass actors named rather than numbered.

Rule types and parameters use GitHub's API names. Parameters GitHub fills in when they are left
out are filled in here too (``RULE_PARAMETER_DEFAULTS``), so a short config compares equal to the
complete object GitHub returns.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from ghprov.model.base import Model

BypassMode = Literal["always", "pull_request", "exempt"]
ACTOR_KINDS = ("team", "app", "role", "user", "organization_admin", "enterprise_owner", "deploy_keys")

# What GitHub stores when a rule's optional parameters are omitted (REST docs, "repository-rule-*").
RULE_PARAMETER_DEFAULTS: dict[str, dict[str, Any]] = {
    "pull_request": {
        "required_approving_review_count": 0,
        "dismiss_stale_reviews_on_push": False,
        "require_code_owner_review": False,
        "require_last_push_approval": False,
        "required_review_thread_resolution": False,
        "allowed_merge_methods": ["merge", "squash", "rebase"],
    },
    "required_status_checks": {
        "strict_required_status_checks_policy": False,
        "do_not_enforce_on_create": False,
        "required_status_checks": [],
    },
    "update": {"update_allows_fetch_and_merge": False},
}


class BypassActor(Model):
    """Exactly one of the actor keys, plus a mode: ``{team: flux-bots, mode: always}``."""

    team: str | None = None
    app: str | None = None
    role: str | None = None
    user: str | None = None
    organization_admin: bool | None = None
    # The owners of the enterprise the organisation belongs to (GitHub Enterprise Cloud).
    enterprise_owner: bool | None = None
    deploy_keys: bool | None = None
    mode: BypassMode = "always"

    @model_validator(mode="after")
    def _exactly_one_actor(self) -> BypassActor:
        given = [kind for kind in ACTOR_KINDS if getattr(self, kind) not in (None, False)]
        if len(given) != 1:
            raise ValueError(
                f"a bypass actor names exactly one of {', '.join(ACTOR_KINDS)} (got {given or 'none'})"
            )
        if self.deploy_keys and self.mode == "pull_request":
            raise ValueError("deploy keys cannot bypass in pull_request mode")
        return self

    @property
    def kind(self) -> str:
        return next(kind for kind in ACTOR_KINDS if getattr(self, kind) not in (None, False))

    @property
    def name(self) -> str | None:
        value = getattr(self, self.kind)
        return value if isinstance(value, str) else None

    def sort_key(self) -> tuple[str, str, str]:
        return (self.kind, self.name or "", self.mode)


class RulesetRule(Model):
    """One rule. In YAML either ``{type: X, parameters: {...}}`` or the short ``{X: {...}}``."""

    type: str = Field(min_length=1)
    parameters: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        if isinstance(value, dict) and "type" not in value:
            if len(value) != 1:
                # Without this, pydantic reports each rule name as an "unknown key", which misleads.
                raise ValueError(
                    "a rule is either {type: RULE_TYPE, parameters: {...}} or a single {RULE_TYPE: {...}}; "
                    f"got {len(value)} keys: {', '.join(map(str, value)) or 'none'}"
                )
            ((rule_type, parameters),) = value.items()
            return {"type": rule_type, "parameters": parameters or None}
        return value

    @model_validator(mode="after")
    def _fill_defaults(self) -> RulesetRule:
        defaults = RULE_PARAMETER_DEFAULTS.get(self.type)
        if defaults is not None:
            merged = {**defaults, **(self.parameters or {})}
            if merged != self.parameters:
                object.__setattr__(self, "parameters", merged)
        return self


class RefCondition(Model):
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


class Ruleset(Model):
    """A ruleset; at organisation level ``conditions`` also select repositories."""

    target: Literal["branch", "tag", "push", "repository"] = "branch"
    enforcement: Literal["active", "disabled", "evaluate"] = "active"
    conditions: dict[str, Any] = Field(default_factory=dict)
    rules: tuple[RulesetRule, ...] = ()
    bypass_actors: tuple[BypassActor, ...] = ()

    @field_validator("conditions", mode="after")
    @classmethod
    def _complete_conditions(cls, value: dict[str, Any]) -> dict[str, Any]:
        # GitHub always returns both include and exclude lists.
        completed: dict[str, Any] = {}
        for key, condition in value.items():
            if key in ("ref_name", "repository_name") and isinstance(condition, dict):
                condition = {"include": [], "exclude": [], **condition}
            completed[key] = condition
        return completed

    @field_validator("rules", mode="after")
    @classmethod
    def _sort_rules(cls, value: tuple[RulesetRule, ...]) -> tuple[RulesetRule, ...]:
        return tuple(sorted(value, key=lambda rule: rule.type))

    @field_validator("bypass_actors", mode="after")
    @classmethod
    def _sort_actors(cls, value: tuple[BypassActor, ...]) -> tuple[BypassActor, ...]:
        return tuple(sorted(value, key=BypassActor.sort_key))
