"""Everything the checks read, whether it came from a live organisation or from a desired config.

A part that could not be obtained is a ``Skipped`` carrying the reason in legitify's vocabulary
("Unmet prerequisite: …", "Missing permission: …"), so every check that needs it reports SKIPPED
with that reason instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, TypeVar

from ghprov.audit.locate import Locator
from ghprov.audit.tenants import TenantToken
from ghprov.model import LiveOrganization, Organization, ResourceIds, Unknown

T = TypeVar("T")

ENTERPRISE_PLANS = frozenset({"enterprise", "enterprise_cloud", "ghec"})


@dataclass(frozen=True)
class Skipped:
    """A part of the input that is unavailable, and why."""

    reason: str


# A part of the input, or why it is missing.
Maybe: TypeAlias = T | Skipped


@dataclass(frozen=True)
class PatGrant:
    """A fine-grained PAT granted access to the organisation (never the token itself)."""

    id: int
    owner: str
    token_id: int
    token_name: str
    token_expired: bool
    token_expires_at: str | None
    token_last_used_at: str | None
    access_granted_at: str | None
    repository_selection: str
    permissions: dict[str, Any] = field(default_factory=dict)
    # The repositories of a "subset" grant; () for "none"; None for "all".
    repositories: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SamlFacts:
    """The SAML identity provider as an administrator sees it (``provider_id`` None: not configured)."""

    sso_url: str | None
    issuer: str | None = None
    provider_id: str | None = None

    @property
    def enabled(self) -> bool:
        return self.provider_id is not None


@dataclass
class ActionsFacts:
    """Actions, webhook and secret settings (values as the REST API returns them; secrets never)."""

    # GET /orgs/{org}/actions/permissions and …/permissions/workflow
    permissions: Maybe[dict[str, Any]] = field(default_factory=dict)
    workflow: Maybe[dict[str, Any]] = field(default_factory=dict)
    # GET /orgs/{org}/hooks: each hook's id, name, active, config (url, insecure_ssl, secret masked)
    hooks: Maybe[list[dict[str, Any]]] = field(default_factory=list)
    # GET /orgs/{org}/actions/secrets: names and dates only
    secrets: Maybe[list[dict[str, Any]]] = field(default_factory=list)
    runner_groups: Maybe[list[dict[str, Any]]] = field(default_factory=list)
    # Per repository (only with a deep audit): workflow permissions, hooks, secrets, SECURITY.md present.
    repository_workflow: Maybe[dict[str, dict[str, Any]]] = field(default_factory=dict)
    repository_hooks: Maybe[dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    repository_secrets: Maybe[dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    security_policy: Maybe[dict[str, bool]] = field(default_factory=dict)


@dataclass
class AuditInput:
    """The organisation (live or desired) plus the extra facts only the audit reads."""

    mode: Literal["live", "config"]
    organization: Organization
    locator: Locator
    plan: str = ""
    bots: frozenset[str] = frozenset()
    ids: ResourceIds = field(default_factory=ResourceIds)
    unknowns: list[Unknown] = field(default_factory=list)
    # Raw ``GET /orgs/{org}`` fields the model has no place for (members_can_delete_issues, is_verified, …).
    org_facts: Maybe[dict[str, Any]] = field(default_factory=dict)
    members_without_2fa: Maybe[list[str]] = field(default_factory=list)
    outside_collaborators: Maybe[list[str]] = field(default_factory=list)
    # repository → login → role name, for users granted access to the repository directly.
    direct_collaborators: Maybe[dict[str, dict[str, str]]] = field(default_factory=dict)
    # repository → raw fields of the org repository list (allow_forking, pushed_at, security_and_analysis).
    repository_facts: Maybe[dict[str, dict[str, Any]]] = field(default_factory=dict)
    pat_grants: Maybe[list[PatGrant]] = field(default_factory=list)
    audit_events: Maybe[list[dict[str, Any]]] = field(default_factory=list)
    # login → time of the member's latest audit-log event (None: none in the retention window).
    member_activity: Maybe[dict[str, str | None]] = field(default_factory=dict)
    actions: ActionsFacts = field(default_factory=ActionsFacts)
    # GraphQL Organization.samlIdentityProvider (read on GitHub Enterprise Cloud only).
    saml: Maybe[SamlFacts] = field(default_factory=lambda: Skipped("Not read"))
    # repository → path of the CODEOWNERS file GitHub uses on the default branch (None: none).
    codeowners: Maybe[dict[str, str | None]] = field(default_factory=dict)
    # The rotation file's tenant tokens (ORG-17 compares PAT grants with them).
    tenants: Maybe[list[TenantToken]] = field(
        default_factory=lambda: Skipped("Unmet prerequisite: no rotation file (--rotation-config)")
    )
    # The declaration to compare against (drift checks); None when none was given.
    declared: Organization | None = None
    html_url: str = "https://github.com"

    @property
    def login(self) -> str:
        return self.organization.organization

    @property
    def is_enterprise(self) -> bool:
        return self.plan.lower() in ENTERPRISE_PLANS

    def unknown_at(self, prefix: str) -> Unknown | None:
        """The first Unknown at or below ``prefix`` (e.g. ``repositories/d1-fleet/rulesets``)."""
        return next(
            (u for u in self.unknowns if u.path == prefix or u.path.startswith(prefix.rstrip("/") + "/")),
            None,
        )

    def repository_url(self, repo: str) -> str:
        return f"{self.html_url}/{self.login}/{repo}"

    def organization_url(self) -> str:
        return f"{self.html_url}/{self.login}"


def from_live(live: LiveOrganization, locator: Locator, **extras: Any) -> AuditInput:
    """An input around a live read; ``extras`` are the audit-only reads (see ``ghprov.audit.reads``)."""
    return AuditInput(
        mode="live",
        organization=live.state,
        locator=locator,
        plan=live.plan_name,
        ids=live.ids,
        unknowns=list(live.unknowns),
        **extras,
    )
