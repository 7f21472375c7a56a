"""What reading a live organisation yields besides the model: ids, pending work and blind spots."""

from __future__ import annotations

from dataclasses import dataclass, field

from ghprov.model.organization import Organization


@dataclass(frozen=True)
class TeamRef:
    id: int
    slug: str
    node_id: str = ""


@dataclass(frozen=True)
class RepositoryRef:
    id: int
    node_id: str = ""


@dataclass
class ResourceIds:
    """GitHub ids for live resources, keyed by the names the model uses."""

    teams: dict[str, TeamRef] = field(default_factory=dict)
    repositories: dict[str, RepositoryRef] = field(default_factory=dict)
    repository_rulesets: dict[tuple[str, str], int] = field(default_factory=dict)
    # (repository, branch or pattern) → the classic protection rule's GraphQL node id.
    protection_rules: dict[tuple[str, str], str] = field(default_factory=dict)
    organization_rulesets: dict[str, int] = field(default_factory=dict)
    custom_roles: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    apps: dict[str, int] = field(default_factory=dict)
    # Plan address → GitHub's numeric id, for resources of kinds that need no more than that
    # (``deploy_key:d1-fleet/flux``). New kinds use this rather than a field of their own.
    resources: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Unknown:
    """A part of the live state the token could not see; the plan refuses to act on it."""

    path: str
    reason: str


@dataclass
class LiveOrganization:
    """The live state as the model sees it, plus metadata the model has no place for."""

    state: Organization
    ids: ResourceIds = field(default_factory=ResourceIds)
    # login → role ("admin" or "member") for invitations not yet accepted.
    pending_invitations: dict[str, str] = field(default_factory=dict)
    unknowns: list[Unknown] = field(default_factory=list)
    # Accounts the desired state names that GitHub does not know ("user alice", "App flux-ap"):
    # the plan refuses rather than send writes bound to fail.
    missing_accounts: list[str] = field(default_factory=list)
    plan_name: str = ""
    viewer: str = ""
    # Names GitHub accepts where the config names something of GitHub's, keyed by the config path they
    # fill (``custom_organization_roles/permissions``); read only where the config needs them.
    vocabularies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Config sections this organisation's plan does not offer → what GitHub answered; the plan refuses
    # to manage them rather than send writes GitHub will reject.
    unavailable: dict[str, str] = field(default_factory=dict)
