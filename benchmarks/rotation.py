"""Rotation benchmark: one tenant across 10 real API servers vs one alone (wall time, ghprov peak RSS),
for a PAT and for a deploy key.

Run: ``python -m benchmarks.rotation`` (needs ``scripts/kube_apiserver.sh``). Prints the figures and
writes them under a "Rotation" heading in docs/performance.md (other sections are kept).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import report
from ghprov.rotation.ssh_keys import generate_key_pair
from ghprov_testbeds.k8s_lab.clusters import find_binaries
from ghprov_testbeds.k8s_lab.credential_tenants import (
    add_tenant,
    sandbox_validator,
    tenant_entry,
    with_tenants,
)
from ghprov_testbeds.k8s_lab.fleet import BOT, LabFleet, rotation_file, seed_github, start_fleet
from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.pats import mint_user_token
from ghprov_testbeds.sandbox.rest_deploy_keys import add_deploy_key
from ghprov_testbeds.sandbox.rest_meta import host_keys

ROOT = Path(__file__).resolve().parents[1]


def timed_rotation(
    config: Path, sandbox: Sandbox, token: str | None, tenant: str = "apps"
) -> tuple[float, float, dict[str, object]]:
    """Run ``ghprov rotate`` as a child process; wall seconds, its peak RSS in MB, and its JSON report.

    Without ``token`` the tenant is a deploy-key one: ghprov generates the key (``--force``) and uses
    the owner's token as its own GitHub credential to register it and delete the old one.
    """
    env = {**os.environ, "GHPROV_API_URL": sandbox.url, "GHPROV_AUDIT_LOG": os.devnull}
    argv = [sys.executable, "-m", "ghprov", "rotate", tenant, "--config", str(config), "--json"]
    if token is None:
        env["GHPROV_TOKEN"] = sandbox.tokens["owner"]
        argv.append("--force")
    else:
        env["NEW_TOKEN"] = token
        argv += ["--token-from", "env:NEW_TOKEN"]
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        errors = child.stderr.read().decode()[-3000:] if child.stderr else ""
        raise SystemExit(f"rotation failed ({child.returncode}): {_failures(output)} {errors}")
    return wall, usage.ru_maxrss / 1024, json.loads(output)


def _failures(output: bytes) -> str:
    """The clusters that did not succeed, with their errors (the whole report is long and repetitive)."""
    try:
        report = json.loads(output)
    except ValueError:
        return output.decode()[-2000:]
    clusters = report.get("clusters", []) if isinstance(report, dict) else []
    failed = [
        f"{entry.get('cluster')}: {entry.get('status')}: {entry.get('error')}"
        for entry in clusters
        if isinstance(entry, dict) and entry.get("status") not in ("confirmed", "unchanged")
    ]
    return "; ".join(failed) or output.decode()[-2000:]


def deploy_key_runs(fleet: LabFleet, sandbox: Sandbox, root: Path) -> dict[str, float]:
    """The deploy-key rotation of one tenant on one cluster, then on all ten (figures as above)."""
    bootstrap = generate_key_pair()
    add_deploy_key(sandbox.state, "d1-infra", "flux bootstrap", bootstrap.public_key, read_only=False)
    initial = {
        "identity": bootstrap.private_key.get_secret_value(),
        "identity.pub": bootstrap.public_key + "\n",
        "known_hosts": "".join(f"github.com {key}\n" for key in host_keys(sandbox.state)),
    }
    for cluster in fleet.clusters:
        add_tenant(cluster, "flux-ssh", "ssh://git@github.com/acme/d1-infra", data=initial)
    for emulator in fleet.emulators:
        emulator.token_valid = sandbox_validator(sandbox.state, "d1-infra")
    names = [cluster.name for cluster in fleet.clusters]
    base = rotation_file(root / "base.yaml", fleet.kubeconfig, fleet.clusters, "acme")

    def config(clusters: list[str], path: Path) -> Path:
        entry = tenant_entry("flux-ssh", clusters, "d1-infra", "write", "deploy_key")
        return with_tenants(base, path, {"flux-ssh": entry})

    one_wall, one_rss, _ = timed_rotation(config(names[:1], root / "key-one.yaml"), sandbox, None, "flux-ssh")
    ten_wall, ten_rss, report = timed_rotation(
        config(names, root / "key-ten.yaml"), sandbox, None, "flux-ssh"
    )
    rows = report["clusters"]
    assert isinstance(rows, list) and report["confirmed"] is True
    canary = next(float(row["seconds"]) for row in rows if row["canary"])
    return {
        "one_wall": one_wall,
        "one_rss": one_rss,
        "ten_wall": ten_wall,
        "ten_rss": ten_rss,
        "canary": canary,
    }


BEGIN = "<!-- bench:rotation:begin -->"
END = "<!-- bench:rotation:end -->"


def write_section(text: str) -> None:
    """Replace (or add) the Rotation section of docs/performance.md, leaving the others alone."""
    report.replace_section(BEGIN, END, f"{BEGIN}\n{text.rstrip()}\n{END}")


def main() -> None:
    binaries = find_binaries()
    if binaries is None:
        raise SystemExit("kube-apiserver/etcd not found: run scripts/kube_apiserver.sh first")
    names = [f"cluster-{index:02d}" for index in range(10)]
    with tempfile.TemporaryDirectory() as work, Sandbox.start(org="acme", logins={"bot": BOT}) as sandbox:
        seed_github(sandbox.state)
        root = Path(work)
        started = time.perf_counter()
        fleet = start_fleet(names, root, binaries, mint_user_token(sandbox.state, BOT, expires_in_days=5))
        startup = time.perf_counter() - started
        try:
            alone = rotation_file(root / "one.yaml", fleet.kubeconfig, fleet.clusters[:1], "acme")
            ten = rotation_file(root / "ten.yaml", fleet.kubeconfig, fleet.clusters, "acme")
            one_wall, one_rss, _ = timed_rotation(alone, sandbox, mint_user_token(sandbox.state, BOT))
            ten_wall, ten_rss, report = timed_rotation(ten, sandbox, mint_user_token(sandbox.state, BOT))
            keys = deploy_key_runs(fleet, sandbox, root)
        finally:
            fleet.stop()
    rows = report["clusters"]
    assert isinstance(rows, list)
    canary = next(float(row["seconds"]) for row in rows if row["canary"])
    target = canary + 2 * one_wall
    key_target = keys["canary"] + 2 * keys["one_wall"]
    key_verdict = "met" if keys["ten_wall"] <= key_target else "missed"
    text = f"""## Rotation

`python -m benchmarks.rotation` (`nox -s bench`): one tenant (`flux-apps`, 2 GitRepositories and 2
Kyverno clones per cluster) rotated by `ghprov rotate` as a child process against real kube-apiserver
1.20 + etcd processes on this machine ({os.cpu_count()} cores); the Flux and Kyverno stand-ins confirm
through watches. Measured {time.strftime("%Y-%m-%d")}.

| run | wall time | ghprov peak RSS |
|---|---|---|
| 1 cluster alone | {one_wall:.2f} s | {one_rss:.0f} MB |
| 10 clusters (canary, then 9 in parallel) | {ten_wall:.2f} s | {ten_rss:.0f} MB |

Canary step inside the 10-cluster run: {canary:.2f} s. Target ≤ canary + 2 x one-cluster time =
{target:.2f} s: **{"met" if ten_wall <= target else "missed"}**. (Starting the 10 API servers took
{startup:.0f} s and is not counted.)

### Deploy keys (`auth: deploy_key`)

One deploy-key tenant (`flux-ssh`, one `ssh://` GitRepository per cluster), `ghprov rotate flux-ssh
--force`: read GitHub's host keys (`GET /meta`) and the repository's keys, generate an ed25519 key,
register it (`POST .../keys`) before the canary's write, and delete the old key (`DELETE`) once every
cluster confirmed; the Flux stand-in accepts the key only once GitHub has it. ghprov's write pacing
(1 s between GitHub writes) is part of the time.

| run | wall time | ghprov peak RSS |
|---|---|---|
| 1 cluster alone | {keys["one_wall"]:.2f} s | {keys["one_rss"]:.0f} MB |
| 10 clusters (canary, then 9 in parallel) | {keys["ten_wall"]:.2f} s | {keys["ten_rss"]:.0f} MB |

Canary step: {keys["canary"]:.2f} s. Target ≤ canary + 2 x one-cluster time = {key_target:.2f} s:
**{key_verdict}**.
"""
    print(text)
    write_section(text)


if __name__ == "__main__":
    main()
