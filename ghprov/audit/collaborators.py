"""Direct collaborators as the audit uses them: all of them, or Skipped (never a partial list).

The bulk read is ``ghprov.github.read.collaborators``. A repository whose collaborators GitHub
refuses (push access is needed, as in REST) makes the whole read Skipped: a partial list would make
the access matrix look smaller than it is.
"""

from __future__ import annotations

from ghprov.audit.inputs import Skipped
from ghprov.github.client import GitHubClient
from ghprov.github.read import collaborators


def read_direct_collaborators(client: GitHubClient, org: str) -> dict[str, dict[str, str]] | Skipped:
    """repository → login → role granted on the repository itself (repositories without any are left out)."""
    read = collaborators.read_direct_collaborators(client, org)
    if read.refused:
        message = next(iter(read.refused.values()))
        return Skipped(f"Missing permission: repository collaborators (push access); GitHub said {message}")
    return {repo: dict(grants) for repo, grants in read.grants.items()}
