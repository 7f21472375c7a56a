"""Where each repository keeps its CODEOWNERS file, read in bulk through GraphQL.

One request reads 100 repositories (three aliased ``object(expression: "HEAD:…")`` lookups each,
in GitHub's search order), where REST would need three requests per repository. The file on the
default branch (HEAD) is the one read.
"""

from __future__ import annotations

from typing import Any

from ghprov.github.client import GitHubClient
from ghprov.github.read import connections
from ghprov.github.read.queries import PAGE_INFO, RATE_LIMIT
from ghprov.model.codeowners import CODEOWNERS_MAX_BYTES, CODEOWNERS_PATHS

# The alias each lookup carries in the query, in GitHub's search order.
_ALIASES: tuple[tuple[str, str], ...] = tuple(
    zip(("dotGithub", "root", "docs"), CODEOWNERS_PATHS, strict=True)
)
_LOOKUPS = " ".join(
    f'{alias}: object(expression: "HEAD:{path}") {{ __typename ... on Blob {{ byteSize }} }}'
    for alias, path in _ALIASES
)
CODEOWNERS = f"""
query AuditCodeowners($org: String!, $cursor: String) {{
  organization(login: $org) {{
    repositories(first: 100, after: $cursor, orderBy: {{field: NAME, direction: ASC}}) {{
      {PAGE_INFO}
      nodes {{ name {_LOOKUPS} }}
    }}
  }}
  {RATE_LIMIT}
}}
"""
REPOSITORIES_PATH = ("organization", "repositories")


def queries() -> dict[str, str]:
    """Every GraphQL document this module sends, by name (tests validate them against GitHub's schema)."""
    return {"codeowners": CODEOWNERS}


def _found(repository: dict[str, Any]) -> str | None:
    for alias, path in _ALIASES:
        blob = repository.get(alias)
        if isinstance(blob, dict) and blob.get("__typename") == "Blob":
            # GitHub uses the first file it finds and does not load one of 3 MB or more.
            return path if int(blob.get("byteSize") or 0) < CODEOWNERS_MAX_BYTES else None
    return None


def read_codeowners(client: GitHubClient, org: str) -> dict[str, str | None]:
    """repository name → path of the CODEOWNERS file GitHub uses (None: no usable file)."""
    found: dict[str, str | None] = {}
    for result in connections.pages(client, CODEOWNERS, {"org": org}, REPOSITORIES_PATH):
        connections.fail_on(result.problems, what=f"the CODEOWNERS files of {org}")
        for repository in connections.items(connections.dig(result.data, REPOSITORIES_PATH)):
            found[str(repository["name"])] = _found(repository)
    return found
