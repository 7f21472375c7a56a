"""Plan changes → GitHub write requests: one pure writer per kind, plus name → id resolution."""

from ghprov.github.write.facts import (
    AppId,
    BranchSha,
    CustomRoleId,
    DefaultBranch,
    Fact,
    OrganizationRulesetId,
    RepositoryRulesetId,
    ResourceId,
    TeamId,
    TeamSlug,
    UserId,
)
from ghprov.github.write.registry import WRITERS, writes_for
from ghprov.github.write.requests import (
    Learn,
    Learned,
    ResolvedRequest,
    SkipIf,
    Target,
    Unsupported,
    WriteRequest,
    Writes,
)
from ghprov.github.write.resolve import ApiClient, ApiResponse, Resolver, UnresolvedFact

__all__ = [
    "WRITERS",
    "ApiClient",
    "ApiResponse",
    "AppId",
    "BranchSha",
    "CustomRoleId",
    "DefaultBranch",
    "Fact",
    "Learn",
    "Learned",
    "OrganizationRulesetId",
    "RepositoryRulesetId",
    "ResolvedRequest",
    "Resolver",
    "ResourceId",
    "SkipIf",
    "Target",
    "TeamId",
    "TeamSlug",
    "UnresolvedFact",
    "Unsupported",
    "UserId",
    "WriteRequest",
    "Writes",
    "writes_for",
]
