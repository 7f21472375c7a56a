"""Which deploy key a run uses: keep a young confirmed key, finish a stopped run, else a new key."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from ghprov.github.flux_deploy_keys import RegisteredKey
from ghprov.k8s.secrets import SecretObject
from ghprov.rotation.config import TokenConfig
from ghprov.rotation.deploy_key_mode import DeployKeyChoice, choose_key
from ghprov.rotation.ssh_host import SshHost
from ghprov.rotation.ssh_keys import SshKeyPair, generate_key_pair

NOW = datetime.datetime(2026, 12, 4, tzinfo=datetime.UTC)
TENANT = TokenConfig.model_validate(
    {
        "auth": "deploy_key",
        "repositories": {"d1-infra": "write"},
        "secret": {"name": "flux-infra"},
        "clusters": ["staging", "prod-eu", "prod-us"],
    }
)
HOSTS = ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"]


def holding(pair: SshKeyPair) -> SecretObject:
    return SecretObject(
        "flux-system", "flux-infra", data={"identity": pair.private_key.get_secret_value().encode()}
    )


def on_github(pair: SshKeyPair, days_old: float, title: str = "ghprov-rotate flux-infra x") -> RegisteredKey:
    created = NOW - datetime.timedelta(days=days_old)
    return RegisteredKey(id=1, title=title, key=pair.public_key, read_only=False, created_at=created)


def choose(
    secrets: Mapping[str, SecretObject | None], keys: list[RegisteredKey], force: bool = False
) -> DeployKeyChoice:
    return choose_key(
        "flux-infra", TENANT, "acme", secrets, HOSTS, keys, NOW, ssh_host=SshHost("github.com"), force=force
    )


def test_a_young_key_every_cluster_holds_is_kept_and_an_old_one_replaced() -> None:
    pair = generate_key_pair()
    everywhere = {cluster: holding(pair) for cluster in TENANT.clusters}
    kept = choose(everywhere, [on_github(pair, 3)])
    assert kept.fingerprint == pair.fingerprint and kept.registered is not None and kept.stale() == []
    due = choose(everywhere, [on_github(pair, 31)])
    assert due.fingerprint != pair.fingerprint and due.registered is None
    assert [key.key for key in due.stale()] == [pair.public_key]  # deleted once all confirmed
    forced = choose(everywhere, [on_github(pair, 3)], force=True)
    assert forced.fingerprint != pair.fingerprint and forced.reason == "forced"


def test_a_stopped_run_is_finished_with_the_canarys_key_and_an_unreadable_cluster_decides_nothing() -> None:
    old, new = generate_key_pair(), generate_key_pair()
    secrets: dict[str, SecretObject | None] = {
        "staging": holding(new),
        "prod-eu": holding(new),
        "prod-us": holding(old),
    }
    keys = [on_github(old, 40, "flux bootstrap"), on_github(new, 1)]
    resumed = choose(secrets, keys)
    assert resumed.fingerprint == new.fingerprint and "finishing a previous run" in resumed.reason
    assert [key.title for key in resumed.stale()] == ["flux bootstrap"]
    # prod-us cannot be read (left out): the readable clusters agree on a young key, so it is kept.
    kept = choose({"staging": holding(new), "prod-eu": holding(new)}, keys)
    assert kept.fingerprint == new.fingerprint
    assert choose({}, keys).reason.startswith("no cluster could be read")


def test_a_key_with_other_access_than_declared_is_replaced() -> None:
    pair = generate_key_pair()
    everywhere = {cluster: holding(pair) for cluster in TENANT.clusters}
    read_only = RegisteredKey(id=1, title="t", key=pair.public_key, read_only=True, created_at=NOW)
    replaced = choose(everywhere, [read_only])
    assert replaced.fingerprint != pair.fingerprint and "access differs" in replaced.reason
