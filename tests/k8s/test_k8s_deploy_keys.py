"""auth: deploy_key on three real API servers: a key generated in memory, registered on GitHub, written
canary first in the shape ``flux create secret git --private-key-file`` writes, confirmed by Flux, and
the old key deleted only when every cluster confirmed. Reruns, failures and leaks as for the PAT."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from k8s_support import invoke, secret, secret_forms, writes
from mode_support import data, github_writes, keys_on, run_mode
from pydantic import SecretStr
from typer.testing import CliRunner

from ghprov.errors import ConfigError
from ghprov.k8s.connect import ClusterAccess, connect
from ghprov.k8s.lease import acquire_lease, release_lease
from ghprov.k8s.secrets import SecretObject
from ghprov.model.deploy_keys import key_fingerprint
from ghprov.rotation.cluster import ClusterOptions
from ghprov.rotation.config import load_rotation_config
from ghprov.rotation.errors import RotationLocked
from ghprov.rotation.report import RotationReport
from ghprov.rotation.results import Status
from ghprov.rotation.ssh_keys import generate_key_pair
from ghprov.services.rotating import RotateRequest, rotate
from ghprov.settings import Settings
from ghprov_testbeds.k8s_lab.credential_tenants import (
    add_tenant,
    sandbox_validator,
    tenant_entry,
    with_tenants,
)
from ghprov_testbeds.k8s_lab.fleet import ROTATOR_USER, LabFleet
from ghprov_testbeds.k8s_lab.flux_emulator import lab_http
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.app_tokens import add_app_key
from ghprov_testbeds.sandbox.rest_deploy_keys import add_deploy_key
from ghprov_testbeds.sandbox.rest_meta import host_keys

TENANT = "flux-ssh"
REPO = "d1-infra"
URL = "ssh://git@github.com/acme/d1-infra"


@pytest.fixture(scope="module")
def ssh_config(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A deploy-key tenant (write access, for image automation) bootstrapped with a person's key."""
    bootstrap = generate_key_pair()
    add_deploy_key(sandbox.state, REPO, "flux bootstrap", bootstrap.public_key, read_only=False)
    initial = {
        "identity": bootstrap.private_key.get_secret_value(),
        "identity.pub": bootstrap.public_key + "\n",
        "known_hosts": "".join(f"github.com {key}\n" for key in host_keys(sandbox.state)),
    }
    for cluster in fleet.clusters:
        add_tenant(cluster, TENANT, URL, data=initial)
    names = [c.name for c in fleet.clusters]
    entry = tenant_entry(TENANT, names, REPO, "write", "deploy_key")
    path = with_tenants(rotation_config, tmp_path_factory.mktemp("ssh") / "rotation.yaml", {TENANT: entry})
    for emulator in fleet.emulators:
        emulator.token_valid = sandbox_validator(sandbox.state, REPO)
    yield path
    for emulator in fleet.emulators:
        emulator.token_valid = lambda cluster, token: True
    sandbox.clear_log()  # the PAT tests count GitHub writes over the session's log


def held(fleet: LabFleet) -> dict[str, str]:
    return {c.name: key_fingerprint(data(fleet, c.name, TENANT)["identity.pub"]) for c in fleet.clusters}


def test_a_new_key_goes_everywhere_and_the_old_one_is_deleted(
    fleet: LabFleet, sandbox: Sandbox, ssh_config: Path
) -> None:
    before = {c.name: secret(fleet, c.name, "flux-system", TENANT) for c in fleet.clusters}
    old = set(held(fleet).values())
    sandbox.clear_log()
    report = run_mode(ssh_config, sandbox, TENANT, force=True)
    assert report.confirmed, report.as_dict()
    assert [row.status for row in report.clusters] == [Status.CONFIRMED] * 3
    new = report.new_fingerprint
    assert new.startswith("SHA256:") and new not in old
    assert set(held(fleet).values()) == {new}
    for cluster in fleet.clusters:
        written = data(fleet, cluster.name, TENANT)
        # Exactly what `flux create secret git --url=ssh://… --private-key-file=…` writes.
        assert sorted(written) == ["identity", "identity.pub", "known_hosts"]
        assert written["identity"].startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
        assert written["identity.pub"].startswith("ssh-ed25519 ") and written["identity.pub"].endswith("\n")
        assert written["known_hosts"].splitlines() == [f"github.com {k}" for k in host_keys(sandbox.state)]
        body = secret(fleet, cluster.name, "flux-system", TENANT)
        assert body["metadata"]["uid"] == before[cluster.name]["metadata"]["uid"]
        assert body["metadata"]["annotations"]["ghprov.io/token-fingerprint"] == new
    on_github = keys_on(sandbox, REPO)
    assert [key_fingerprint(k["key"]) for k in on_github] == [new]
    assert on_github[0]["read_only"] is False  # write declared (image automation)
    assert on_github[0]["title"].startswith("ghprov-rotate flux-ssh ")
    # GitHub: /meta and the key list read, one key added, the bootstrap key deleted last.
    assert github_writes(sandbox)[0] == f"POST /repos/acme/{REPO}/keys"
    assert github_writes(sandbox)[1:] == [f"DELETE /repos/acme/{REPO}/keys/{k}" for k in _ids(old, sandbox)]
    summary = report.as_dict()["credential"]
    assert summary["auth"] == "deploy_key" and summary["deleted_keys"] == sorted(old)
    assert sandbox.response_problems == [] and sandbox.internal_errors == []


def _ids(fingerprints: set[str], sandbox: Sandbox) -> list[int]:
    deleted = [e for e in sandbox.log if e.method == "DELETE"]
    return [int(e.path.rsplit("/", 1)[1]) for e in deleted][: len(fingerprints)]


def test_rerun_writes_nothing_anywhere(fleet: LabFleet, sandbox: Sandbox, ssh_config: Path) -> None:
    assert run_mode(ssh_config, sandbox, TENANT, force=True).confirmed
    counts = writes(fleet)
    sandbox.clear_log()
    again = run_mode(ssh_config, sandbox, TENANT)
    assert again.confirmed
    assert [row.status for row in again.clusters] == [Status.UNCHANGED] * 3
    assert writes(fleet) == counts
    assert github_writes(sandbox) == []
    assert "days old" in again.as_dict()["credential"]["reason"]


def test_dry_run_registers_and_writes_nothing(fleet: LabFleet, sandbox: Sandbox, ssh_config: Path) -> None:
    counts = writes(fleet)
    sandbox.clear_log()
    report = run_mode(ssh_config, sandbox, TENANT, force=True, dry_run=True)
    assert [row.status for row in report.clusters] == [Status.PLANNED] * 3
    assert writes(fleet) == counts and github_writes(sandbox) == []


def test_canary_failure_keeps_the_old_key_and_a_rerun_finishes_with_the_same_key(
    fleet: LabFleet, sandbox: Sandbox, ssh_config: Path
) -> None:
    assert run_mode(ssh_config, sandbox, TENANT, force=True).confirmed
    old = next(iter(set(held(fleet).values())))
    canary = fleet.emulator("staging")
    valid = canary.token_valid
    canary.token_valid = lambda cluster, key: key_fingerprint(key) == old  # Flux cannot use the new key
    counts = writes(fleet)
    try:
        report = run_mode(ssh_config, sandbox, TENANT, force=True)
    finally:
        canary.token_valid = valid
    rows = {r.cluster: r for r in report.clusters}
    assert rows["staging"].status is Status.WRITTEN
    assert "unable to authenticate" in (rows["staging"].error or "")
    assert rows["prod-eu"].status is Status.SKIPPED and rows["prod-us"].status is Status.SKIPPED
    after = writes(fleet)
    assert after["prod-eu"] == counts["prod-eu"] and after["prod-us"] == counts["prod-us"]
    new = report.new_fingerprint
    # The old key stays on GitHub (prod-eu and prod-us still pull with it), the new one too.
    assert sorted(key_fingerprint(k["key"]) for k in keys_on(sandbox, REPO)) == sorted({old, new})
    assert report.as_dict()["credential"]["old_keys_kept"] == [old]
    # The rerun (no --force) resumes with the canary's key: no third key, the old one goes at the end.
    rerun = run_mode(ssh_config, sandbox, TENANT)
    assert rerun.confirmed and rerun.new_fingerprint == new
    assert "finishing a previous run" in rerun.as_dict()["credential"]["reason"]
    assert [key_fingerprint(k["key"]) for k in keys_on(sandbox, REPO)] == [new]


def test_interrupted_run_then_rerun_writes_only_what_is_left(
    fleet: LabFleet, sandbox: Sandbox, ssh_config: Path
) -> None:
    assert run_mode(ssh_config, sandbox, TENANT, force=True).confirmed
    old = next(iter(set(held(fleet).values())))
    victim = fleet.cluster("prod-us")

    def stop_victim(cluster: str, current: SecretObject | None) -> None:
        if cluster == "staging" and victim.api_process is not None:
            victim.stop_apiserver()  # before the canary's write: prod-us is down when its turn comes

    try:
        options = ClusterOptions(poll_interval=0.05, before_write=stop_victim)
        report = run_mode(ssh_config, sandbox, TENANT, force=True, options=options)
    finally:
        victim.start_apiserver()
    rows = {r.cluster: r for r in report.clusters}
    assert rows["staging"].status is Status.CONFIRMED and rows["prod-eu"].status is Status.CONFIRMED
    assert rows["prod-us"].status is Status.FAILED and rows["prod-us"].error_class == "unreachable"
    assert old in [key_fingerprint(k["key"]) for k in keys_on(sandbox, REPO)]  # prod-us still needs it
    counts = writes(fleet)
    rerun = run_mode(ssh_config, sandbox, TENANT)
    assert rerun.confirmed and rerun.new_fingerprint == report.new_fingerprint
    statuses = {r.cluster: r.status for r in rerun.clusters}
    assert statuses == {"staging": Status.UNCHANGED, "prod-eu": Status.UNCHANGED, "prod-us": Status.CONFIRMED}
    assert writes(fleet)["prod-eu"] == counts["prod-eu"]
    assert [key_fingerprint(k["key"]) for k in keys_on(sandbox, REPO)] == [report.new_fingerprint]


def test_a_source_still_on_https_fails_the_look(
    fleet: LabFleet, sandbox: Sandbox, ssh_config: Path, tmp_path: Path
) -> None:
    for cluster in fleet.clusters:
        add_tenant(cluster, "flux-ssh-https", "https://github.com/acme/d1-fleet", data={"password": "x"})
    entry = tenant_entry("flux-ssh-https", [c.name for c in fleet.clusters], "d1-fleet", "read", "deploy_key")
    config = with_tenants(ssh_config, tmp_path / "rotation.yaml", {"flux-ssh-https": entry})
    sandbox.clear_log()
    report = run_mode(config, sandbox, "flux-ssh-https", force=True)
    assert all(row.status in (Status.FAILED, Status.SKIPPED) for row in report.clusters)
    assert "a deploy key needs ssh://git@github.com/OWNER/REPO" in (report.clusters[0].error or "")
    assert github_writes(sandbox) == []  # nothing registered: the look failed first


def test_one_repository_per_deploy_key_is_checked_with_its_location(tmp_path: Path) -> None:
    config = tmp_path / "rotation.yaml"
    config.write_text(
        "organization: acme\n"
        "clusters: {a: {}}\n"
        "tokens:\n"
        "  flux-x:\n"
        "    auth: deploy_key\n"
        "    repositories: {d1-infra: read, d1-apps: read}\n"
        "    secret: {name: flux-x}\n"
        "    clusters: [a]\n"
    )
    with pytest.raises(ConfigError) as raised:
        load_rotation_config(config)
    [problem] = [str(p) for p in raised.value.problems]
    assert problem.startswith(f"{config}:6:") and "exactly one repository" in problem


def test_the_private_key_never_leaks(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, ssh_config: Path, tmp_path: Path
) -> None:
    report, audit = tmp_path / "report.json", tmp_path / "audit.jsonl"
    args = ["rotate", TENANT, "--force", "--config", str(ssh_config), "--verbose"]
    env = {"GHPROV_TOKEN": sandbox.tokens["owner"]}
    code, out, err = invoke(cli, sandbox, [*args, "--report", str(report), "--audit-log", str(audit)], env)
    assert code == 0, out + err
    private = data(fleet, "staging", TENANT)["identity"]
    texts = [out, err, report.read_text(), audit.read_text(), sandbox.state.dumps()]
    texts += [json.dumps([entry.body for entry in sandbox.log])]
    texts += [(c.workdir / "kube-apiserver.log").read_text(errors="replace") for c in fleet.clusters]
    texts += [c.audit_log.read_text() for c in fleet.clusters]
    body = private.splitlines()[1]  # a line of the key's base64, in case only part of it leaked
    assert all(form not in text for text in texts for form in [*secret_forms(private), body])
    record = json.loads(audit.read_text().splitlines()[-1])
    assert record["outcome"] == "confirmed" and record["new_fingerprint"].startswith("SHA256:")
    assert record["credential"]["auth"] == "deploy_key"


def test_a_held_lease_locks_out_the_run_before_any_key_is_registered(
    fleet: LabFleet, sandbox: Sandbox, ssh_config: Path
) -> None:
    client = connect(ClusterAccess("staging", "staging", fleet.kubeconfig))
    handle = acquire_lease(client, "staging", "flux-system", f"ghprov-rotation-{TENANT}", "another-run", 300)
    sandbox.clear_log()
    try:
        with pytest.raises(RotationLocked, match="locked"):
            run_mode(ssh_config, sandbox, TENANT, force=True)
    finally:
        release_lease(client, handle)
    assert github_writes(sandbox) == []  # the key is registered under the Lease only


def test_ghprovs_own_github_app_credential_runs_the_unattended_job(
    fleet: LabFleet, sandbox: Sandbox, ssh_config: Path
) -> None:
    # As config/rotation/cronjob-deploy-key.yaml: ghprov authenticates as its own App installation.
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    add_app_key(sandbox.state, "ghprov-rotator", pem)
    app = sandbox.state.apps["ghprov-rotator"]
    settings = Settings(
        api_url=sandbox.url,
        token=None,
        app_id=app.id,
        app_private_key=SecretStr(pem),
        installation_id=app.installation_id,
    )
    request = RotateRequest(ssh_config, TENANT, None, force=True, options=ClusterOptions(poll_interval=0.05))
    report = rotate(request, settings)
    assert isinstance(report, RotationReport) and report.confirmed
    [registered] = keys_on(sandbox, REPO)
    assert registered["added_by"] == "ghprov-rotator[bot]"  # registered by the App, no person


def test_the_least_privilege_rotator_identity_suffices(
    fleet: LabFleet, sandbox: Sandbox, ssh_config: Path, tmp_path: Path
) -> None:
    # The job's Role for this tenant, as config/rotation/rbac.yaml grants flux-apps: named objects only.
    role = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "Role",
        "metadata": {"name": "ghprov-rotator-ssh", "namespace": "flux-system"},
        "rules": [
            {
                "apiGroups": [""],
                "resources": ["secrets"],
                "resourceNames": [TENANT],
                "verbs": ["get", "update"],
            },
            {
                "apiGroups": ["source.toolkit.fluxcd.io"],
                "resources": ["gitrepositories"],
                "resourceNames": [TENANT],
                "verbs": ["get", "patch"],
            },
            {
                "apiGroups": ["coordination.k8s.io"],
                "resources": ["leases"],
                "resourceNames": [f"ghprov-rotation-{TENANT}"],
                "verbs": ["get", "update"],
            },
        ],
    }
    binding = {
        "apiVersion": "rbac.authorization.k8s.io/v1",
        "kind": "RoleBinding",
        "metadata": {"name": "ghprov-rotator-ssh", "namespace": "flux-system"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "ghprov-rotator-ssh"},
        "subjects": [{"kind": "User", "name": ROTATOR_USER}],
    }
    lease = {
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {"name": f"ghprov-rotation-{TENANT}", "namespace": "flux-system"},
        "spec": {},
    }
    for cluster in fleet.clusters:
        with lab_http(cluster) as http:
            for path, body in (
                ("/apis/rbac.authorization.k8s.io/v1/namespaces/flux-system/roles", role),
                ("/apis/rbac.authorization.k8s.io/v1/namespaces/flux-system/rolebindings", binding),
                ("/apis/coordination.k8s.io/v1/namespaces/flux-system/leases", lease),
            ):
                assert http.post(path, json=body).status_code in (201, 409)
    document = json.loads(ssh_config.read_text())
    for cluster in document["clusters"].values():
        cluster["kubeconfig"] = str(fleet.rotator_kubeconfig)
    config = tmp_path / "rotation.yaml"
    config.write_text(json.dumps(document))
    report = run_mode(config, sandbox, TENANT, force=True)
    assert report.confirmed, report.as_dict()


def test_a_run_killed_after_registering_leaves_an_orphan_the_next_run_deletes(
    fleet: LabFleet, sandbox: Sandbox, ssh_config: Path
) -> None:
    assert run_mode(ssh_config, sandbox, TENANT, force=True).confirmed
    current = set(held(fleet).values())

    def killed(cluster: str, secret: SecretObject | None) -> None:
        raise KeyboardInterrupt  # the job's pod is killed between the registration and the canary write

    records: list[dict[str, object]] = []
    with pytest.raises(KeyboardInterrupt):
        options = ClusterOptions(poll_interval=0.05, before_write=killed)
        run_mode(ssh_config, sandbox, TENANT, force=True, options=options, audit=records.append)
    assert [record["outcome"] for record in records] == ["error"] and records[0]["reason"] == "interrupted"
    assert set(held(fleet).values()) == current  # no cluster was written
    assert len(keys_on(sandbox, REPO)) == 2  # the new key was registered, no cluster holds it
    # The next scheduled run keeps the clusters' (young) key and removes the orphan.
    rerun = run_mode(ssh_config, sandbox, TENANT)
    assert rerun.confirmed and set(held(fleet).values()) == current
    assert [key_fingerprint(k["key"]) for k in keys_on(sandbox, REPO)] == sorted(current)
