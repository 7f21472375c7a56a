"""auth: github_app on three real API servers: the Secret ``flux create secret githubapp`` writes, the
installation's reach checked with the key before any write, App key rotation (the old key named for a
person to delete: GitHub has no API for it), reruns, failures and leaks."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from k8s_support import invoke, secret, secret_forms, writes
from mode_support import data, github_writes, run_mode
from pydantic import SecretStr
from typer.testing import CliRunner

from ghprov.rotation.credentials import app_key_fingerprint
from ghprov.rotation.errors import TokenVerificationFailed
from ghprov.rotation.results import Status
from ghprov_testbeds.k8s_lab.credential_tenants import (
    add_tenant,
    sandbox_validator,
    set_source,
    tenant_entry,
    with_tenants,
)
from ghprov_testbeds.k8s_lab.fleet import BOT, LabFleet
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.app_tokens import add_app_key, remove_app_key, select_repositories
from ghprov_testbeds.sandbox.pats import mint_user_token

TENANT = "flux-app"
SLUG = "acme-flux"
REPO = "d1-fleet"


def new_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture(scope="module")
def app_config(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """An App installed on d1-fleet only (contents: read), a first key already on every cluster."""
    first = new_key()
    add_app_key(sandbox.state, SLUG, first)
    select_repositories(sandbox.state, SLUG, [REPO], {"contents": "read", "metadata": "read"})
    app = sandbox.state.apps[SLUG]
    initial = {
        "githubAppID": str(app.id),
        "githubAppInstallationID": str(app.installation_id),
        "githubAppPrivateKey": first,
    }
    for cluster in fleet.clusters:
        add_tenant(cluster, TENANT, f"https://github.com/acme/{REPO}", provider="github", data=initial)
    names = [c.name for c in fleet.clusters]
    entry = tenant_entry(
        TENANT,
        names,
        REPO,
        "read",
        "github_app",
        github_app={"app_id": app.id, "installation_id": app.installation_id},
    )
    path = with_tenants(rotation_config, tmp_path_factory.mktemp("app") / "rotation.yaml", {TENANT: entry})
    for emulator in fleet.emulators:
        emulator.token_valid = sandbox_validator(sandbox.state, REPO)
    yield path
    for emulator in fleet.emulators:
        emulator.token_valid = lambda cluster, token: True
    sandbox.clear_log()  # the PAT tests count GitHub writes over the session's log


def held(fleet: LabFleet) -> set[str]:
    return {data(fleet, c.name, TENANT)["githubAppPrivateKey"] for c in fleet.clusters}


def test_a_new_app_key_goes_everywhere_and_the_old_one_is_named_for_a_person(
    fleet: LabFleet, sandbox: Sandbox, app_config: Path
) -> None:
    before = {c.name: secret(fleet, c.name, "flux-system", TENANT) for c in fleet.clusters}
    [old] = held(fleet)
    key = new_key()
    add_app_key(sandbox.state, SLUG, key)  # a person generated it in the App's settings
    report = run_mode(app_config, sandbox, TENANT, app_key=_secret(key))
    assert report.confirmed, report.as_dict()
    assert held(fleet) == {key}
    for cluster in fleet.clusters:
        written = data(fleet, cluster.name, TENANT)
        assert sorted(written) == ["githubAppID", "githubAppInstallationID", "githubAppPrivateKey"]
        body = secret(fleet, cluster.name, "flux-system", TENANT)
        assert body["metadata"]["uid"] == before[cluster.name]["metadata"]["uid"]
        assert body["type"] == "Opaque"
    summary = report.as_dict()["credential"]
    assert summary["auth"] == "github_app" and summary["repositories"] == [f"acme/{REPO}"]
    assert summary["old_keys_to_delete_by_a_person"] == [app_key_fingerprint(old)]
    assert "GitHub has no API for it" in summary["notes"][0]
    # The person deletes the old key; Flux keeps working with the new one.
    remove_app_key(sandbox.state, SLUG, sandbox.state.apps[SLUG].public_keys[0])
    assert run_mode(app_config, sandbox, TENANT).confirmed


def _secret(text: str) -> SecretStr:
    return SecretStr(text)


def test_rerun_writes_nothing(fleet: LabFleet, sandbox: Sandbox, app_config: Path) -> None:
    assert run_mode(app_config, sandbox, TENANT).confirmed
    counts = writes(fleet)
    sandbox.clear_log()
    again = run_mode(app_config, sandbox, TENANT)
    assert [row.status for row in again.clusters] == [Status.UNCHANGED] * 3
    assert writes(fleet) == counts
    # Only the check's installation token was minted; nothing on GitHub changed.
    assert github_writes(sandbox) == [
        f"POST /app/installations/{sandbox.state.apps[SLUG].installation_id}/access_tokens"
    ]


def test_a_key_the_app_does_not_have_or_a_wider_installation_writes_nothing(
    fleet: LabFleet, sandbox: Sandbox, app_config: Path
) -> None:
    counts = writes(fleet)
    with pytest.raises(TokenVerificationFailed) as unknown:
        run_mode(app_config, sandbox, TENANT, app_key=_secret(new_key()))
    assert unknown.value.finding == "APP-VERIFY-FAILED" and "has no such key" in unknown.value.message
    select_repositories(sandbox.state, SLUG, [REPO, "d1-apps"], {"contents": "write", "metadata": "read"})
    try:
        with pytest.raises(TokenVerificationFailed) as wide:
            run_mode(app_config, sandbox, TENANT)
    finally:
        select_repositories(sandbox.state, SLUG, [REPO], {"contents": "read", "metadata": "read"})
    problems = " ".join(wide.value.problems)
    assert "undeclared repositories: acme/d1-apps" in problems and "contents: write" in problems
    assert writes(fleet) == counts


def test_canary_failure_then_interrupted_run_then_rerun(
    fleet: LabFleet, sandbox: Sandbox, app_config: Path
) -> None:
    [old] = held(fleet)
    key = new_key()
    add_app_key(sandbox.state, SLUG, key)
    canary = fleet.emulator("staging")
    valid = canary.token_valid
    canary.token_valid = lambda cluster, text: text.strip() == old.strip()  # the new key fails on the canary
    counts = writes(fleet)
    try:
        failed = run_mode(app_config, sandbox, TENANT, app_key=_secret(key))
    finally:
        canary.token_valid = valid
    rows = {r.cluster: r for r in failed.clusters}
    assert rows["staging"].status is Status.WRITTEN and "JSON web token" in (rows["staging"].error or "")
    assert rows["prod-eu"].status is Status.SKIPPED and writes(fleet)["prod-eu"] == counts["prod-eu"]
    assert failed.as_dict()["credential"]["old_keys_to_delete_by_a_person"] == []
    # Interrupted: prod-us's API server stops while the others are written.
    victim = fleet.cluster("prod-us")

    def stop_victim(cluster: str, what: str) -> None:
        if victim.api_process is not None and TENANT in what:
            victim.stop_apiserver()  # before the canary's confirmation: prod-us is down for its turn

    canary.on_reconcile = stop_victim
    try:
        partial = run_mode(app_config, sandbox, TENANT)  # no key given: the canary's (new) key
    finally:
        canary.on_reconcile = None
        victim.start_apiserver()
    statuses = {r.cluster: r.status for r in partial.clusters}
    assert statuses["prod-us"] is Status.FAILED and statuses["prod-eu"] is Status.CONFIRMED
    rerun = run_mode(app_config, sandbox, TENANT)
    assert rerun.confirmed and held(fleet) == {key}
    assert {r.cluster: r.status for r in rerun.clusters}["prod-us"] is Status.CONFIRMED


def test_the_app_key_never_leaks(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, app_config: Path, tmp_path: Path
) -> None:
    key = new_key()
    add_app_key(sandbox.state, SLUG, key)
    (tmp_path / "key.pem").write_text(key)
    report, audit = tmp_path / "report.json", tmp_path / "audit.jsonl"
    args = ["rotate", TENANT, "--app-key-from", f"file:{tmp_path / 'key.pem'}", "--config", str(app_config)]
    args += ["--verbose", "--report", str(report), "--audit-log", str(audit)]
    code, out, err = invoke(cli, sandbox, args, {})
    assert code == 0, out + err
    texts = [out, err, report.read_text(), audit.read_text(), sandbox.state.dumps()]
    texts += [json.dumps([entry.body for entry in sandbox.log])]
    texts += [(c.workdir / "kube-apiserver.log").read_text(errors="replace") for c in fleet.clusters]
    texts += [c.audit_log.read_text() for c in fleet.clusters]
    line = key.splitlines()[1]
    assert all(form not in text for text in texts for form in [*secret_forms(key), line])
    record = json.loads(audit.read_text().splitlines()[-1])
    assert record["outcome"] == "confirmed" and record["credential"]["auth"] == "github_app"


def test_tokens_check_covers_the_app_key_and_the_installation_reach(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, app_config: Path
) -> None:
    assert run_mode(app_config, sandbox, TENANT).confirmed
    args = ["tokens", "check", "--config", str(app_config), "--json"]
    code, out, err = invoke(cli, sandbox, args, {})
    [tenant] = [t for t in json.loads(out)["tenants"] if t["tenant"] == TENANT]
    assert tenant["level"] == "ok" and tenant["consistent"] is True, out + err
    # The installation now reaches another repository: critical (reach ⊄ declared), exit 2.
    select_repositories(sandbox.state, SLUG, [REPO, "d1-apps"], {"contents": "read", "metadata": "read"})
    try:
        code, out, _ = invoke(cli, sandbox, args, {})
    finally:
        select_repositories(sandbox.state, SLUG, [REPO], {"contents": "read", "metadata": "read"})
    [tenant] = [t for t in json.loads(out)["tenants"] if t["tenant"] == TENANT]
    assert code == 2 and tenant["level"] == "critical"
    assert any("undeclared repositories: acme/d1-apps" in message for message in tenant["messages"])


def test_dry_run_writes_nothing_on_any_cluster(fleet: LabFleet, sandbox: Sandbox, app_config: Path) -> None:
    key = new_key()
    add_app_key(sandbox.state, SLUG, key)
    counts = writes(fleet)
    report = run_mode(app_config, sandbox, TENANT, app_key=_secret(key), dry_run=True)
    assert [row.status for row in report.clusters] == [Status.PLANNED] * 3
    assert writes(fleet) == counts and key not in held(fleet)


def test_migration_from_a_pat_to_an_app(
    fleet: LabFleet, sandbox: Sandbox, app_config: Path, tmp_path: Path
) -> None:
    pat = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    name, slug = "flux-app-migrate", "acme-flux-migrate"
    for cluster in fleet.clusters:
        add_tenant(
            cluster, name, f"https://github.com/acme/{REPO}", data={"username": "git", "password": pat}
        )
    key = new_key()
    add_app_key(sandbox.state, slug, key)
    select_repositories(sandbox.state, slug, [REPO], {"contents": "read", "metadata": "read"})
    app = sandbox.state.apps[slug]
    ids = {"app_id": app.id, "installation_id": app.installation_id}
    entry = tenant_entry(name, [c.name for c in fleet.clusters], REPO, "read", "pat", bot=BOT, github_app=ids)
    config = with_tenants(app_config, tmp_path / "rotation.yaml", {name: entry})
    first = run_mode(config, sandbox, name, migrate_to="github_app", app_key=_secret(key))
    assert first.confirmed, first.as_dict()
    assert first.as_dict()["credential"]["migration"]["pat_revocable"] is False  # no provider: github yet
    assert all(data(fleet, c.name, name)["password"] == pat for c in fleet.clusters)
    for cluster in fleet.clusters:
        set_source(cluster, name, url=f"https://github.com/acme/{REPO}", provider="github")
    second = run_mode(config, sandbox, name, migrate_to="github_app")  # the canary's App key
    assert second.confirmed and second.new_fingerprint == first.new_fingerprint
    assert second.as_dict()["credential"]["migration"]["pat_revocable"] is True
