"""The bar the checks measure against: the D1 profile by default, adjustable from a YAML file.

The D1 profile knows the roles of the D1 repositories (`d1-fleet` and `d1-infra` are cluster-admin,
`d1-apps` and repositories topped ``tenant`` are namespace-admin tenants), the approvals each branch
needs, which branches the Flux bot pushes to (the only place it may bypass), which teams are the
platform's, and the organisation-wide numbers (owners, base permission, staleness windows).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ghprov.errors import GhprovError
from ghprov.model import Organization, Repository

D1_BOT_BRANCHES: dict[str, tuple[str, ...]] = {"d1-infra": ("main",), "d1-apps": ("main",)}


class AuditProfile(BaseModel):
    """Every threshold a check uses; the defaults are D1's."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "d1"
    fleet_repositories: tuple[str, ...] = ("d1-fleet",)
    infra_repositories: tuple[str, ...] = ("d1-infra",)
    tenant_repositories: tuple[str, ...] = ("d1-apps",)
    tenant_topic: str = "tenant"
    platform_teams: tuple[str, ...] = ("platform-team",)
    # Bot accounts, teams made of bots only, and Apps: the only allowed bypass actors.
    bots: tuple[str, ...] = ()
    bot_apps: tuple[str, ...] = ()
    # repository → branch → approvals required (REPO-06); tenants not listed use ``tenant_approvals``.
    approvals: dict[str, dict[str, int]] = Field(
        default_factory=lambda: {
            "d1-fleet": {"main": 2},
            "d1-infra": {"main": 1, "production": 2},
            "d1-apps": {"main": 1, "production": 2},
        }
    )
    tenant_approvals: dict[str, int] = Field(default_factory=lambda: {"main": 1, "production": 2})
    # Approvals for the default branch of any other repository (legitify and CIS 1.1.3 want 2).
    default_approvals: int = 2
    # repository → branches the bot pushes to (image automation); tenants use ``tenant_bot_branches``.
    bot_branches: dict[str, tuple[str, ...]] = Field(default_factory=lambda: dict(D1_BOT_BRANCHES))
    tenant_bot_branches: tuple[str, ...] = ("main",)
    owners_min: int = 2
    owners_max: int = 3
    base_permissions: tuple[Literal["none", "read", "write", "admin"], ...] = ("none",)
    max_repository_admins: int = 3
    stale_member_days: int = 180
    inactive_repository_days: int = 90
    token_warn_days: int = 14
    token_error_days: int = 3
    private_visibility: tuple[str, ...] = ("private", "internal")

    def is_platform_repository(self, repo: str) -> bool:
        return repo in self.fleet_repositories or repo in self.infra_repositories

    def is_tenant_repository(self, repo: str, repository: Repository) -> bool:
        return repo in self.tenant_repositories or self.tenant_topic in (repository.topics or ())

    def is_d1_repository(self, repo: str, repository: Repository) -> bool:
        return self.is_platform_repository(repo) or self.is_tenant_repository(repo, repository)

    def required_approvals(self, repo: str, repository: Repository, branch: str, default: str) -> int | None:
        """Approvals the profile requires on ``branch``; None when the profile says nothing about it."""
        if repo in self.approvals:
            return self.approvals[repo].get(branch)
        if self.is_tenant_repository(repo, repository):
            return self.tenant_approvals.get(branch)
        return self.default_approvals if branch == default else None

    def audited_branches(self, repo: str, repository: Repository) -> tuple[str, ...]:
        """Branches whose protection is checked besides the default branch."""
        if repo in self.approvals:
            return tuple(self.approvals[repo])
        if self.is_tenant_repository(repo, repository):
            return tuple(self.tenant_approvals)
        return ()

    def bot_push_branches(self, repo: str, repository: Repository) -> tuple[str, ...]:
        if repo in self.bot_branches:
            return self.bot_branches[repo]
        if self.is_tenant_repository(repo, repository):
            return self.tenant_bot_branches
        return ()

    def with_declared_bots(self, organization: Organization | None) -> AuditProfile:
        """The profile plus the bots a configuration declares."""
        if organization is None or not organization.bots:
            return self
        bots = tuple(sorted({*self.bots, *organization.bots}))
        return self.model_copy(update={"bots": bots})


def load_profile(path: Path | None) -> AuditProfile:
    """The D1 profile, with the keys of the YAML file at ``path`` (if any) replacing its defaults."""
    if path is None:
        return AuditProfile()
    try:
        document = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise GhprovError(f"cannot read the audit profile {path}: {error.strerror}") from None
    except YAMLError as error:
        raise GhprovError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(document, dict):
        raise GhprovError(f"{path}: an audit profile is a mapping of settings")
    try:
        return AuditProfile.model_validate(document)
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise GhprovError(f"{path}: invalid audit profile: {details}") from None
