"""GraphQL objects only the audit reads: the organisation's SAML identity provider and repository files
(``Repository.object(expression: "HEAD:path")`` as a ``Blob``).

Repository files live in ``GitHubState.audit.files`` (one tree per repository, seen by every branch);
the SAML provider in ``Organization.saml_identity_provider``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ghprov_testbeds.sandbox import access
from ghprov_testbeds.sandbox.graphql_context import Context, NotEmulated, stable_id
from ghprov_testbeds.sandbox.state import Repository, SamlIdentityProvider, node_id

HTML = "https://github.com"


class SamlProviderNode:
    typename = "OrganizationIdentityProvider"

    def __init__(self, ctx: Context, provider: SamlIdentityProvider) -> None:
        org = ctx.state.organization
        self.id = node_id("OrganizationIdentityProvider", org.id)
        self.sso_url = provider.sso_url
        self.issuer = provider.issuer
        self.digest_method = None
        self.signature_method = None
        self.idp_certificate = None
        self._ctx = ctx

    def organization(self) -> Any:
        # graphql_resolvers imports this module: import back lazily.
        from ghprov_testbeds.sandbox.graphql_resolvers import OrganizationNode

        return OrganizationNode(self._ctx)


def saml_identity_provider(ctx: Context) -> SamlProviderNode | None:
    """The provider as GitHub shows it: only on Enterprise Cloud, only to owners and Apps, else null."""
    org = ctx.state.organization
    provider = org.saml_identity_provider
    if provider is None or org.plan != "enterprise" or not access.is_owner(ctx.state, ctx.identity):
        return None
    return SamlProviderNode(ctx, provider)


class BlobNode:
    typename = "Blob"

    def __init__(self, ctx: Context, repo: Repository, revision: str, path: str, text: str) -> None:
        raw = text.encode()
        self.oid = hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()
        self.abbreviated_oid = self.oid[:7]
        self.byte_size = len(raw)
        self.text = text
        self.is_binary = False
        self.is_truncated = False
        self.id = node_id("Blob", stable_id(f"{repo.id}:{self.oid}"))
        base = f"/{ctx.state.organization.login}/{repo.name}/commit/{repo.branches.get(revision, revision)}"
        self.commit_resource_path = base
        self.commit_url = f"{HTML}{base}"
        self._ctx = ctx
        self._repo = repo

    def repository(self) -> Any:
        # graphql_resolvers imports this module: import back lazily.
        from ghprov_testbeds.sandbox.graphql_resolvers import RepositoryNode

        return RepositoryNode(self._ctx, self._repo)


def git_object(ctx: Context, repo: Repository, expression: str | None, oid: str | None) -> BlobNode | None:
    """``Repository.object``: a file at ``<revision>:<path>``; null when the revision or file is missing."""
    if oid is not None or expression is None or ":" not in expression:
        raise NotEmulated('Repository.object other than object(expression: "<revision>:<path>")')
    revision, _, path = expression.partition(":")
    branch = repo.default_branch if revision == "HEAD" else revision.removeprefix("refs/heads/")
    if branch not in repo.branches:
        # An empty repository has no HEAD; an unknown revision resolves to nothing.
        return None
    files = ctx.state.audit.files.get(repo.name.lower(), {})
    text = files.get(path)
    if text is None:
        if not path or any(name.startswith(path.rstrip("/") + "/") for name in files):
            raise NotEmulated("Repository.object naming a directory (Tree)")
        return None
    return BlobNode(ctx, repo, branch, path, text)
