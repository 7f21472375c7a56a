"""Pure, typed values for an organisation: shared by config (desired) and GitHub (live) state."""

from ghprov.model.app_installations import ALL_REPOSITORIES, AppInstallation
from ghprov.model.deploy_keys import DeployKey, key_fingerprint, normalise_public_key
from ghprov.model.live import LiveOrganization, RepositoryRef, ResourceIds, TeamRef, Unknown
from ghprov.model.organization import (
    READ_ONLY_SETTINGS,
    Bot,
    Members,
    Organization,
    OrganizationSettings,
    Prune,
)
from ghprov.model.organization_roles import (
    ENTERPRISE_PLANS,
    PREDEFINED_ORGANIZATION_ROLES,
    CustomOrganizationRole,
    OrganizationRoleAssignees,
)
from ghprov.model.protection import Actors, BranchProtection, StatusChecks
from ghprov.model.repositories import MERGE_SETTINGS, Repository
from ghprov.model.roles import BUILTIN_ROLES, CustomRole, is_builtin_role, normalise_role
from ghprov.model.rulesets import BypassActor, Ruleset, RulesetRule
from ghprov.model.team_sync import IdpGroup, IdpGroups
from ghprov.model.teams import Team, team_slug

__all__ = [
    "ALL_REPOSITORIES",
    "BUILTIN_ROLES",
    "ENTERPRISE_PLANS",
    "MERGE_SETTINGS",
    "PREDEFINED_ORGANIZATION_ROLES",
    "READ_ONLY_SETTINGS",
    "Actors",
    "AppInstallation",
    "Bot",
    "BranchProtection",
    "BypassActor",
    "CustomOrganizationRole",
    "CustomRole",
    "DeployKey",
    "IdpGroup",
    "IdpGroups",
    "LiveOrganization",
    "Members",
    "Organization",
    "OrganizationRoleAssignees",
    "OrganizationSettings",
    "Prune",
    "Repository",
    "RepositoryRef",
    "ResourceIds",
    "Ruleset",
    "RulesetRule",
    "StatusChecks",
    "Team",
    "TeamRef",
    "Unknown",
    "is_builtin_role",
    "key_fingerprint",
    "normalise_public_key",
    "normalise_role",
    "team_slug",
]
