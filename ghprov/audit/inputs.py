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
from ghprov.github.flux_app import InstallationReach
from ghprov.model import ENTERPRISE_PLANS, LiveOrganization, Organization, ResourceIds, Unknown
from ghprov.model.actions import ActionsPermissions, ActionsSecret, RunnerGroup, Webhook, WorkflowPermissions
from ghprov.model.audit_log import AuditLogEvent
from ghprov.model.organization_facts import OrganizationFacts
from ghprov.model.pat_grants import PatGrant
from ghprov.model.repository_facts import RepositoryFacts
from ghprov.model.saml import SamlSingleSignOn

T = TypeVar("T")


@dataclass(frozen=True)
class Skipped:
    """A part of the input that is unavailable, and why."""

    reason: str


# A part of the input, or why it is missing.
Maybe: TypeAlias = T | Skipped


# The SAML read as the checks see it (kept under the audit's older name).
SamlFacts: TypeAlias = SamlSingleSignOn


@dataclass
class ActionsFacts:
    """Actions, webhook and secret settings (secrets by name and date only)."""

    permissions: Maybe[ActionsPermissions] = field(default_factory=ActionsPermissions)
    workflow: Maybe[WorkflowPermissions] = field(default_factory=WorkflowPermissions)
    hooks: Maybe[list[Webhook]] = field(default_factory=list)
    secrets: Maybe[list[ActionsSecret]] = field(default_factory=list)
    runner_groups: Maybe[list[RunnerGroup]] = field(default_factory=list)
    # Per repository (only with a deep audit): workflow permissions, hooks, secrets, SECURITY.md present.
    repository_workflow: Maybe[dict[str, WorkflowPermissions]] = field(default_factory=dict)
    repository_hooks: Maybe[dict[str, list[Webhook]]] = field(default_factory=dict)
    repository_secrets: Maybe[dict[str, list[ActionsSecret]]] = field(default_factory=dict)
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
    # ``GET /orgs/{org}`` settings the model has no place for (members_can_delete_issues, is_verified, …).
    org_facts: Maybe[OrganizationFacts] = field(default_factory=OrganizationFacts)
    members_without_2fa: Maybe[list[str]] = field(default_factory=list)
    outside_collaborators: Maybe[list[str]] = field(default_factory=list)
    # repository → login → role name, for users granted access to the repository directly.
    direct_collaborators: Maybe[dict[str, dict[str, str]]] = field(default_factory=dict)
    # repository → what the org repository list shows (allow_forking, pushed_at, security_and_analysis).
    repository_facts: Maybe[dict[str, RepositoryFacts]] = field(default_factory=dict)
    pat_grants: Maybe[list[PatGrant]] = field(default_factory=list)
    audit_events: Maybe[list[AuditLogEvent]] = field(default_factory=list)
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
    # Installation id → reach, for the rotation file's `auth: github_app` tenants (ORG-25).
    app_installations: Maybe[dict[int, InstallationReach]] = field(
        default_factory=lambda: Skipped("Not applicable: no `auth: github_app` tenant in the rotation file")
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
