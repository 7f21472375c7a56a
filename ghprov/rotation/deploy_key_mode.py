"""``auth: deploy_key``: which key a run puts on the clusters, and the GitHub side around it.

A run chooses its key from what the clusters and GitHub hold, so it is resumable and idempotent:

* every cluster holds one key, GitHub has it with the declared access and it is younger than
  ``deploy_key.rotate_after`` → keep it (a rerun writes nothing);
* the canary holds a key GitHub has, and another cluster holds something else → a previous run
  stopped part-way: finish it with that key (its private half is read from the canary's Secret);
* otherwise a new ed25519 key is generated in memory and registered (titled
  ``ghprov-rotate <tenant> <time>``) after the read-only look and before the canary's write.

Only when every cluster confirmed does the run delete the keys it replaced: those the clusters held
before (by fingerprint) and this tenant's titled keys no cluster holds (left by interrupted runs).
A failed run therefore leaves the old key working.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import SecretStr

from ghprov.errors import GhprovError, GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.flux_deploy_keys import (
    RegisteredKey,
    delete_key,
    register_key,
    repository_keys,
    ssh_host_keys,
)
from ghprov.k8s.secrets import SecretObject
from ghprov.model.deploy_keys import ROTATION_TITLE_PREFIX, key_fingerprint
from ghprov.rotation.config import ACCESS_RANK, TokenConfig
from ghprov.rotation.credentials import DeployKeyCredential, live_fingerprint
from ghprov.rotation.errors import TokenVerificationFailed
from ghprov.rotation.secret_shape import stamp
from ghprov.rotation.ssh_host import SshHost
from ghprov.rotation.ssh_keys import SshKeyPair, generate_key_pair, known_hosts, public_key_of

FINDING = "DEPLOY-KEY-VERIFY-FAILED"


def title_prefix(tenant: str) -> str:
    """The start of every deploy-key title this tenant's rotations register."""
    return f"{ROTATION_TITLE_PREFIX}{tenant} "


def repository_of(tenant: TokenConfig, organization: str) -> tuple[str, str, bool]:
    """(owner, name, read_only) of the tenant's one repository (write only where declared)."""
    (repository, access), *_ = tenant.repositories.items()
    owner, _, name = repository.rpartition("/")
    return owner or organization, name, ACCESS_RANK[access] < ACCESS_RANK["write"]


@dataclass
class DeployKeyChoice:
    """The key this run rotates to, and what it does on GitHub before and after the clusters."""

    tenant: str
    owner: str
    repo: str
    read_only: bool
    credential: DeployKeyCredential
    reason: str
    registered: RegisteredKey | None  # None: register it before the canary is written
    github_keys: list[RegisteredKey]
    held_before: set[str]  # fingerprints the clusters held when the run started
    created: RegisteredKey | None = None
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        return self.credential.fingerprint

    def register(self, client: GitHubClient, now: datetime.datetime) -> None:
        """Put the new public key on the repository (no-op when GitHub already has it)."""
        if self.registered is not None:
            return
        title = f"{title_prefix(self.tenant)}{stamp(now)}"
        try:
            self.created = register_key(
                client,
                self.owner,
                self.repo,
                title,
                self.credential.pair.public_key,
                read_only=self.read_only,
            )
        except GitHubApiError as error:
            raise GhprovError(
                f"GitHub refused the new deploy key {self.fingerprint} on {self.owner}/{self.repo}: "
                f"{error.status} {error.github_message}; nothing was written to any cluster",
                hint="ghprov's GitHub credential needs admin on the repository",
            ) from None
        self.registered = self.created

    def stale(self) -> list[RegisteredKey]:
        """Keys to delete once every cluster confirmed the new one."""
        ours = title_prefix(self.tenant)
        return [
            key
            for key in self.github_keys
            if key_fingerprint(key.key) != self.fingerprint
            and (key_fingerprint(key.key) in self.held_before or key.title.startswith(ours))
        ]

    def retire(self, client: GitHubClient) -> None:
        """Delete the replaced keys (call only when every cluster confirmed)."""
        for key in self.stale():
            delete_key(client, self.owner, self.repo, key.id)
            self.deleted.append(key_fingerprint(key.key))

    def summary(self) -> dict[str, object]:
        """The report's view of the GitHub side (public fingerprints and titles only)."""
        created = self.created
        return {
            "auth": "deploy_key",
            "repository": f"{self.owner}/{self.repo}",
            "read_only": self.read_only,
            "key": self.fingerprint,
            "reason": self.reason,
            "registered": None if created is None else {"id": created.id, "title": created.title},
            "deleted_keys": self.deleted,
            "old_keys_kept": self.kept,
        }


def read_github(client: GitHubClient, owner: str, repo: str) -> tuple[list[str], list[RegisteredKey]]:
    """GitHub's host keys and the repository's deploy keys; a failure refuses the run (exit 3)."""
    problems = []
    host_keys: list[str] = []
    keys: list[RegisteredKey] = []
    try:
        host_keys = ssh_host_keys(client)
    except GhprovError as error:
        problems.append(f"cannot read GitHub's SSH host keys (GET /meta): {error.message}")
    try:
        keys = repository_keys(client, owner, repo)
    except GitHubApiError as error:
        problems.append(
            f"cannot list the deploy keys of {owner}/{repo} ({error.status}); "
            "ghprov's GitHub credential needs admin on the repository"
        )
    if problems:
        raise TokenVerificationFailed("deploy key", problems, finding=FINDING)
    return host_keys, keys


def choose_key(
    name: str,
    tenant: TokenConfig,
    organization: str,
    secrets: Mapping[str, SecretObject | None],  # readable clusters only
    host_keys: list[str],
    github_keys: list[RegisteredKey],
    now: datetime.datetime,
    *,
    ssh_host: SshHost,
    force: bool = False,
) -> DeployKeyChoice:
    """Keep, resume or replace the tenant's deploy key (see the module docstring); ``known_hosts``
    names ``ssh_host`` with the host keys GitHub publishes."""
    owner, repo, read_only = repository_of(tenant, organization)
    lines = known_hosts(host_keys, ssh_host)
    on_github = {key_fingerprint(key.key): key for key in github_keys}
    held = {cluster: live_fingerprint(secret, "deploy_key") for cluster, secret in secrets.items()}
    held_before = {label for label in held.values() if label}

    def reuse(cluster: str, reason: str) -> DeployKeyChoice | None:
        secret = secrets.get(cluster)
        label = held.get(cluster)
        registered = on_github.get(label or "")
        if secret is None or registered is None or registered.read_only != read_only:
            return None
        private = secret.data["identity"].decode(errors="replace")
        public = public_key_of(private)
        if public is None:
            return None
        pair = SshKeyPair(public_key=public, private_key=SecretStr(private))
        credential = DeployKeyCredential(pair, lines, ssh_host)
        return DeployKeyChoice(
            name, owner, repo, read_only, credential, reason, registered, github_keys, held_before
        )

    canary = tenant.canary_cluster
    labels = set(held.values())
    if len(labels) == 1 and None not in labels and not force:
        registered = on_github.get(next(iter(labels)) or "")
        age = _age(registered, now)
        if age is not None and age < tenant.deploy_key.rotate_after:
            chosen = reuse(
                canary,
                f"the key is {age / 86400:.1f} days old (rotates after "
                f"{tenant.deploy_key.rotate_after / 86400:g} days)",
            )
            if chosen is not None:
                return chosen
    elif held.get(canary) is not None and len(labels) > 1 and not force:
        chosen = reuse(canary, "finishing a previous run: the canary holds a newer registered key")
        if chosen is not None:
            return chosen
    credential = DeployKeyCredential(generate_key_pair(), lines, ssh_host)
    why = "forced" if force else _why_new(held, on_github, read_only)
    return DeployKeyChoice(name, owner, repo, read_only, credential, why, None, github_keys, held_before)


def _age(key: RegisteredKey | None, now: datetime.datetime) -> float | None:
    if key is None or key.created_at is None:
        return None
    return (now - key.created_at).total_seconds()


def _why_new(held: Mapping[str, str | None], on_github: Mapping[str, RegisteredKey], read_only: bool) -> str:
    labels = set(held.values())
    if not labels:
        return "no cluster could be read (the look reports why; nothing is registered or written)"
    if None in labels:
        missing = sorted(cluster for cluster, label in held.items() if label is None)
        return f"no deploy key on {', '.join(missing)}"
    if len(labels) > 1:
        return "the clusters hold different keys and the canary's is not on GitHub"
    registered = on_github.get(next(iter(labels)) or "")
    if registered is None:
        return "the clusters' key is not registered on GitHub"
    if registered.read_only != read_only:
        return "the key's access differs from the declared access"
    return "the key is due for rotation"
