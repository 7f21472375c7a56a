"""Issue 15 on three real API servers: what a failed run keeps, reconcile targets checked before any
write, and one audit record for every run (refused and locked runs too) holding nothing secret."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import structlog
from k8s_support import password, run, secret, secret_forms, variant, writes
from structlog.testing import capture_logs

from ghprov.k8s.connect import ClusterAccess, connect
from ghprov.k8s.lease import acquire_lease, release_lease
from ghprov.rotation.errors import RotationLocked, TokenVerificationFailed
from ghprov.rotation.results import Status
from ghprov.settings import fingerprint
from ghprov_testbeds.k8s_lab.clusters import free_port
from ghprov_testbeds.k8s_lab.fleet import BOT, LabFleet
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.pats import mint_user_token

LEASE = "ghprov-rotation-flux-apps"


def live(fleet: LabFleet) -> dict[str, tuple[str, str]]:
    """cluster → (fingerprint, resourceVersion) of the tenant's Secret as the API server has it now."""
    found = {}
    for cluster in fleet.clusters:
        body = secret(fleet, cluster.name)
        found[cluster.name] = (fingerprint(password(body)), body["metadata"]["resourceVersion"])
    return found


def assert_nothing_secret(records: list[dict[str, Any]], *tokens: str) -> None:
    text = json.dumps(records)
    assert all(form not in text for token in tokens for form in secret_forms(token))


def with_target(rotation_config: Path, tmp_path: Path, target: dict[str, Any]) -> Path:
    def add(document: dict[str, Any]) -> None:
        document["tokens"]["flux-apps"]["reconcile"].append(target)

    return variant(rotation_config, tmp_path / "rotation.yaml", add)


def test_a_failed_canary_keeps_what_every_cluster_read(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    before = live(fleet)
    canary = fleet.emulator("staging")
    canary.token_valid = lambda cluster, token: token != new_token
    records: list[dict[str, Any]] = []
    try:
        report = run(rotation_config, sandbox, new_token, audit=records.append)
    finally:
        canary.token_valid = lambda cluster, token: True
    rows = {row.cluster: row for row in report.clusters}
    assert rows["staging"].status is Status.WRITTEN
    for name in ("prod-eu", "prod-us"):
        assert rows[name].status is Status.SKIPPED
        assert (rows[name].fingerprint_before, rows[name].resource_version_before) == before[name]
        assert rows[name].uid == secret(fleet, name)["metadata"]["uid"]
    old = sorted({fp for fp, _ in before.values()})
    assert report.as_dict()["old_fingerprints"] == old
    [record] = records
    assert record["outcome"] == "partial" and record["old_fingerprints"] == old
    assert record["correlation_id"] == report.correlation_id
    for name in ("prod-eu", "prod-us"):
        entry = record["clusters"][name]
        assert entry["status"] == "skipped"
        assert (entry["fingerprint_before"], entry["resource_version_before"]) == before[name]
    assert record["clusters"]["staging"]["fingerprint_after"] == fingerprint(new_token)
    assert_nothing_secret(records, new_token, password(secret(fleet, "prod-eu")))


def test_a_refused_token_leaves_a_record(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GHPROV_ACTOR", "alice@example.com")
    wrong = mint_user_token(sandbox.state, "someone-else", expires_in_days=60)
    records: list[dict[str, Any]] = []
    counts = writes(fleet)
    with pytest.raises(TokenVerificationFailed):
        run(rotation_config, sandbox, wrong, audit=records.append)
    assert writes(fleet) == counts
    [record] = records
    assert uuid.UUID(record["correlation_id"])
    assert {key: record[key] for key in ("event", "actor", "tenant", "mode", "outcome", "finding")} == {
        "event": "ghprov.rotation",
        "actor": "alice@example.com",
        "tenant": "flux-apps",
        "mode": "rotate",
        "outcome": "refused",
        "finding": "TOKEN-VERIFY-FAILED",
    }
    assert record["new_fingerprint"] == fingerprint(wrong)
    assert record["reason"] == (
        f"the token authenticates as 'someone-else', not as the declared bot {BOT!r}; "
        "cannot reach repository acme/d1-apps (404)"
    )
    assert record["clusters"] == {} and record["old_fingerprints"] == []
    assert_nothing_secret(records, wrong)


def test_a_locked_run_leaves_a_record_with_what_it_read(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    client = connect(ClusterAccess("staging", "staging", fleet.kubeconfig))
    handle = acquire_lease(client, "staging", "flux-system", LEASE, "another-run", 300)
    records: list[dict[str, Any]] = []
    before = live(fleet)
    counts = writes(fleet)
    try:
        with pytest.raises(RotationLocked) as caught:
            run(rotation_config, sandbox, new_token, audit=records.append)
        assert writes(fleet) == counts
    finally:
        release_lease(client, handle)
    assert caught.value.exit_code == 4
    [record] = records
    assert record["outcome"] == "locked" and "another-run" in record["reason"]
    assert record["new_fingerprint"] == fingerprint(new_token)
    assert record["old_fingerprints"] == sorted({fp for fp, _ in before.values()})
    for name, (label, version) in before.items():
        entry = record["clusters"][name]
        assert entry["status"] == "skipped" and entry["error_class"] == "locked"
        assert (entry["fingerprint_before"], entry["resource_version_before"]) == (label, version)
    assert_nothing_secret(records, new_token)


def test_a_missing_git_repository_fails_its_cluster_before_any_write(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path: Path, new_token: str
) -> None:
    config = with_target(
        rotation_config,
        tmp_path,
        {"kind": "GitRepository", "namespace": "backend", "name": "missing", "clusters": ["prod-eu"]},
    )
    counts, before = writes(fleet), live(fleet)
    planned = run(config, sandbox, new_token, dry_run=True)
    rows = {row.cluster: row for row in planned.clusters}
    assert rows["prod-eu"].status is Status.FAILED and rows["prod-eu"].error_class == "not-found"
    assert rows["prod-eu"].error == "GitRepository backend/missing does not exist"
    assert rows["staging"].status is Status.PLANNED and rows["prod-us"].status is Status.PLANNED
    assert planned.exit_code == 2 and writes(fleet) == counts
    records: list[dict[str, Any]] = []
    report = run(config, sandbox, new_token, audit=records.append)
    rows = {row.cluster: row for row in report.clusters}
    assert rows["staging"].status is Status.CONFIRMED and rows["prod-us"].status is Status.CONFIRMED
    assert rows["prod-eu"].status is Status.FAILED and rows["prod-eu"].action == "none"
    assert rows["prod-eu"].error == "GitRepository backend/missing does not exist"
    assert (rows["prod-eu"].fingerprint_before, rows["prod-eu"].resource_version_before) == before["prod-eu"]
    assert writes(fleet)["prod-eu"] == counts["prod-eu"]  # never written, not even read-modify-written
    assert live(fleet)["prod-eu"] == before["prod-eu"]
    assert report.exit_code == 2 and records[0]["outcome"] == "partial"


def test_a_flux_kind_the_canary_does_not_serve_stops_every_write(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path: Path, new_token: str
) -> None:
    # The lab installs no HelmRelease CRD: the API server answers a bare (plain-text) 404.
    config = with_target(
        rotation_config,
        tmp_path,
        {"kind": "HelmRelease", "namespace": "backend", "name": "flux-apps", "clusters": ["staging"]},
    )
    counts = writes(fleet)
    records: list[dict[str, Any]] = []
    report = run(config, sandbox, new_token, audit=records.append)
    rows = {row.cluster: row for row in report.clusters}
    assert rows["staging"].status is Status.FAILED and rows["staging"].error_class == "not-found"
    assert rows["staging"].error == (
        "the API server does not serve HelmRelease at helm.toolkit.fluxcd.io/v2 "
        "(needed for HelmRelease backend/flux-apps)"
    )
    for name in ("prod-eu", "prod-us"):
        assert rows[name].status is Status.SKIPPED
        assert rows[name].error == "not attempted: the read-only look at canary staging failed"
        assert rows[name].fingerprint_before is not None
    assert writes(fleet) == counts  # no Secret, no reconcile request, no Lease
    assert records[0]["outcome"] == "failed"


def test_an_unreachable_cluster_is_reported_and_logged_in_words(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path: Path, new_token: str
) -> None:
    kubeconfig = json.loads(fleet.kubeconfig.read_text())
    closed = f"https://127.0.0.1:{free_port()}"  # nothing listens here
    next(c for c in kubeconfig["clusters"] if c["name"] == "prod-us")["cluster"]["server"] = closed
    (tmp_path / "kubeconfig").write_text(json.dumps(kubeconfig))

    def use_it(document: dict[str, Any]) -> None:
        document["clusters"]["prod-us"]["kubeconfig"] = str(tmp_path / "kubeconfig")

    config = variant(rotation_config, tmp_path / "rotation.yaml", use_it)
    structlog.reset_defaults()  # a CLI test may have left logging at WARNING
    with capture_logs() as logs:
        report = run(config, sandbox, new_token, dry_run=True)
    row = next(row for row in report.clusters if row.cluster == "prod-us")
    assert row.status is Status.FAILED and row.error_class == "unreachable"
    assert row.error == "read secret flux-system/flux-apps: API server unreachable (connection refused)"
    failed = [entry for entry in logs if entry["event"] == "k8s.request" and entry["cluster"] == "prod-us"]
    assert failed and all(entry["status"] == 0 and entry["failure"] == "ConnectError" for entry in failed)
    assert {entry["path"] for entry in failed} == {"/api/v1/namespaces/flux-system/secrets/flux-apps"}
    assert report.exit_code == 2
