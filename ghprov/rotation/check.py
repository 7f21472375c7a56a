"""``tokens check``: per tenant, do all clusters hold the same token, and how long until it expires (R14)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import SecretStr

from ghprov.errors import GhprovError, GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.read.tokens import organization_tokens, token_identity
from ghprov.k8s.connect import ClusterAccess
from ghprov.k8s.errors import KubernetesError
from ghprov.k8s.secrets import SecretObject, read_secret
from ghprov.rotation.cluster import Connector
from ghprov.rotation.config import ExpiryPolicy, RotationConfig, TokenConfig
from ghprov.rotation.expiry import Level, classify_expiry, days_left
from ghprov.rotation.secret_shape import live_fingerprint
from ghprov.rotation.verify import ClientFactory


@dataclass
class TenantCheck:
    """The verdict for one tenant's token."""

    tenant: str
    level: Level = Level.OK
    clusters: dict[str, str | None] = field(default_factory=dict)  # cluster → fingerprint
    login: str | None = None
    expires_at: datetime.datetime | None = None
    days_left: float | None = None
    messages: list[str] = field(default_factory=list)

    def note(self, level: Level, message: str) -> None:
        self.level = max(self.level, level)
        self.messages.append(message)

    @property
    def consistent(self) -> bool:
        return len(set(self.clusters.values())) == 1 and None not in self.clusters.values()

    def agreement(self) -> str:
        """Whether the clusters agree, in words; a cluster that could not be read is not a different token."""
        count = len(self.clusters)
        unread = sum(1 for fingerprint in self.clusters.values() if fingerprint is None)
        if count and unread == count:
            return f"no credential read on any of {count} clusters"
        read = {fingerprint for fingerprint in self.clusters.values() if fingerprint is not None}
        same = "same credential" if len(read) <= 1 else "DIFFERENT credentials"
        if unread:
            return f"{same} on {count - unread} of {count} clusters ({unread} not read)"
        return f"{same} on {count} clusters"

    def as_dict(self) -> dict[str, Any]:
        return {
            "tenant": self.tenant,
            "level": self.level.name.lower(),
            "consistent": self.consistent,
            "clusters": self.clusters,
            "login": self.login,
            "expires_at": self.expires_at.isoformat() if self.expires_at else None,
            "days_left": None if self.days_left is None else round(self.days_left, 2),
            "messages": self.messages,
        }


CREDENTIAL_WORDS = {"pat": "token", "deploy_key": "deploy key", "github_app": "GitHub App key"}


def read_credentials(
    check: TenantCheck, tenant: TokenConfig, clusters: Mapping[str, ClusterAccess], connector: Connector
) -> dict[str, SecretObject]:
    """Each cluster's Secret holding the tenant's credential; fingerprints and problems go on ``check``.

    An unreadable cluster is unknown, a Secret without the credential critical, and clusters holding
    different credentials a warning (the state during a rotation).
    """
    found: dict[str, SecretObject] = {}
    for cluster in tenant.clusters:
        try:
            secret = read_secret(
                connector(clusters[cluster]), cluster, tenant.secret.namespace, tenant.secret.name
            )
        except KubernetesError as error:
            check.clusters[cluster] = None
            check.note(Level.UNKNOWN, error.message)
            continue
        label = live_fingerprint(secret, tenant.auth)
        check.clusters[cluster] = label
        if secret is None or label is None:
            what = "missing" if tenant.auth == "pat" else f"holds no {CREDENTIAL_WORDS[tenant.auth]}"
            check.note(
                Level.CRITICAL, f"{cluster}: Secret {tenant.secret.namespace}/{tenant.secret.name} {what}"
            )
            continue
        found[cluster] = secret
    if len({check.clusters[cluster] for cluster in found}) > 1:
        spread = ", ".join(f"{c}={f}" for c, f in sorted(check.clusters.items()))
        noun = "tokens" if tenant.auth == "pat" else "credentials"
        check.note(Level.WARNING, f"clusters hold different {noun} ({spread}); finish the rotation")
    return found


def check_tenant(
    name: str,
    tenant: TokenConfig,
    clusters: Mapping[str, ClusterAccess],
    connector: Connector,
    build_client: ClientFactory,
    now: datetime.datetime,
) -> TenantCheck:
    """Read the tenant's Secret on each cluster and ask GitHub about each distinct token found."""
    check = TenantCheck(name)
    tokens: dict[str, SecretStr] = {}
    for cluster, secret in read_credentials(check, tenant, clusters, connector).items():
        label = check.clusters[cluster]
        assert label is not None  # read_credentials keeps only Secrets holding a token
        tokens.setdefault(label, SecretStr(secret.data["password"].decode(errors="replace")))
    for label, token in sorted(tokens.items()):
        _ask_github(check, tenant, label, token, build_client, now)
    return check


def _ask_github(
    check: TenantCheck,
    tenant: TokenConfig,
    label: str,
    token: SecretStr,
    build_client: ClientFactory,
    now: datetime.datetime,
) -> None:
    try:
        with build_client(token) as client:
            identity = token_identity(client)
    except GitHubApiError as error:
        level = Level.CRITICAL if error.status == 401 else Level.UNKNOWN
        check.note(level, f"token {label}: GitHub answered {error.status} ({error.github_message})")
        return
    except GhprovError as error:
        check.note(Level.UNKNOWN, f"token {label}: cannot ask GitHub: {error.message}")
        return
    login, expires_at = identity.login, identity.expires_at
    if login.lower() != (tenant.bot or "").lower():
        check.note(Level.CRITICAL, f"token {label} authenticates as {login!r}, not {tenant.bot!r}")
    left = days_left(expires_at, now)
    if check.days_left is None or (left is not None and left < check.days_left):
        check.login, check.expires_at, check.days_left = login, expires_at, left
    level = classify_expiry(left, tenant.expiry)
    if level is not Level.OK:
        check.note(level, f"token {label} expires in {left:.1f} days")


def list_org_tokens(
    client: GitHubClient, config: RotationConfig, now: datetime.datetime
) -> list[dict[str, Any]]:
    """The organisation's fine-grained PATs (GitHub App auth only), with expiry and a level per bot."""
    bots = {token.bot.lower(): token.expiry for token in config.tokens.values() if token.bot}
    rows = []
    for grant in organization_tokens(client, config.organization):
        left = days_left(grant.expires_at, now)
        policy = bots.get(grant.owner.lower(), ExpiryPolicy())
        rows.append(
            {
                "owner": grant.owner,
                "token_id": grant.token_id,
                "token_name": grant.token_name,
                "expires_at": grant.expires_at.isoformat() if grant.expires_at else None,
                "days_left": None if left is None else round(left, 2),
                "level": classify_expiry(left, policy).name.lower(),
            }
        )
    return rows
