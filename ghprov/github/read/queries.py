"""Every GraphQL document the reader sends (the contract tests validate each one against GitHub's schema).

Nested connections ask for small first pages so that a page of 100 repositories stays far below
GitHub's 500,000-node limit; a connection that overflows is finished with ``follow_up_query`` for
that one node only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

PAGE_INFO = "pageInfo { hasNextPage endCursor }"
ACTOR = (
    "actor { __typename ... on User { login databaseId } ... on Team { name slug databaseId } "
    "... on App { slug databaseId } }"
)

RULE_PARAMETERS = """
parameters {
  __typename
  ... on PullRequestParameters {
    allowedMergeMethods dismissStaleReviewsOnPush requireCodeOwnerReview requireLastPushApproval
    requiredApprovingReviewCount requiredReviewThreadResolution
  }
  ... on RequiredStatusChecksParameters {
    doNotEnforceOnCreate strictRequiredStatusChecksPolicy requiredStatusChecks { context integrationId }
  }
  ... on UpdateParameters { updateAllowsFetchAndMerge }
  ... on RequiredDeploymentsParameters { requiredDeploymentEnvironments }
  ... on MergeQueueParameters {
    checkResponseTimeoutMinutes groupingStrategy maxEntriesToBuild maxEntriesToMerge mergeMethod
    minEntriesToMerge minEntriesToMergeWaitMinutes
  }
  ... on BranchNamePatternParameters { name negate operator pattern }
  ... on TagNamePatternParameters { name negate operator pattern }
  ... on CommitMessagePatternParameters { name negate operator pattern }
  ... on CommitAuthorEmailPatternParameters { name negate operator pattern }
  ... on CommitterEmailPatternParameters { name negate operator pattern }
  ... on WorkflowsParameters { doNotEnforceOnCreate workflows { path ref repositoryId sha } }
  ... on CodeScanningParameters { codeScanningTools { alertsThreshold securityAlertsThreshold tool } }
  ... on FilePathRestrictionParameters { restrictedFilePaths }
  ... on MaxFilePathLengthParameters { maxFilePathLength }
  ... on FileExtensionRestrictionParameters { restrictedFileExtensions }
  ... on MaxFileSizeParameters { maxFileSize }
}"""

RULE = "type " + RULE_PARAMETERS
BYPASS_ACTOR = (
    "actor { __typename ... on App { slug databaseId } ... on Team { name slug databaseId } } "
    "bypassMode deployKey enterpriseOwner organizationAdmin repositoryRoleDatabaseId repositoryRoleName"
)

RULESET = f"""
id databaseId name target enforcement
conditions {{
  refName {{ include exclude }}
  repositoryName {{ include exclude protected }}
  repositoryId {{ repositoryIds }}
  repositoryProperty {{ include {{ name propertyValues source }} exclude {{ name propertyValues source }} }}
}}
rules(first: 20) {{ {PAGE_INFO} nodes {{ {RULE} }} }}
bypassActors(first: 20) {{ {PAGE_INFO} nodes {{ {BYPASS_ACTOR} }} }}
"""

PROTECTION_RULE = f"""
id pattern
requiresApprovingReviews requiredApprovingReviewCount dismissesStaleReviews requiresCodeOwnerReviews
requireLastPushApproval restrictsReviewDismissals requiresStatusChecks requiresStrictStatusChecks
requiredStatusCheckContexts requiredStatusChecks {{ context app {{ slug databaseId }} }}
isAdminEnforced requiresCommitSignatures requiresLinearHistory allowsForcePushes
allowsDeletions blocksCreations requiresConversationResolution lockBranch lockAllowsFetchAndMerge
restrictsPushes requiresDeployments requiredDeploymentEnvironments
reviewDismissalAllowances(first: 10) {{ {PAGE_INFO} nodes {{ {ACTOR} }} }}
bypassPullRequestAllowances(first: 10) {{ {PAGE_INFO} nodes {{ {ACTOR} }} }}
bypassForcePushAllowances(first: 10) {{ {PAGE_INFO} nodes {{ {ACTOR} }} }}
pushAllowances(first: 10) {{ {PAGE_INFO} nodes {{ {ACTOR} }} }}
"""

REPOSITORY = f"""
id databaseId name description homepageUrl visibility isArchived viewerPermission
defaultBranchRef {{ name }}
mergeCommitAllowed squashMergeAllowed rebaseMergeAllowed autoMergeAllowed allowUpdateBranch
deleteBranchOnMerge hasIssuesEnabled hasProjectsEnabled hasWikiEnabled
repositoryTopics(first: 20) {{ {PAGE_INFO} nodes {{ topic {{ name }} }} }}
refs(refPrefix: "refs/heads/", first: 100) {{ {PAGE_INFO} nodes {{ name }} }}
branchProtectionRules(first: 10) {{ {PAGE_INFO} nodes {{ {PROTECTION_RULE} }} }}
rulesets(first: 10, includeParents: false) {{ {PAGE_INFO} nodes {{ {RULESET} }} }}
"""

RATE_LIMIT = "rateLimit { cost remaining resetAt }"

# Organisation members and team members: the same edge shape (role on the edge, the user as node).
MEMBER_EDGES = "edges { role node { login databaseId } }"
TEAM_REPOSITORIES = "edges { permission node { name } }"
TEAM = f"""
id databaseId name slug description privacy
parentTeam {{ name slug }}
members(first: 100, membership: IMMEDIATE) {{ {PAGE_INFO} {MEMBER_EDGES} }}
repositories(first: 100) {{ {PAGE_INFO} {TEAM_REPOSITORIES} }}
"""


@dataclass(frozen=True)
class Part:
    """One top-level connection of the organisation; its cursor variable is named after the part."""

    field: str
    arguments: str
    items: str
    # Selected beside ``organization`` while this part is read (the token's login comes with the members).
    root: str = ""

    @property
    def root_field(self) -> str:
        return self.root.split(" ", 1)[0]


# The organisation's big connections, read side by side: each request carries the next page of every
# part that has one, so the members and teams ride along with the first repository pages instead of
# costing requests of their own (GitHub pages at most 100 items; a part drops out after its last page).
PARTS: dict[str, Part] = {
    "repositories": Part(
        "repositories", "orderBy: {field: NAME, direction: ASC}", f"nodes {{ {REPOSITORY} }}"
    ),
    "members": Part("membersWithRole", "", MEMBER_EDGES, root="viewer { login }"),
    "teams": Part("teams", "", f"nodes {{ {TEAM} }}"),
}


def organization_query(parts: Iterable[str], repository_fields: str = "") -> str:
    """The request for the next page of each of ``parts`` (keys of ``PARTS``), in a fixed order.

    ``repository_fields``: what the kinds riding on the repository pages select on each repository
    node besides ``REPOSITORY`` (``repository_fields.py``).
    """
    wanted = set(parts)
    chosen = [(name, part) for name, part in PARTS.items() if name in wanted]
    variables = "".join(f", ${name}: String" for name, _ in chosen)
    roots = " ".join(part.root for _, part in chosen if part.root)

    def items(name: str, part: Part) -> str:
        if name == "repositories" and repository_fields:
            return f"nodes {{ {REPOSITORY} {repository_fields} }}"
        return part.items

    connections = "\n    ".join(
        f"{part.field}(first: 100, after: ${name}{', ' + part.arguments if part.arguments else ''}) "
        f"{{ totalCount {PAGE_INFO} {items(name, part)} }}"
        for name, part in chosen
    )
    return f"""
query Organization($org: String!{variables}) {{
  {roots}
  organization(login: $org) {{
    {connections}
  }}
  {RATE_LIMIT}
}}
"""


# (node type, connection field) → (arguments besides first/after, selection of one page's items).
FOLLOW_UPS: dict[tuple[str, str], tuple[str, str]] = {
    ("Repository", "repositoryTopics"): ("", "nodes { topic { name } }"),
    ("Repository", "refs"): ('refPrefix: "refs/heads/"', "nodes { name }"),
    ("Repository", "branchProtectionRules"): ("", f"nodes {{ {PROTECTION_RULE} }}"),
    ("Repository", "rulesets"): ("includeParents: false", f"nodes {{ {RULESET} }}"),
    ("BranchProtectionRule", "reviewDismissalAllowances"): ("", f"nodes {{ {ACTOR} }}"),
    ("BranchProtectionRule", "bypassPullRequestAllowances"): ("", f"nodes {{ {ACTOR} }}"),
    ("BranchProtectionRule", "pushAllowances"): ("", f"nodes {{ {ACTOR} }}"),
    ("BranchProtectionRule", "bypassForcePushAllowances"): ("", f"nodes {{ {ACTOR} }}"),
    ("RepositoryRuleset", "rules"): ("", f"nodes {{ {RULE} }}"),
    ("RepositoryRuleset", "bypassActors"): ("", f"nodes {{ {BYPASS_ACTOR} }}"),
    ("Team", "members"): ("membership: IMMEDIATE", MEMBER_EDGES),
    ("Team", "repositories"): ("", TEAM_REPOSITORIES),
}


def follow_up_query(node_type: str, connection: str) -> str:
    """The query that reads the rest of one node's overflowing connection, 100 items a page."""
    arguments, selection = FOLLOW_UPS[(node_type, connection)]
    extra = f", {arguments}" if arguments else ""
    return f"""
query FollowUp($id: ID!, $cursor: String) {{
  node(id: $id) {{
    ... on {node_type} {{
      {connection}(first: 100, after: $cursor{extra}) {{ {PAGE_INFO} {selection} }}
    }}
  }}
  {RATE_LIMIT}
}}
"""


def all_queries() -> dict[str, str]:
    """Every document the reader can send, by a readable name."""
    documents = {}
    for size in range(1, len(PARTS) + 1):
        for parts in combinations(PARTS, size):
            documents["organization " + "+".join(parts)] = organization_query(parts)
    for node_type, connection in FOLLOW_UPS:
        documents[f"follow-up {node_type}.{connection}"] = follow_up_query(node_type, connection)
    return documents
