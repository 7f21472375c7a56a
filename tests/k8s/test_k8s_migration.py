"""``rotate --migrate-to deploy_key`` from a PAT on three real API servers, then ``tokens check`` of the
migrated tenant: the key is written beside the PAT, the PAT is reported revocable only once no source
uses it, and a key missing on GitHub is critical."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from k8s_support import invoke
from mode_support import data, keys_on, run_mode
from typer.testing import CliRunner

from ghprov.model.deploy_keys import key_fingerprint
from ghprov.settings import fingerprint
from ghprov_testbeds.k8s_lab.credential_tenants import (
    add_tenant,
    sandbox_validator,
    set_source,
    tenant_entry,
    with_tenants,
)
from ghprov_testbeds.k8s_lab.fleet import BOT, LabFleet
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.pats import mint_user_token

TENANT = "flux-migrate"
REPO = "d1-apps"


@pytest.fixture(scope="module")
def pat_tenant(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    pat = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    for cluster in fleet.clusters:
        add_tenant(
            cluster, TENANT, f"https://github.com/acme/{REPO}", data={"username": "git", "password": pat}
        )
    names = [c.name for c in fleet.clusters]
    entry = tenant_entry(TENANT, names, REPO, "read", "pat", bot=BOT)
    path = with_tenants(
        rotation_config, tmp_path_factory.mktemp("migrate") / "rotation.yaml", {TENANT: entry}
    )
    for emulator in fleet.emulators:
        emulator.token_valid = sandbox_validator(sandbox.state, REPO)
    yield path, pat
    for emulator in fleet.emulators:
        emulator.token_valid = lambda cluster, token: True
    sandbox.clear_log()


def test_migration_keeps_the_pat_until_no_source_uses_it(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, pat_tenant: tuple[Path, str], tmp_path: Path
) -> None:
    config, pat = pat_tenant
    first = run_mode(config, sandbox, TENANT, migrate_to="deploy_key")
    assert first.confirmed, first.as_dict()
    for cluster in fleet.clusters:
        written = data(fleet, cluster.name, TENANT)
        assert written["password"] == pat  # the sources still pull over https with it
        assert key_fingerprint(written["identity.pub"]) == first.new_fingerprint
    migration = first.as_dict()["credential"]["migration"]
    assert migration["pat_revocable"] is False and migration["pat_fingerprints"] == [fingerprint(pat)]
    assert migration["sources_on_pat"] == [
        "GitRepository flux-system/flux-migrate uses https://github.com/acme/d1-apps; "
        "a deploy key needs ssh://git@github.com/OWNER/REPO"
    ]
    # Without --migrate-to, a deploy_key run refuses a source still on https (nothing written).
    # d1-fleet's GitRepository moves to ssh (a commit in Git); the rerun confirms with the key.
    for cluster in fleet.clusters:
        set_source(cluster, TENANT, url=f"ssh://git@github.com/acme/{REPO}")
    report = tmp_path / "report.json"
    args = ["rotate", TENANT, "--migrate-to", "deploy-key", "--config", str(config), "--json"]
    code, out, err = invoke(
        cli, sandbox, [*args, "--report", str(report)], {"GHPROV_TOKEN": sandbox.tokens["owner"]}
    )
    assert code == 0, out + err
    second = json.loads(out)
    assert second["new_fingerprint"] == first.new_fingerprint  # the same key: no second registration
    assert [row["status"] for row in second["clusters"]] == ["confirmed"] * 3  # Flux used the key now
    assert second["credential"]["migration"]["pat_revocable"] is True
    assert f"PAT {fingerprint(pat)} is used by no source now: revoke it" in second["credential"]["notes"]
    assert pat not in out + err + report.read_text()


def test_tokens_check_for_the_migrated_tenant(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, pat_tenant: tuple[Path, str], tmp_path: Path
) -> None:
    config, _ = pat_tenant
    document = json.loads(config.read_text())
    document["tokens"] = {TENANT: {**document["tokens"][TENANT], "auth": "deploy_key"}}
    document["tokens"][TENANT].pop("bot")
    migrated = tmp_path / "rotation.yaml"
    migrated.write_text(json.dumps(document))
    if not any(data(fleet, c.name, TENANT).get("identity") for c in fleet.clusters):
        assert run_mode(config, sandbox, TENANT, migrate_to="deploy_key").confirmed
    env = {"GHPROV_TOKEN": sandbox.tokens["owner"]}
    code, out, err = invoke(cli, sandbox, ["tokens", "check", "--config", str(migrated), "--json"], env)
    [tenant] = json.loads(out)["tenants"]
    assert code == 0 and tenant["level"] == "ok" and tenant["consistent"] is True, out + err
    assert all(label.startswith("SHA256:") for label in tenant["clusters"].values())
    # Someone deletes the key on GitHub: Flux cannot pull any more, critical (exit 2).
    with sandbox.state.lock:
        removed = sandbox.state.features.repository(REPO).deploy_keys
        kept = [k for k in removed if not k["title"].startswith("ghprov-rotate")]
        taken = [k for k in removed if k["title"].startswith("ghprov-rotate")]
        removed[:] = kept
    try:
        code, out, _ = invoke(cli, sandbox, ["tokens", "check", "--config", str(migrated)], env)
        assert code == 2 and "is not on acme/d1-apps: Flux cannot pull" in out
    finally:
        with sandbox.state.lock:
            sandbox.state.features.repository(REPO).deploy_keys.extend(taken)
    # The key is back: a deploy_key run (sources on ssh://) keeps it and writes no Secret.
    for cluster in fleet.clusters:
        set_source(cluster, TENANT, url=f"ssh://git@github.com/acme/{REPO}")
    held = {data(fleet, c.name, TENANT)["identity.pub"] for c in fleet.clusters}
    rerun = run_mode(migrated, sandbox, TENANT)
    assert rerun.confirmed and all(row.action in ("none", "reconcile") for row in rerun.clusters)
    assert {data(fleet, c.name, TENANT)["identity.pub"] for c in fleet.clusters} == held
    assert len(keys_on(sandbox, REPO)) >= 1
