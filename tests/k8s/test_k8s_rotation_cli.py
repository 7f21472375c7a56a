"""The CLI end to end on real API servers: least-privilege RBAC, no token leakage, tokens check."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from k8s_support import invoke
from typer.testing import CliRunner

from ghprov_testbeds.k8s_lab.fleet import BOT, LabFleet
from ghprov_testbeds.k8s_lab.flux_emulator import lab_http
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.pats import mint_user_token

MANIFESTS = Path(__file__).resolve().parents[2] / "config" / "rotation"
PATHS = {
    "ServiceAccount": "/api/v1/namespaces/{ns}/serviceaccounts",
    "Role": "/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/roles",
    "RoleBinding": "/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings",
    "Lease": "/apis/coordination.k8s.io/v1/namespaces/{ns}/leases",
}


def test_least_privilege_rbac_suffices(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path: Path
) -> None:
    for cluster in fleet.clusters:
        with lab_http(cluster) as http:
            http.post(
                "/api/v1/namespaces",
                json={"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "apps-update"}},
            )
            for document in yaml.safe_load_all((MANIFESTS / "rbac.yaml").read_text()):
                path = PATHS[document["kind"]].format(ns=document["metadata"]["namespace"])
                assert http.post(path, json=document).status_code in (201, 409)
    config = tmp_path / "rotation.yaml"
    document = json.loads(rotation_config.read_text())
    for cluster in document["clusters"].values():
        cluster["kubeconfig"] = str(fleet.rotator_kubeconfig)
    config.write_text(json.dumps(document))
    token = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    code, out, err = invoke(
        cli,
        sandbox,
        ["rotate", "apps", "--token-from", "env:NEW", "--config", str(config), "--json"],
        {"NEW": token},
    )
    assert code == 0, out + err
    assert json.loads(out)["confirmed"] is True
    # ...and nothing more: the rotator cannot list Secrets, read another Secret, or delete.
    with lab_http(fleet.clusters[1], "rotator") as http:
        assert http.get("/api/v1/namespaces/flux-system/secrets").status_code == 403
        assert http.get("/api/v1/namespaces/flux-system/secrets/other").status_code == 403
        assert http.delete("/api/v1/namespaces/flux-system/secrets/flux-apps").status_code == 403
        assert (
            http.post("/api/v1/namespaces/flux-system/secrets", json={"metadata": {"name": "x"}}).status_code
            == 403
        )


def test_token_never_leaks(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, rotation_config: Path, tmp_path: Path
) -> None:
    canary = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    report, audit = tmp_path / "report.json", tmp_path / "audit.jsonl"
    args = [
        "rotate",
        "apps",
        "--token-from",
        f"file:{tmp_path / 't'}",
        "--config",
        str(rotation_config),
        "--verbose",
    ]
    (tmp_path / "t").write_text(canary + "\n")
    code, out, err = invoke(cli, sandbox, [*args, "--report", str(report), "--audit-log", str(audit)], {})
    assert code == 0, out + err
    rejected = [
        "rotate",
        "apps",
        "--token-from",
        "env:BAD",
        "--config",
        str(rotation_config),
        "--verbose",
        "--json",
    ]
    bad_code, bad_out, bad_err = invoke(cli, sandbox, rejected, {"BAD": canary + "x"})
    assert bad_code == 3 and "TOKEN-VERIFY-FAILED" in bad_err
    texts = [out, err, bad_out, bad_err, report.read_text(), audit.read_text()]
    texts += [(c.workdir / "kube-apiserver.log").read_text(errors="replace") for c in fleet.clusters]
    texts += [c.audit_log.read_text() for c in fleet.clusters]
    assert all(canary not in text for text in texts)
    record = json.loads(audit.read_text().splitlines()[-1])
    assert record["outcome"] == "confirmed" and record["new_fingerprint"].startswith("sha256:")


def test_tokens_check_reports_expiry_and_consistency(
    cli: CliRunner, fleet: LabFleet, sandbox: Sandbox, rotation_config: Path
) -> None:
    soon = mint_user_token(sandbox.state, BOT, expires_in_days=20)
    code, out, err = invoke(
        cli,
        sandbox,
        ["rotate", "apps", "--token-from", "env:T", "--config", str(rotation_config)],
        {"T": soon},
    )
    assert code == 0, out + err
    code, out, _ = invoke(cli, sandbox, ["tokens", "check", "--config", str(rotation_config), "--json"], {})
    data = json.loads(out)
    assert (
        code == 0 and data["tenants"][0]["consistent"] is True and 19 < data["tenants"][0]["days_left"] <= 20
    )
    # Within warn_days: warning (exit 1); unattended job: due.
    sandbox.state.tokens[soon].expires_at -= 10 * 86400
    code, out, _ = invoke(cli, sandbox, ["tokens", "check", "--config", str(rotation_config)], {})
    assert code == 1 and "WARNING" in out
    fresh = mint_user_token(sandbox.state, BOT, expires_in_days=60)
    code, out, _ = invoke(
        cli,
        sandbox,
        [
            "rotate",
            "apps",
            "--token-from",
            "env:T",
            "--config",
            str(rotation_config),
            "--if-expiring-within",
            "5d",
        ],
        {"T": fresh},
    )
    assert code == 0 and out.startswith("not due")
    code, out, err = invoke(
        cli,
        sandbox,
        [
            "rotate",
            "apps",
            "--token-from",
            "env:T",
            "--config",
            str(rotation_config),
            "--if-expiring-within",
            "14d",
        ],
        {"T": fresh},
    )
    assert code == 0, out + err
    assert "confirmed" in out
