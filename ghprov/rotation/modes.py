"""The GitHub side of a run whose credential ghprov manages itself (``deploy_key``, ``github_app``).

Each mode answers the same questions for the orchestration: which credential goes to the clusters
(chosen before any write), what happens on GitHub just before the first write, what happens after
the clusters (only when every one confirmed), and what the report says. ``--migrate-to`` adds which
PAT the clusters held and whether it can now be revoked.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import SecretStr

from ghprov.errors import GhprovError
from ghprov.github.client import GitHubClient
from ghprov.k8s.connect import ClusterAccess
from ghprov.k8s.errors import KubernetesError
from ghprov.k8s.secrets import SecretObject, read_secret
from ghprov.rotation.app_mode import prepare_app_side
from ghprov.rotation.cluster import Connector
from ghprov.rotation.config import TokenConfig
from ghprov.rotation.credentials import Credential, live_fingerprint
from ghprov.rotation.deploy_key_mode import DeployKeyChoice, choose_key, read_github, repository_of
from ghprov.rotation.migration import Migration
from ghprov.rotation.results import ClusterResult
from ghprov.rotation.ssh_host import SshHost

# read_only → a client with ghprov's own credential (deploy keys), or none (Apps bring their key).
AdminFactory = Callable[[bool], GitHubClient]


class RunRequest(Protocol):
    """What the mode needs from ``ghprov rotate``'s request."""

    @property
    def force(self) -> bool: ...

    @property
    def migrate_to(self) -> str | None: ...

    @property
    def app_key(self) -> SecretStr | None: ...


class Side(Protocol):
    """One mode's GitHub side of a run."""

    @property
    def credential(self) -> Credential: ...

    @property
    def fingerprint(self) -> str: ...

    def before_writes(self, admin: GitHubClient, now: datetime.datetime) -> None: ...

    def after(self, admin: GitHubClient, all_done: bool, rows: list[ClusterResult]) -> None: ...

    def summary(self, rows: list[ClusterResult]) -> dict[str, Any]: ...


def read_secrets(
    tenant: TokenConfig, accesses: Mapping[str, ClusterAccess], connector: Connector
) -> dict[str, SecretObject | None]:
    """Each readable cluster's Secret (None when absent); unreadable clusters are left out.

    An unreachable cluster must not decide which key the run uses (it fails in the look and is not
    written); the readable ones do.
    """
    found: dict[str, SecretObject | None] = {}
    for cluster in tenant.clusters:
        try:
            found[cluster] = read_secret(
                connector(accesses[cluster]), cluster, tenant.secret.namespace, tenant.secret.name
            )
        except KubernetesError:
            continue
    return found


@dataclass
class DeployKeySide:
    choice: DeployKeyChoice
    migration: Migration | None = None

    @property
    def credential(self) -> Credential:
        return self.choice.credential

    @property
    def fingerprint(self) -> str:
        return self.choice.fingerprint

    def before_writes(self, admin: GitHubClient, now: datetime.datetime) -> None:
        self.choice.register(admin, now)

    def after(self, admin: GitHubClient, all_done: bool, rows: list[ClusterResult]) -> None:
        if all_done:
            self.choice.retire(admin)
        else:
            # The old key keeps the unconfirmed clusters working; the next run deletes it.
            self.choice.kept = [
                label for label in sorted(self.choice.held_before) if label != self.fingerprint
            ]

    def summary(self, rows: list[ClusterResult]) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.choice.summary())
        notes = []
        if self.choice.deleted:
            notes.append(f"deleted the replaced deploy key(s) {', '.join(self.choice.deleted)}")
        if self.choice.kept:
            notes.append(f"old deploy key(s) {', '.join(self.choice.kept)} kept until every cluster confirms")
        if self.migration is not None:
            verdict = self.migration.judge(rows, all(row.status.done for row in rows))
            notes += verdict.pop("notes")
            data["migration"] = verdict
        data["notes"] = notes
        return data


def prepare_side(
    name: str,
    tenant: TokenConfig,
    organization: str,
    accesses: Mapping[str, ClusterAccess],
    connector: Connector,
    admin: GitHubClient,
    request: RunRequest,
    now: datetime.datetime,
    ssh_host: Callable[[], SshHost],
) -> Side:
    """Read GitHub and the clusters (no writes) and choose this run's credential. ``ssh_host`` is
    asked only for a deploy key (an unknown host refuses only deploy-key runs)."""
    secrets = read_secrets(tenant, accesses, connector)
    migration = None
    if request.migrate_to is not None:
        pats = sorted({label for s in secrets.values() if (label := live_fingerprint(s, "pat"))})
        migration = Migration(pats)
    if tenant.auth == "deploy_key":
        if len(tenant.repositories) != 1:
            raise GhprovError(
                f"{name}: a deploy key reaches one repository; {len(tenant.repositories)} are declared",
                hint="give each repository its own Secret and tenant entry",
            )
        host = ssh_host()  # before GitHub is asked: an unknown host refuses the run first
        owner, repo, _ = repository_of(tenant, organization)
        host_keys, keys = read_github(admin, owner, repo)
        choice = choose_key(
            name, tenant, organization, secrets, host_keys, keys, now, ssh_host=host, force=request.force
        )
        return DeployKeySide(choice, migration)
    return prepare_app_side(name, tenant, organization, secrets, admin, request.app_key, migration)
