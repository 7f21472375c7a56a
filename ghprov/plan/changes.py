"""The plan's vocabulary: typed changes in a stable, dependency-respecting order.

A change names its resource by an ``Address`` (``kind`` + ``key``) and carries the desired and current
values as a ``Payload``: a model object for kinds compared as whole values, a ``SettingsPatch`` (the
changed settings only) for settings updates, a role name for memberships and grants. Each kind's
``KindSpec`` (``plan/kinds/``) says which. The GitHub layer turns a change into requests; the plan
layer never does I/O.

Archiving: a repository UPDATE whose ``desired`` holds ``"archived"`` toggles the archive state.
GitHub refuses every write to an archived repository, so the writer sends ``archived: false`` on its
own before the other settings of the same change, and ``archived: true`` on its own after them; the
plan puts unarchiving before the repository's other changes and archiving after everything else.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias, TypeVar

from ghprov.model.base import Model


class Kind(enum.Enum):
    """Resource kinds. Everything else about a kind, its apply order included, is its ``KindSpec``."""

    CUSTOM_ROLE = "custom_role"
    ORGANIZATION_SETTINGS = "organization_settings"
    TEAM = "team"
    ORGANIZATION_MEMBERSHIP = "organization_membership"
    TEAM_MEMBERSHIP = "team_membership"
    REPOSITORY = "repository"
    BRANCH = "branch"
    TEAM_REPOSITORY = "team_repository"
    BRANCH_PROTECTION = "branch_protection"
    REPOSITORY_RULESET = "repository_ruleset"
    ORGANIZATION_RULESET = "organization_ruleset"
    DEPLOY_KEY = "deploy_key"
    REPOSITORY_ACTIONS = "repository_actions"
    ORGANIZATION_ACTIONS = "organization_actions"
    REPOSITORY_SECURITY = "repository_security"
    RUNNER_GROUP = "runner_group"
    CODE_SECURITY_CONFIGURATION = "code_security_configuration"
    REPOSITORY_COLLABORATOR = "repository_collaborator"
    REPOSITORY_INVITATION = "repository_invitation"
    CUSTOM_PROPERTY = "custom_property"
    REPOSITORY_PROPERTY = "repository_property"
    ORGANIZATION_ROLE_ASSIGNMENT = "organization_role_assignment"
    TEAM_SYNC = "team_sync"
    APP_INSTALLATION_REPOSITORY = "app_installation_repository"
    ORGANIZATION_SECRET = "organization_secret"
    REPOSITORY_SECRET = "repository_secret"
    ORGANIZATION_VARIABLE = "organization_variable"
    REPOSITORY_VARIABLE = "repository_variable"
    ORGANIZATION_WEBHOOK = "organization_webhook"
    REPOSITORY_WEBHOOK = "repository_webhook"
    ENVIRONMENT = "environment"
    ENVIRONMENT_SECRET = "environment_secret"
    ENVIRONMENT_VARIABLE = "environment_variable"
    ORGANIZATION_DEPENDABOT_SECRET = "organization_dependabot_secret"
    REPOSITORY_DEPENDABOT_SECRET = "repository_dependabot_secret"

    @property
    def rank(self) -> int:
        """Where the kind comes in apply's order (its position in ``plan.kinds.registry.KINDS``)."""
        from ghprov.plan.kinds.registry import spec_of  # the registry imports this module

        return spec_of(self).rank


@dataclass(frozen=True, order=True)
class Address:
    """A resource's identity in a plan: its kind and its key within the kind (``team:platform``)."""

    kind_name: str
    key: tuple[str, ...]

    @classmethod
    def of(cls, kind: Kind, *key: str) -> Address:
        return cls(kind.value, tuple(key))

    def __str__(self) -> str:
        return f"{self.kind_name}:{'/'.join(self.key)}"


def address(kind: Kind, *key: str) -> str:
    """The address text of ``kind`` and ``key`` (``branch:d1-fleet/main``): how plans name resources."""
    return str(Address.of(kind, *key))


class SettingsPatch(dict[str, Any]):
    """The settings an UPDATE changes, by name (a settings kind's desired and current payloads)."""


# What a change carries as its desired and current value; ``KindSpec.payload`` says which per kind.
Payload: TypeAlias = Model | SettingsPatch | str | None
M = TypeVar("M", bound=Model)


def _typed(value: Payload, model: type[M], what: str) -> M:
    if not isinstance(value, model):
        # The kind's spec fixes the payload type, so a mismatch is a bug in ghprov, not bad input.
        raise TypeError(f"{what} is {type(value).__name__}, expected {model.__name__}")
    return value


class Action(enum.Enum):
    CREATE = "create"
    UPDATE = "update"
    RENAME = "rename"
    DELETE = "delete"

    @property
    def symbol(self) -> str:
        return {"create": "+", "update": "~", "rename": "~", "delete": "-"}[self.value]

    @property
    def verb(self) -> str:
        """Which summary bucket the action counts in: add, change or remove."""
        return {"create": "add", "update": "change", "rename": "change", "delete": "remove"}[self.value]


@dataclass(frozen=True)
class FieldChange:
    """One field's old and new value (``None`` old value on create, ``None`` new value on delete)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    """One resource to create, update, rename or delete.

    ``key`` identifies the resource within its kind, e.g. ``("d1-infra", "main")`` for a branch
    protection or ``("platform-team", "alice")`` for a team membership.
    """

    kind: Kind
    action: Action
    key: tuple[str, ...]
    fields: tuple[FieldChange, ...] = ()
    desired: Payload = None
    current: Payload = None
    # Addresses of changes that must succeed before this one can run.
    depends_on: tuple[str, ...] = ()
    # True when this change makes a protection weaker (runs after the tightening ones).
    loosens: bool = False

    def desired_model(self, model: type[M]) -> M:
        """The desired value as ``model``: a writer's typed view of a MODEL or SETTINGS payload."""
        return _typed(self.desired, model, f"{self.address} desired value")

    def current_model(self, model: type[M]) -> M | None:
        """The current value as ``model`` (None when the resource does not exist yet)."""
        return None if self.current is None else _typed(self.current, model, f"{self.address} current value")

    def desired_patch(self) -> Mapping[str, Any]:
        """The settings an UPDATE of a SETTINGS kind changes (name → new value)."""
        return self.desired if isinstance(self.desired, Mapping) else {}

    @property
    def ref(self) -> Address:
        return Address(self.kind.value, self.key)

    @property
    def address(self) -> str:
        return str(self.ref)

    @property
    def repository(self) -> str | None:
        """The repository this change writes to (``None`` for organisation-level kinds and teams)."""
        from ghprov.plan.kinds.registry import spec_of  # the registry imports this module

        position = spec_of(self.kind).repository_key
        return self.key[position] if position is not None else None

    @property
    def archives(self) -> bool:
        """True for a repository update that archives the repository (it must run last)."""
        return self._archived_to() is True

    @property
    def unarchives(self) -> bool:
        """True for a repository update that unarchives the repository (it must run first)."""
        return self._archived_to() is False

    def _archived_to(self) -> bool | None:
        if (
            self.kind is Kind.REPOSITORY
            and self.action is Action.UPDATE
            and isinstance(self.desired, Mapping)
        ):
            value = self.desired.get("archived")
            return value if isinstance(value, bool) else None
        return None


@dataclass(frozen=True)
class AccessChange:
    """One principal's access to one resource (a repository, or a branch or ruleset for a bypass)."""

    principal: str
    resource: str
    before: str | None
    after: str | None
    # How the principal holds the new access (or held the old), as the audit describes paths.
    via: tuple[str, ...] = ()
    # True when the access is more than before (a higher role, or a bypass where there was none).
    gain: bool = False

    def describe(self) -> str:
        """``carol gains write on d1-fleet (via team platform-team)``, ``flux-bot loses force-push bypass on
        d1-fleet@main (via bypass_force_push_allowances)``."""
        who = self.principal.removeprefix("user:")
        if self.before is None:
            text = f"{who} gains {self.after} on {self.resource}"
        elif self.after is None:
            text = f"{who} loses {self.before} on {self.resource}"
        else:
            verb = "gains" if self.gain else "drops to"
            text = f"{who} {verb} {self.after} on {self.resource} (had {self.before})"
        return f"{text} (via {', '.join(self.via)})" if self.via else text

    def repository(self) -> str:
        return self.resource.split("@", 1)[0].split(" ", 1)[0]


@dataclass(frozen=True)
class Finding:
    """Something the plan noticed but cannot or will not change through the API."""

    code: str
    address: str
    message: str
    severity: str = "warning"


@dataclass
class Plan:
    """Ordered changes plus findings for one organisation."""

    organization: str
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # sha256 over the live state the plan was computed from; apply of a saved plan checks it.
    live_checksum: str = ""
    # Per-resource digests of that live state, so a stale saved plan can name what changed.
    resource_digests: dict[str, str] = field(default_factory=dict)
    # What the changes do to who can do what (computed with the plan, before anything is applied).
    access: list[AccessChange] = field(default_factory=list)
    # The GitHub API the live state was read from (``embedded-sandbox`` for ``--sandbox``):
    # a saved plan is applied only there, so a plan reviewed against one GitHub cannot write to another.
    api_url: str = ""

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)

    def summary(self) -> dict[str, int]:
        """Counts for the summary line: ``add``, ``change``, ``remove`` and ``findings``."""
        counts = {"add": 0, "change": 0, "remove": 0}
        for change in self.changes:
            counts[change.action.verb] += 1
        return {**counts, "findings": len(self.findings)}
