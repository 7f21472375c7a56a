"""``auth: github_app``: the App Secret Flux (≥ 2.5) reads, checked at GitHub before any write.

The key comes from ``--app-key-from`` (an App key rotation) or, without one, is the key the canary
holds (a rerun, or a cluster to bring in line). Before anything is written the key is used once:
it must mint a token for the declared installation, and that installation must reach exactly the
tenant's repositories with ``contents`` at the declared access (read, or write where declared).

GitHub has no API to delete an App private key, so the run never deletes one: after every cluster
confirmed a new key, the report names the old key's fingerprint for a person to delete in the App's
settings (keys are listed there by the same ``SHA256:`` fingerprint).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from ghprov.errors import GhprovError, GitHubApiError
from ghprov.github.client import GitHubClient
from ghprov.github.flux_app import InstallationReach, installation_reach
from ghprov.k8s.secrets import SecretObject
from ghprov.rotation.config import ACCESS_RANK, TokenConfig
from ghprov.rotation.credentials import AppCredential, Credential, app_key_fingerprint, live_fingerprint
from ghprov.rotation.errors import TokenVerificationFailed
from ghprov.rotation.migration import Migration
from ghprov.rotation.results import ClusterResult

FINDING = "APP-VERIFY-FAILED"


def declared_contents(tenant: TokenConfig) -> str:
    """The ``contents`` permission the tenant declares: write when any repository is declared write."""
    strongest = max(ACCESS_RANK[access] for access in tenant.repositories.values())
    return "write" if strongest >= ACCESS_RANK["write"] else "read"


def declared_repositories(tenant: TokenConfig, organization: str) -> set[str]:
    """``owner/name`` (lower case) of every repository the tenant declares."""
    found = set()
    for repository in tenant.repositories:
        owner, _, name = repository.rpartition("/")
        found.add(f"{owner or organization}/{name}".lower())
    return found


def reach_problems(reach: InstallationReach, tenant: TokenConfig, organization: str) -> list[str]:
    """How the installation's reach differs from the declaration (empty: exactly as declared)."""
    problems = []
    declared = declared_repositories(tenant, organization)
    reached = {name.lower() for name in reach.repositories}
    extra, missing = sorted(reached - declared), sorted(declared - reached)
    if extra:
        problems.append(f"the installation reaches undeclared repositories: {', '.join(extra)}")
    if missing:
        problems.append(f"the installation does not reach declared repositories: {', '.join(missing)}")
    wanted, granted = declared_contents(tenant), reach.permissions.get("contents", "none")
    if granted != wanted:
        problems.append(f"the installation has contents: {granted}; contents: {wanted} is declared")
    return problems


def check_app_key(
    client: GitHubClient, tenant: TokenConfig, organization: str, key: SecretStr
) -> InstallationReach:
    """Use the key once at GitHub; raise ``TokenVerificationFailed`` (exit 3) listing every problem."""
    app = tenant.github_app
    assert app is not None  # the rotation file requires it for auth: github_app
    label = f"App key {app_key_fingerprint(key) or '(unreadable)'}"
    try:
        reach = installation_reach(client, app.app_id, key, app.installation_id)
    except GitHubApiError as error:
        reason = {
            401: f"GitHub rejected the key: App {app.app_id} has no such key (401)",
            404: f"App {app.app_id} has no installation {app.installation_id} (404)",
        }.get(error.status, f"GitHub answered {error.status} ({error.github_message})")
        raise TokenVerificationFailed(label, [reason], finding=FINDING) from None
    except GhprovError as error:
        raise TokenVerificationFailed(label, [error.message], finding=FINDING) from None
    problems = reach_problems(reach, tenant, organization)
    if problems:
        raise TokenVerificationFailed(label, problems, finding=FINDING)
    return reach


@dataclass
class AppSide:
    """The App mode's part of a run: nothing to write on GitHub, a person deletes replaced keys."""

    app_credential: AppCredential
    reach: InstallationReach
    held_before: list[str]  # App fingerprints the clusters held
    key_source: str
    migration: Migration | None = None

    @property
    def credential(self) -> Credential:
        return self.app_credential

    @property
    def fingerprint(self) -> str:
        return self.app_credential.fingerprint

    def before_writes(self, admin: GitHubClient, now: datetime.datetime) -> None:
        """Nothing: the App and its installation exist; only the clusters change."""

    def after(self, admin: GitHubClient, all_done: bool, rows: list[ClusterResult]) -> None:
        """Nothing: GitHub offers no API to delete an App key (the summary names it for a person)."""

    def summary(self, rows: list[ClusterResult]) -> dict[str, Any]:
        all_done = bool(rows) and all(row.status.done for row in rows)
        replaced = [label for label in self.held_before if label != self.fingerprint]
        old_keys = sorted({label.rsplit(" ", 1)[-1] for label in replaced})
        new_key = self.fingerprint.rsplit(" ", 1)[-1]
        old_keys = [key for key in old_keys if key != new_key]
        notes = []
        if old_keys and all_done:
            notes.append(
                f"every cluster uses App key {new_key}: a person must delete the old key(s) "
                f"{', '.join(old_keys)} in the App's settings (GitHub has no API for it)"
            )
        elif old_keys:
            notes.append(f"keep the old App key(s) {', '.join(old_keys)}: not every cluster confirmed")
        data: dict[str, Any] = {
            "auth": "github_app",
            "app_id": self.app_credential.app_id,
            "installation_id": self.app_credential.installation_id,
            "key": new_key,
            "key_source": self.key_source,
            "repositories": self.reach.repositories,
            "permissions": self.reach.permissions,
            "old_keys_to_delete_by_a_person": old_keys if all_done else [],
        }
        if self.migration is not None:
            verdict = self.migration.judge(rows, all_done)
            notes += verdict.pop("notes")
            data["migration"] = verdict
        data["notes"] = notes
        return data


def prepare_app_side(
    name: str,
    tenant: TokenConfig,
    organization: str,
    secrets: Mapping[str, SecretObject | None],
    client: GitHubClient,
    new_key: SecretStr | None,
    migration: Migration | None,
) -> AppSide:
    """Choose the key (new, or the canary's), check it at GitHub, and build the credential."""
    app = tenant.github_app
    if app is None:
        raise GhprovError(f"{name}: auth: github_app needs github_app: {{app_id, installation_id}}")
    held = sorted({label for s in secrets.values() if (label := live_fingerprint(s, "github_app"))})
    key, source = new_key, "--app-key-from"
    if key is None:
        canary = secrets.get(tenant.canary_cluster)
        value = canary.data.get("githubAppPrivateKey") if canary is not None else None
        if not value:
            raise GhprovError(
                f"{name}: no App private key to write: the canary holds none",
                hint="pass --app-key-from env:VAR|file:PATH|stdin with the App's .pem key",
            )
        key, source = SecretStr(value.decode(errors="replace")), f"the canary {tenant.canary_cluster}"
    reach = check_app_key(client, tenant, organization, key)
    credential = AppCredential(app.app_id, app.installation_id, key)
    return AppSide(credential, reach, held, source, migration)
