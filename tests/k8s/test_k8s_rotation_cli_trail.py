"""Issue 15 through the CLI on real API servers: audit records of refused and locked runs, Kubernetes
errors in ghprov's words, ``--verbose`` request lines without secrets, and the dry-run summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from k8s_support import invoke, secret_forms, variant
from typer.testing import CliRunner

from ghprov.k8s.connect import ClusterAccess, connect
from ghprov.k8s.lease import acquire_lease, release_lease
from ghprov.settings import fingerprint
from ghprov_testbeds.k8s_lab.fleet import BOT, LabFleet
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.pats import mint_user_token

SECRET_PATH = "/api/v1/namespaces/flux-system/secrets/flux-apps"
GIT_REPOSITORY = "/apis/source.toolkit.fluxcd.io/v1/namespaces/{ns}/gitrepositories/flux-apps"
LEASE_PATH = "/apis/coordination.k8s.io/v1/namespaces/flux-system/leases/ghprov-rotation-flux-apps"


def rotate_args(config: Path, *extra: str) -> list[str]:
    return ["rotate", "apps", "--token-from", "env:T", "--config", str(config), *extra]


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def cluster_credentials(fleet: LabFleet) -> list[str]:
    return [user.token for cluster in fleet.clusters for user in cluster.users.values()]


def test_refused_and_locked_runs_are_in_the_audit_log(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path: Path
) -> None:
    audit = tmp_path / "audit.jsonl"
    env = {"GHPROV_ACTOR": "ci-job"}
    rejected = "github_pat_not_a_real_token_000000"
    code, _, err = invoke(
        cli, sandbox, rotate_args(rotation_config, "--audit-log", str(audit)), {**env, "T": rejected}
    )
    assert code == 3 and "TOKEN-VERIFY-FAILED" in err
    good = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    client = connect(ClusterAccess("staging", "staging", fleet.kubeconfig))
    handle = acquire_lease(client, "staging", "flux-system", "ghprov-rotation-flux-apps", "other-job", 300)
    try:
        code, out, err = invoke(
            cli, sandbox, rotate_args(rotation_config, "--audit-log", str(audit)), {**env, "T": good}
        )
    finally:
        release_lease(client, handle)
    assert code == 4 and "locked" in err and out == ""
    refused, locked = json_lines(audit.read_text())
    assert (refused["outcome"], refused["finding"], refused["actor"]) == (
        "refused",
        "TOKEN-VERIFY-FAILED",
        "ci-job",
    )
    assert refused["new_fingerprint"] == fingerprint(rejected)
    assert refused["reason"] == "GitHub rejected the token (401 Bad credentials)"
    assert (locked["outcome"], locked["actor"], locked["tenant"]) == ("locked", "ci-job", "flux-apps")
    assert "other-job" in locked["reason"] and set(locked["clusters"]) == {"staging", "prod-eu", "prod-us"}
    assert refused["correlation_id"] != locked["correlation_id"]
    text = audit.read_text()
    assert all(form not in text for token in (rejected, good) for form in secret_forms(token))


def test_verbose_logs_each_kubernetes_request_and_no_secret(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path: Path
) -> None:
    token = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    code, out, err = invoke(
        cli,
        sandbox,
        rotate_args(rotation_config, "--verbose", "--audit-log", str(tmp_path / "a")),
        {"T": token},
    )
    assert code == 0, out + err
    requests = [line for line in json_lines(err) if line.get("event") == "k8s.request"]
    assert {key for line in requests for key in line} == {
        "event",
        "level",
        "timestamp",
        "cluster",
        "method",
        "path",
        "status",
        "duration_ms",
    }
    seen = {(line["cluster"], line["method"], line["path"], line["status"]) for line in requests}
    for cluster in ("staging", "prod-eu", "prod-us"):
        assert (cluster, "GET", SECRET_PATH, 200) in seen
        assert (cluster, "PUT", SECRET_PATH, 200) in seen
        assert (cluster, "PATCH", GIT_REPOSITORY.format(ns="backend"), 200) in seen
    assert ("staging", "PUT", LEASE_PATH, 200) in seen
    for leak in [*secret_forms(token), *cluster_credentials(fleet), "Bearer", "Authorization"]:
        assert leak not in err and leak not in out


def test_dry_run_summary_and_kubernetes_errors_in_ghprovs_words(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path: Path
) -> None:
    token = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    code, out, err = invoke(cli, sandbox, rotate_args(rotation_config, "--dry-run"), {"T": token})
    assert code == 0, out + err
    assert "dry run, nothing written; would write the token on: staging, prod-eu, prod-us" in out
    assert "not confirmed" not in out
    [record] = json_lines(err)
    assert (record["mode"], record["outcome"]) == ("dry-run", "planned")

    def helm_release_on_prod_us(document: dict[str, Any]) -> None:
        target = {"kind": "HelmRelease", "namespace": "apps", "name": "podinfo", "clusters": ["prod-us"]}
        document["tokens"]["flux-apps"]["reconcile"].append(target)

    broken = variant(rotation_config, tmp_path / "rotation.yaml", helm_release_on_prod_us)
    code, out, err = invoke(cli, sandbox, rotate_args(broken, "--dry-run"), {"T": token})
    assert code == 2, out + err
    assert "would write the token on: staging, prod-eu; cannot rotate (see error) on: prod-us" in out
    assert "the API server does not serve HelmRelease at helm.toolkit.fluxcd.io/v2" in out
    for raw in ("HTTPStatusError", "Traceback", "Client error", "https://127.0.0.1"):
        assert raw not in out + err


def test_tokens_check_warns_while_clusters_hold_different_tokens(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path: Path
) -> None:
    first = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    assert invoke(cli, sandbox, rotate_args(rotation_config), {"T": first})[0] == 0

    def missing_on_prod_eu(document: dict[str, Any]) -> None:
        target = {"kind": "GitRepository", "namespace": "backend", "name": "gone", "clusters": ["prod-eu"]}
        document["tokens"]["flux-apps"]["reconcile"].append(target)

    broken = variant(rotation_config, tmp_path / "rotation.yaml", missing_on_prod_eu)
    second = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    code, out, _ = invoke(cli, sandbox, rotate_args(broken), {"T": second})
    assert code == 2 and "GitRepository backend/gone does not exist" in out
    code, out, _ = invoke(cli, sandbox, ["tokens", "check", "--config", str(rotation_config), "--json"], {})
    [tenant] = json.loads(out)["tenants"]
    assert code == 1 and tenant["level"] == "warning" and tenant["consistent"] is False
    assert tenant["clusters"] == {
        "staging": fingerprint(second),
        "prod-eu": fingerprint(first),
        "prod-us": fingerprint(second),
    }
    assert tenant["messages"][0].startswith("clusters hold different tokens")
