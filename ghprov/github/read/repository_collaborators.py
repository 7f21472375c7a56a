"""Direct collaborators and pending repository invitations, as the ``collaborators`` of each repository.

Grants come from GraphQL on the core read's shared repository pages (``collaborators``: no request
of their own; the audit's access matrix takes them from the same read). Invitations have no GraphQL
field and no organisation-wide endpoint, so they are listed per repository
(``GET /repos/{owner}/{repo}/invitations``), for the repositories the
plan compares only (never for import and audit: see ``_in_scope``). A pending invitation counts as
granted: its role joins the repository's collaborators and its id is kept under its plan address,
which tells plan and writer it is one.

Fail closed: a repository whose collaborators or invitations GitHub refuses is an ``Unknown``, and
so is a declared login GitHub does not know (the plan is refused naming it, nothing is sent).
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from ghprov.errors import GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.collaborators import COLLABORATORS_SELECTION, direct_collaborators, queries
from ghprov.github.read.kinds import KindRead, RepositoryFieldsReader, shared_page_queries
from ghprov.github.read.org import lookup_id
from ghprov.github.read.repository_fields import RepositoryFields
from ghprov.model import Organization, Unknown, normalise_role
from ghprov.plan.changes import Kind, address

# Per-repository REST requests run side by side, as few at once as the client's pacing favours.
PARALLEL = 4
REFUSED = (403, 404)


def _in_scope(scope: Organization | None, names: list[str]) -> list[str]:
    """Repositories whose invitations the plan needs.

    None for import and audit (no scope): listing invitations costs a request per repository (1,000
    on the benchmark organisation), and what they add is access not granted yet. Import then writes
    accepted collaborators only, which still plans empty: an undeclared invitation is left alone
    unless ``prune.collaborators`` says otherwise, and a plan reads the invitations it compares.
    """
    if scope is None:
        return []
    wanted: set[str] = set()
    for name, repository in scope.repositories.items():
        if scope.prune.collaborators or "collaborators" in repository.model_fields_set:
            wanted.update({name, *repository.previously})
    return [name for name in names if name in wanted]


def _invitations(client: GitHubClient, organization: str, repo: str) -> dict[str, tuple[int, str]] | Unknown:
    """login → (invitation id, role) of one repository's pending invitations, or why they are unseen."""
    try:
        listed = list(client.paginate(f"/repos/{organization}/{repo}/invitations"))
    except GitHubApiError as error:
        if error.status in REFUSED:
            reason = f"its pending invitations need admin access to the repository ({error.github_message})"
            return Unknown(f"repositories/{repo}/collaborators", reason)
        raise
    found: dict[str, tuple[int, str]] = {}
    for invitation in listed:
        invitee = invitation.get("invitee") if isinstance(invitation, dict) else None
        # An invitation sent to an e-mail address has no invitee login: the config cannot name it.
        if isinstance(invitee, dict) and invitee.get("login"):
            role = str(normalise_role(str(invitation.get("permissions") or "write")))
            found[str(invitee["login"])] = (int(invitation["id"]), role)
    return found


def _unknown_logins(client: GitHubClient, scope: Organization | None, read: KindRead) -> list[Unknown]:
    """Declared logins that are not collaborators yet and that GitHub has no user for."""
    if scope is None:
        return []
    new: dict[str, list[str]] = {}
    for name, repository in scope.repositories.items():
        live = read.repositories.get(name, {}).get("collaborators", {})
        for login in repository.collaborators:
            if login not in live:
                new.setdefault(login, []).append(name)
    unknowns = []
    for login in sorted(new):
        if lookup_id(client, f"/users/{login}") is None:
            for repo in sorted(new[login]):
                reason = f"GitHub has no user {login!r}: check the login in the config"
                unknowns.append(Unknown(f"repositories/{repo}/collaborators/{login}", reason))
    return unknowns


class CollaboratorReader(RepositoryFieldsReader):
    queries: Mapping[str, str] = {
        **shared_page_queries("collaborators", COLLABORATORS_SELECTION),
        **queries(),
    }

    def wanted(self, scope: Organization | None) -> bool:
        if scope is None or scope.prune.collaborators:
            return True
        return any(
            "collaborators" in repository.model_fields_set for repository in scope.repositories.values()
        )

    def repository_fields(self, scope: Organization | None) -> str:
        # Every repository's grants (the refused ones are blind spots wherever they are).
        return COLLABORATORS_SELECTION

    def read_repositories(
        self,
        client: GitHubClient,
        organization: str,
        scope: Organization | None,
        repositories: RepositoryFields,
    ) -> KindRead:
        nodes = repositories.wait()
        names = [node.name for node in nodes]
        direct = direct_collaborators(client, nodes)
        found = KindRead(unknowns=direct.unknowns())
        for name in names:
            found.repositories[name] = {"collaborators": dict(direct.of(name))}
        wanted = [name for name in _in_scope(scope, names) if name not in direct.refused]
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            listed = list(pool.map(lambda repo: _invitations(client, organization, repo), wanted))
        for repo, invitations in zip(wanted, listed, strict=True):
            if isinstance(invitations, Unknown):
                found.unknowns.append(invitations)
                continue
            grants = found.repositories[repo]["collaborators"]
            for login, (ident, role) in invitations.items():
                if login not in grants:  # a collaborator already is one, whatever was sent to them
                    grants[login] = role
                    found.ids[address(Kind.REPOSITORY_INVITATION, repo, login)] = ident
        found.unknowns.extend(_unknown_logins(client, scope, found))
        return found


READER = CollaboratorReader()
