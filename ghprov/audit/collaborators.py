"""Direct collaborators as the audit uses them: all of them, or Skipped (never a partial list).

They come with the live read: the audit reads every access kind whole, and the collaborators kind
reads every repository's direct grants on the shared repository pages (without pending invitations,
which grant nothing yet), so they cost no request of their own. A repository whose collaborators
GitHub refuses (push access is needed, as in REST) makes the whole set Skipped: a partial list would
make the access matrix look smaller than it is.
"""

from __future__ import annotations

from ghprov.audit.inputs import Skipped
from ghprov.model import LiveOrganization
from ghprov.model.collaborators import refused_collaborators


def direct_collaborators(live: LiveOrganization) -> dict[str, dict[str, str]] | Skipped:
    """repository → login → role granted on the repository itself (repositories without any are left
    out), from a live read made with every kind (``read_organization(..., every_kind=True)``)."""
    refused = refused_collaborators(live.unknowns)
    if refused:
        message = refused[min(refused)]
        return Skipped(f"Missing permission: repository collaborators (push access); GitHub said {message}")
    return {
        name: dict(repository.collaborators)
        for name, repository in live.state.repositories.items()
        if repository.collaborators
    }
