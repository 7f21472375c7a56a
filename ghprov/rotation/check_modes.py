"""``tokens check`` for deploy keys and GitHub Apps: what each cluster holds, and whether GitHub accepts it.

* ``deploy_key``: every cluster's key must be registered on the repository (else Flux cannot pull:
  critical), with write access only where write is declared (more is critical, less a warning for
  image automation), and younger than ``deploy_key.rotate_after`` (older: warning, rotation due).
  Each Secret's ``known_hosts`` must name the SSH host the rotation writes (``rotation/ssh_host.py``)
  with a key GitHub publishes now (else Flux cannot verify the server: critical); a published key
  missing is a warning (GitHub added or rotated one; the next rotation refreshes the file).
* ``github_app``: every distinct App key the clusters hold must mint a token for the installation
  (401: critical), and the installation must reach exactly the declared repositories with the
  declared ``contents`` access (anything else: critical).

Clusters holding different credentials is a warning, as for PATs: the state during a rotation.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping

from pydantic import SecretStr

from ghprov.errors import GhprovError, GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.flux_app import installation_reach
from ghprov.github.flux_deploy_keys import repository_keys, ssh_host_keys
from ghprov.k8s.connect import ClusterAccess
from ghprov.model.deploy_keys import key_fingerprint
from ghprov.rotation.app_mode import reach_problems
from ghprov.rotation.check import TenantCheck, read_credentials
from ghprov.rotation.cluster import Connector
from ghprov.rotation.config import TokenConfig
from ghprov.rotation.deploy_key_mode import repository_of
from ghprov.rotation.expiry import Level
from ghprov.rotation.ssh_host import SshHost
from ghprov.rotation.ssh_keys import keys_for, named_hosts

ClientMaker = Callable[[bool], GitHubClient]


def check_deploy_key(
    name: str,
    tenant: TokenConfig,
    organization: str,
    clusters: Mapping[str, ClusterAccess],
    connector: Connector,
    admin: ClientMaker,
    now: datetime.datetime,
    ssh_host: SshHost,
) -> TenantCheck:
    """Deploy key: present on GitHub with the fingerprint each cluster holds, access and age as declared,
    and ``known_hosts`` naming ``ssh_host`` with GitHub's current host keys."""
    check = TenantCheck(name)
    secrets = read_credentials(check, tenant, clusters, connector)
    held = {check.clusters[c] for c in secrets}
    owner, repo, read_only = repository_of(tenant, organization)
    try:
        with admin(True) as client:
            registered = {key_fingerprint(key.key): key for key in repository_keys(client, owner, repo)}
            published = set(ssh_host_keys(client))
    except GhprovError as error:
        check.note(Level.UNKNOWN, f"cannot list the deploy keys of {owner}/{repo}: {error.message}")
        return check
    for cluster, secret in sorted(secrets.items()):
        text = secret.data.get("known_hosts", b"").decode(errors="replace")
        _judge_known_hosts(check, f"{cluster}: Secret {tenant.secret.name}", text, ssh_host, published)
    for label in sorted(label for label in held if label):
        key = registered.get(label)
        if key is None:
            check.note(Level.CRITICAL, f"deploy key {label} is not on {owner}/{repo}: Flux cannot pull")
            continue
        if read_only and not key.read_only:
            check.note(Level.CRITICAL, f"deploy key {label} can write to {repo}; only read is declared")
        elif key.read_only and not read_only:
            check.note(
                Level.WARNING, f"deploy key {label} is read-only; write is declared (image automation)"
            )
        if key.created_at is not None:
            age = (now - key.created_at).total_seconds()
            days = age / 86400
            check.days_left = min(
                (tenant.deploy_key.rotate_after - age) / 86400,
                check.days_left if check.days_left is not None else float("inf"),
            )
            if age > tenant.deploy_key.rotate_after:
                check.note(Level.WARNING, f"deploy key {label} is {days:.0f} days old: rotation is due")
    return check


def _judge_known_hosts(check: TenantCheck, where: str, text: str, host: SshHost, published: set[str]) -> None:
    accepted = keys_for(text, host)
    name = host.known_hosts_name
    if not accepted:
        others = ", ".join(named_hosts(text)) or "nothing"
        check.note(
            Level.CRITICAL,
            f"{where}: known_hosts has no key for {name} (it names {others}): Flux cannot verify "
            f"GitHub's SSH server; `ghprov rotate {check.tenant}` rewrites it",
        )
    elif not accepted & published:
        check.note(
            Level.CRITICAL,
            f"{where}: known_hosts holds none of GitHub's current host keys for {name}; "
            f"`ghprov rotate {check.tenant}` rewrites it",
        )
    elif published - accepted:
        check.note(
            Level.WARNING,
            f"{where}: known_hosts lacks {len(published - accepted)} of GitHub's current host keys for "
            f"{name}; the next rotation refreshes it",
        )


def check_app(
    name: str,
    tenant: TokenConfig,
    organization: str,
    clusters: Mapping[str, ClusterAccess],
    connector: Connector,
    bare: ClientMaker,
) -> TenantCheck:
    """GitHub App: each key the clusters hold is valid, and the installation reaches what is declared."""
    check = TenantCheck(name)
    app = tenant.github_app
    assert app is not None  # required by the rotation file for auth: github_app
    keys: dict[str, SecretStr] = {}
    for cluster, secret in read_credentials(check, tenant, clusters, connector).items():
        label = check.clusters[cluster]
        if label is not None:
            value = secret.data["githubAppPrivateKey"].decode(errors="replace")
            keys.setdefault(label, SecretStr(value))
    for label, key in sorted(keys.items()):
        try:
            with bare(True) as client:
                reach = installation_reach(client, app.app_id, key, app.installation_id)
        except GitHubApiError as error:
            level = Level.CRITICAL if error.status in (401, 404) else Level.UNKNOWN
            check.note(level, f"{label}: GitHub answered {error.status} ({error.github_message})")
            continue
        except GhprovError as error:
            check.note(Level.CRITICAL, f"{label}: {error.message}")
            continue
        for problem in reach_problems(reach, tenant, organization):
            check.note(Level.CRITICAL, f"{label}: {problem}")
    return check
