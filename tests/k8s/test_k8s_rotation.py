"""Rotation on three real API servers: in place, canary first, idempotent, conflict-safe, fault-tolerant."""

from __future__ import annotations

import base64
import json
import threading
from pathlib import Path

import httpx2
import pytest
from k8s_support import password, run, secret, writes

from ghprov.k8s.secrets import SecretObject
from ghprov.rotation.cluster import ClusterOptions
from ghprov.rotation.errors import RotationLocked, TokenVerificationFailed
from ghprov.rotation.results import Status
from ghprov.settings import fingerprint
from ghprov_testbeds.k8s_lab.fleet import BOT, LabFleet
from ghprov_testbeds.k8s_lab.flux_emulator import lab_http
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.pats import mint_user_token


def test_happy_path_in_place_on_three_clusters(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    before = {c.name: secret(fleet, c.name) for c in fleet.clusters}
    events: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        with lab_http(fleet.cluster("prod-eu")) as http:
            http.timeout = httpx2.Timeout(40.0)
            params = {
                "watch": "1",
                "resourceVersion": before["prod-eu"]["metadata"]["resourceVersion"],
                "fieldSelector": "metadata.name=flux-apps",
                "timeoutSeconds": "30",
            }
            with http.stream("GET", "/api/v1/namespaces/flux-system/secrets", params=params) as stream:
                for line in stream.iter_lines():
                    if line:
                        events.append(json.loads(line)["type"])
                    if stop.is_set():
                        return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    report = run(rotation_config, sandbox, new_token)
    stop.set()
    assert report.confirmed, report.as_dict()
    assert [row.cluster for row in report.clusters] == ["staging", "prod-eu", "prod-us"]
    assert all(row.status is Status.CONFIRMED and row.action == "update" for row in report.clusters)
    for row in report.clusters:
        after = secret(fleet, row.cluster)
        assert password(after) == new_token
        assert base64.b64decode(after["data"]["username"]) == b"git"
        assert after["metadata"]["uid"] == before[row.cluster]["metadata"]["uid"]
        assert after["metadata"]["labels"]["toolkit.fluxcd.io/tenant"] == "apps"
        assert after["type"] == "Opaque"
        assert after["metadata"]["annotations"]["ghprov.io/token-fingerprint"] == fingerprint(new_token)
        assert row.resource_version_before == before[row.cluster]["metadata"]["resourceVersion"]
        assert row.resource_version_after == after["metadata"]["resourceVersion"]
        assert password(secret(fleet, row.cluster, "backend")) == new_token  # the Kyverno clone followed
        assert sorted(row.confirmed) == [
            "GitRepository backend/flux-apps",
            "GitRepository frontend/flux-apps",
        ]
    watcher.join(timeout=35)
    assert "DELETED" not in events and "MODIFIED" in events
    assert report.as_dict()["old_token"]["still_in_use_on"] == []


def test_rerun_is_idempotent_with_zero_writes(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    assert run(rotation_config, sandbox, new_token).confirmed
    counts = writes(fleet)
    again = run(rotation_config, sandbox, new_token)
    assert again.confirmed
    assert [row.status for row in again.clusters] == [Status.UNCHANGED] * 3
    assert writes(fleet) == counts


def test_dry_run_writes_nothing(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    counts = writes(fleet)
    report = run(rotation_config, sandbox, new_token, dry_run=True)
    assert [row.status for row in report.clusters] == [Status.PLANNED] * 3
    assert [row.action for row in report.clusters] == ["update"] * 3
    assert writes(fleet) == counts
    assert sandbox.writes() == []


def test_conflict_from_a_concurrent_writer_is_retried(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    raced: list[str] = []

    def concurrent_writer(cluster: str, current: SecretObject | None) -> None:
        if cluster != "prod-us" or raced:
            return
        raced.append(cluster)
        with lab_http(fleet.cluster(cluster)) as http:
            body = secret(fleet, cluster)
            body["metadata"]["labels"]["team"] = "platform"
            assert http.put("/api/v1/namespaces/flux-system/secrets/flux-apps", json=body).status_code == 200

    report = run(
        rotation_config,
        sandbox,
        new_token,
        options=ClusterOptions(poll_interval=0.05, before_write=concurrent_writer),
    )
    assert report.confirmed
    row = next(r for r in report.clusters if r.cluster == "prod-us")
    assert row.attempts == 2
    after = secret(fleet, "prod-us")
    assert after["metadata"]["labels"]["team"] == "platform"  # the other writer's change survived
    assert password(after) == new_token


def test_conflict_forever_fails_that_cluster_only(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    def always(cluster: str, current: SecretObject | None) -> None:
        if cluster == "prod-eu":
            with lab_http(fleet.cluster(cluster)) as http:
                body = secret(fleet, cluster)
                body["metadata"].setdefault("annotations", {})["bump"] = str(
                    len(body["metadata"]["resourceVersion"]) + int(body["metadata"]["resourceVersion"])
                )
                http.put("/api/v1/namespaces/flux-system/secrets/flux-apps", json=body)

    report = run(
        rotation_config,
        sandbox,
        new_token,
        options=ClusterOptions(poll_interval=0.05, before_write=always, max_attempts=3),
    )
    rows = {r.cluster: r for r in report.clusters}
    assert rows["prod-eu"].status is Status.FAILED and rows["prod-eu"].error_class == "conflict"
    assert rows["prod-eu"].attempts == 3
    assert rows["prod-us"].status is Status.CONFIRMED
    assert not report.confirmed


def test_canary_failure_means_zero_writes_elsewhere(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    canary = fleet.emulator("staging")
    canary.token_valid = lambda cluster, token: token != new_token  # GitHub-side: Flux cannot pull with it
    counts = writes(fleet)
    try:
        report = run(rotation_config, sandbox, new_token)
    finally:
        canary.token_valid = lambda cluster, token: True
    rows = {r.cluster: r for r in report.clusters}
    assert rows["staging"].status is Status.WRITTEN
    assert "authentication required" in (rows["staging"].error or "")
    assert rows["prod-eu"].status is Status.SKIPPED and rows["prod-us"].status is Status.SKIPPED
    after = writes(fleet)
    assert after["prod-eu"] == counts["prod-eu"] and after["prod-us"] == counts["prod-us"]
    assert report.as_dict()["old_token"]["still_in_use_on"] == ["staging", "prod-eu", "prod-us"]
    # Rolling the canary back to the token the others still hold converges it again.
    old = password(secret(fleet, "prod-eu"))
    back = run(rotation_config, sandbox, old, rollback=True)
    assert back.confirmed and back.mode == "rollback"
    assert password(secret(fleet, "staging")) == old


def test_api_server_stopped_mid_rotation_then_rerun_converges(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    victim = fleet.cluster("prod-us")
    canary = fleet.emulator("staging")

    def stop_victim(cluster: str, what: str) -> None:
        if victim.api_process is not None:
            victim.stop_apiserver()

    canary.on_reconcile = stop_victim
    try:
        report = run(rotation_config, sandbox, new_token)
    finally:
        canary.on_reconcile = None
        victim.start_apiserver()
    rows = {r.cluster: r for r in report.clusters}
    assert rows["staging"].status is Status.CONFIRMED and rows["prod-eu"].status is Status.CONFIRMED
    assert rows["prod-us"].status is Status.FAILED and rows["prod-us"].error_class == "unreachable"
    assert not report.confirmed
    counts = writes(fleet)
    rerun = run(rotation_config, sandbox, new_token)
    assert rerun.confirmed
    statuses = {r.cluster: r.status for r in rerun.clusters}
    assert statuses == {"staging": Status.UNCHANGED, "prod-eu": Status.UNCHANGED, "prod-us": Status.CONFIRMED}
    after = writes(fleet)
    assert after["prod-eu"] == counts["prod-eu"]


@pytest.mark.parametrize("problem", ["401", "identity", "access", "expiry"])
def test_bad_token_writes_nothing(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, problem: str
) -> None:
    if problem == "401":
        token, expected = "github_pat_not_a_real_token_000000", "401"
    elif problem == "identity":
        token, expected = (
            mint_user_token(sandbox.state, "someone-else", expires_in_days=60),
            "not as the declared bot",
        )
    elif problem == "access":
        token, expected = (
            mint_user_token(sandbox.state, BOT, expires_in_days=60),
            "read access, write is declared",
        )
    else:
        token, expected = mint_user_token(sandbox.state, BOT, expires_in_days=2), "policy minimum"
    counts = writes(fleet)
    team = next(t for t in sandbox.state.teams.values() if t.slug == "flux-bots")
    if problem == "access":
        team.repos["d1-apps"] = "read"  # the bot lost write on d1-apps
    try:
        with pytest.raises(TokenVerificationFailed) as caught:
            run(rotation_config, sandbox, token)
    finally:
        team.repos["d1-apps"] = "write"
    assert expected in caught.value.message
    assert "TOKEN-VERIFY-FAILED" in caught.value.message
    assert token not in caught.value.message
    assert writes(fleet) == counts
    assert caught.value.exit_code == 3


def test_a_held_lease_locks_out_a_second_rotation(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    from ghprov.k8s.connect import ClusterAccess, connect
    from ghprov.k8s.lease import acquire_lease, release_lease

    client = connect(ClusterAccess("staging", "staging", fleet.kubeconfig))
    handle = acquire_lease(client, "staging", "flux-system", "ghprov-rotation-flux-apps", "another-run", 300)
    try:
        with pytest.raises(RotationLocked, match="locked"):
            run(rotation_config, sandbox, new_token)
    finally:
        release_lease(client, handle)
    assert run(rotation_config, sandbox, new_token).confirmed


def test_missing_secret_is_created_with_labels(
    fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    with lab_http(fleet.cluster("prod-eu")) as http:
        assert http.delete("/api/v1/namespaces/flux-system/secrets/flux-apps").status_code == 200
    report = run(rotation_config, sandbox, new_token)
    row = next(r for r in report.clusters if r.cluster == "prod-eu")
    assert row.action == "create" and row.status is Status.CONFIRMED
    created = secret(fleet, "prod-eu")
    assert created["metadata"]["labels"] == {"toolkit.fluxcd.io/tenant": "apps"}
    assert password(created) == new_token


def test_unreachable_kubeconfig_context_is_a_clear_error(
    tmp_path: Path, sandbox: Sandbox, rotation_config: Path, new_token: str
) -> None:
    broken = tmp_path / "rotation.yaml"
    document = json.loads(rotation_config.read_text())
    document["clusters"]["prod-us"]["context"] = "nowhere"
    broken.write_text(json.dumps(document))
    report = run(broken, sandbox, new_token)
    row = next(r for r in report.clusters if r.cluster == "prod-us")
    assert row.status is Status.FAILED and row.error_class == "kubeconfig"
    assert "nowhere" in (row.error or "")


def test_httpx_is_the_transport(fleet: LabFleet) -> None:
    # lightkube speaks httpx; the lab's own client is a plain httpx client against the same server.
    with lab_http(fleet.cluster("staging")) as http:
        assert isinstance(http, httpx2.Client)
        assert http.get("/readyz").text == "ok"
