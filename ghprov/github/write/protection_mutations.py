"""The GraphQL documents that write classic protection rules, and the query that finds a rule's id.

Each selects only the rule's id: the writer learns it from a creation, and nothing else in the
answer is needed (the next plan reads the rule back in bulk). The contract tests validate every
document here, and every set of variables the writer builds, against GitHub's schema.
"""

from __future__ import annotations

from ghprov.github.write.requests import Mutation

CREATE_RULE = Mutation(
    "createBranchProtectionRule",
    """
mutation CreateBranchProtectionRule($input: CreateBranchProtectionRuleInput!) {
  createBranchProtectionRule(input: $input) { branchProtectionRule { id pattern } }
}
""",
)

UPDATE_RULE = Mutation(
    "updateBranchProtectionRule",
    """
mutation UpdateBranchProtectionRule($input: UpdateBranchProtectionRuleInput!) {
  updateBranchProtectionRule(input: $input) { branchProtectionRule { id pattern } }
}
""",
)

DELETE_RULE = Mutation(
    "deleteBranchProtectionRule",
    """
mutation DeleteBranchProtectionRule($input: DeleteBranchProtectionRuleInput!) {
  deleteBranchProtectionRule(input: $input) { clientMutationId }
}
""",
)

# A repository's rule ids by pattern, 100 a page (the resolver's fallback when the read had none).
RULE_IDS = """
query ProtectionRuleIds($owner: String!, $name: String!, $cursor: String) {
  repository(owner: $owner, name: $name) {
    branchProtectionRules(first: 100, after: $cursor) {
      pageInfo { hasNextPage endCursor }
      nodes { id pattern }
    }
  }
}
"""


def all_documents() -> dict[str, str]:
    """Every GraphQL document the protection writer and the resolver send, by name."""
    documents = {mutation.field: mutation.document for mutation in (CREATE_RULE, UPDATE_RULE, DELETE_RULE)}
    documents["protection rule ids"] = RULE_IDS
    return documents
