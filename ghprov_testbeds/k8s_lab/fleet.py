"""A D1-shaped lab: N local clusters with Flux objects, the Secret to rotate, stand-in controllers, a
kubeconfig and a matching rotation file, plus the GitHub side in a sandbox. Used by tests and the benchmark.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2

from ghprov_testbeds.k8s_lab.clusters import (
    Binaries,
    LocalCluster,
    StaticUser,
    start_clusters,
    write_kubeconfig,
)
from ghprov_testbeds.k8s_lab.flux_crds import install_flux_crds
from ghprov_testbeds.k8s_lab.flux_emulator import CloneRule, FluxEmulator, lab_http
from ghprov_testbeds.sandbox.state import GitHubState, Membership, Repository, Team, node_id

ROTATOR_USER = "system:serviceaccount:flux-system:ghprov-rotator"
TENANT_NAMESPACES = ("backend", "frontend")
BOT = "acme-flux-bot"


def seed_github(state: GitHubState, bot: str = BOT) -> None:
    """d1-fleet/d1-infra/d1-apps and a flux-bots team giving ``bot`` write on infra and apps."""
    with state.lock:
        state.add_user(bot)
        state.memberships.setdefault(bot, Membership(role="member"))
        for name in ("d1-fleet", "d1-infra", "d1-apps"):
            if state.repository(name) is None:
                ident = state.new_id()
                repo = state.add_repository(
                    Repository(
                        id=ident, node_id=node_id("Repository", ident), name=name, visibility="private"
                    )
                )
                repo.branches["main"] = "0" * 40
        ident = state.new_id()
        team = state.add_team(
            Team(id=ident, node_id=node_id("Team", ident), name="flux-bots", slug="flux-bots")
        )
        team.members = {bot: "member"}
        team.repos = {"d1-fleet": "read", "d1-infra": "write", "d1-apps": "write"}


def _body(kind: str, api: str, namespace: str, name: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": api, "kind": kind, "metadata": {"name": name, "namespace": namespace}, "spec": spec}


def _post(http: httpx2.Client, path: str, body: dict[str, Any]) -> None:
    response = http.post(path, json=body)
    if response.status_code not in (201, 409):
        raise RuntimeError(f"lab setup: POST {path}: {response.status_code} {response.text}")


def prepare_cluster(cluster: LocalCluster, initial_token: str) -> None:
    """Namespaces, Flux CRDs and objects, and ``flux-system/flux-apps`` holding ``initial_token``."""
    with lab_http(cluster) as http:
        install_flux_crds(http)
        for namespace in ("flux-system", *TENANT_NAMESPACES):
            _post(
                http,
                "/api/v1/namespaces",
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}},
            )
        secret = {
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {
                "name": "flux-apps",
                "namespace": "flux-system",
                "labels": {"toolkit.fluxcd.io/tenant": "apps"},
            },
            "data": {
                "username": base64.b64encode(b"git").decode(),
                "password": base64.b64encode(initial_token.encode()).decode(),
            },
        }
        _post(http, "/api/v1/namespaces/flux-system/secrets", secret)
        api = "source.toolkit.fluxcd.io/v1"
        for namespace in TENANT_NAMESPACES:
            spec = {
                "interval": "1m",
                "url": "https://github.com/acme/d1-apps.git",
                "ref": {"branch": "main"},
                "secretRef": {"name": "flux-apps"},
            }
            _post(
                http,
                f"/apis/{api}/namespaces/{namespace}/gitrepositories",
                _body("GitRepository", api, namespace, "flux-apps", spec),
            )


def rotation_file(
    path: Path, kubeconfig: Path, clusters: list[LocalCluster], organization: str, timeout: str = "30s"
) -> Path:
    """A rotation file for the lab's apps tenant (JSON, which is YAML)."""
    names = [c.name for c in clusters]
    document = {
        "organization": organization,
        # The sandbox plays github.com, but its API URL (http://127.0.0.1:PORT) names no SSH host.
        "ssh_host": "github.com",
        "clusters": {name: {"context": name, "kubeconfig": str(kubeconfig)} for name in names},
        "tokens": {
            "flux-apps": {
                "bot": BOT,
                "repositories": {"d1-apps": "write"},
                "secret": {
                    "namespace": "flux-system",
                    "name": "flux-apps",
                    "labels": {"toolkit.fluxcd.io/tenant": "apps"},
                },
                "clusters": names,
                "canary": names[0],
                "reconcile": [
                    {"kind": "GitRepository", "namespace": ns, "name": "flux-apps"}
                    for ns in TENANT_NAMESPACES
                ],
                "clones": [{"namespace": ns} for ns in TENANT_NAMESPACES],
                "confirm_timeout": timeout,
            }
        },
    }
    path.write_text(json.dumps(document, indent=2))
    return path


@dataclass
class LabFleet:
    """Running clusters with their emulators; ``stop()`` ends every process it started."""

    clusters: list[LocalCluster]
    emulators: list[FluxEmulator]
    kubeconfig: Path
    rotator_kubeconfig: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def cluster(self, name: str) -> LocalCluster:
        return next(c for c in self.clusters if c.name == name)

    def emulator(self, name: str) -> FluxEmulator:
        return next(e for e in self.emulators if e.cluster.name == name)

    def stop(self) -> None:
        for emulator in self.emulators:
            emulator.stop()
        for cluster in self.clusters:
            cluster.stop()


def start_fleet(names: list[str], root: Path, binaries: Binaries, initial_token: str) -> LabFleet:
    """Start and prepare the clusters, their emulators and kubeconfigs (admin for ghprov, and the rotator)."""
    import secrets

    rotator = {
        "rotator": StaticUser(
            secrets.token_hex(16),
            ROTATOR_USER,
            ("system:serviceaccounts", "system:serviceaccounts:flux-system"),
        )
    }
    clusters = start_clusters(names, root, binaries, rotator)
    emulators: list[FluxEmulator] = []
    try:
        for cluster in clusters:
            prepare_cluster(cluster, initial_token)
            emulators.append(
                FluxEmulator(
                    cluster, clones=[CloneRule({"toolkit.fluxcd.io/tenant": "apps"}, list(TENANT_NAMESPACES))]
                ).start()
            )
    except BaseException:
        for emulator in emulators:
            emulator.stop()
        for cluster in clusters:
            cluster.stop()
        raise
    kubeconfig = write_kubeconfig(root / "kubeconfig", clusters, "ghprov")
    rotator_kubeconfig = write_kubeconfig(root / "kubeconfig-rotator", clusters, "rotator")
    return LabFleet(clusters, emulators, kubeconfig, rotator_kubeconfig)
