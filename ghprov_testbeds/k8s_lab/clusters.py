"""Start and stop real ``etcd`` + ``kube-apiserver`` pairs on 127.0.0.1, one pair per "cluster".

Binaries come from ``scripts/kube_apiserver.sh`` (which builds and caches kube-apiserver) and Debian's
etcd. Every process is stopped through its own handle, never by name.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ghprov.errors import GhprovError
from ghprov_testbeds.k8s_lab import leftovers

ADMIN_USER = "lab-admin"
AUDIT_POLICY = """\
apiVersion: audit.k8s.io/v1
kind: Policy
# Only RequestReceived: it is written before the request is served, so a test that reads the log
# right after a call sees it.
omitStages: [ResponseStarted, ResponseComplete, Panic]
rules:
  - level: Metadata
"""
WRITE_VERBS = frozenset({"create", "update", "patch", "delete", "deletecollection"})


@dataclass(frozen=True)
class Binaries:
    """Paths of the two server binaries."""

    kube_apiserver: Path
    etcd: Path


def cache_dirs() -> list[Path]:
    """Where ``scripts/kube_apiserver.sh`` may have cached kube-apiserver, in its order."""
    xdg = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    dirs = [Path(os.environ["GHPROV_K8S_CACHE"])] if os.environ.get("GHPROV_K8S_CACHE") else []
    return [*dirs, Path("/var/cache/ghprov-k8s"), xdg / "ghprov-k8s"]


def find_binaries() -> Binaries | None:
    """kube-apiserver ($GHPROV_KUBE_APISERVER, the cache, PATH) and etcd ($GHPROV_ETCD, PATH), or None."""
    apiserver = os.environ.get("GHPROV_KUBE_APISERVER") or next(
        (str(d / "bin" / "kube-apiserver") for d in cache_dirs() if (d / "bin" / "kube-apiserver").is_file()),
        shutil.which("kube-apiserver"),
    )
    etcd = os.environ.get("GHPROV_ETCD") or shutil.which("etcd")
    if not apiserver or not etcd or not Path(apiserver).is_file() or not Path(etcd).is_file():
        return None
    return Binaries(Path(apiserver), Path(etcd))


def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class StaticUser:
    """A line of the API server's static token file."""

    token: str
    user: str
    groups: tuple[str, ...] = ()


@dataclass
class LocalCluster:
    """One etcd + kube-apiserver pair. ``users`` maps a short name to its static-token identity."""

    name: str
    workdir: Path
    binaries: Binaries
    users: dict[str, StaticUser]
    etcd_port: int = field(default_factory=free_port)
    etcd_peer_port: int = field(default_factory=free_port)
    api_port: int = field(default_factory=free_port)
    etcd_process: subprocess.Popen[bytes] | None = None
    api_process: subprocess.Popen[bytes] | None = None

    @property
    def server(self) -> str:
        return f"https://127.0.0.1:{self.api_port}"

    @property
    def ca_file(self) -> Path:
        # kube-apiserver's self-signed serving certificate (it is its own authority).
        return self.workdir / "certs" / "apiserver.crt"

    @property
    def audit_log(self) -> Path:
        return self.workdir / "audit.log"

    def start(self, timeout: float = 60.0) -> None:
        """Start etcd, then the API server, and wait until ``/readyz`` says ok."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        self._prepare_files()
        self.etcd_process = self._spawn(
            "etcd",
            [
                str(self.binaries.etcd),
                "--name",
                self.name,
                "--data-dir",
                str(self.workdir / "etcd"),
                "--listen-client-urls",
                f"http://127.0.0.1:{self.etcd_port}",
                "--advertise-client-urls",
                f"http://127.0.0.1:{self.etcd_port}",
                "--listen-peer-urls",
                f"http://127.0.0.1:{self.etcd_peer_port}",
                "--initial-advertise-peer-urls",
                f"http://127.0.0.1:{self.etcd_peer_port}",
                "--initial-cluster",
                f"{self.name}=http://127.0.0.1:{self.etcd_peer_port}",
            ],
        )
        self.start_apiserver(timeout)

    def start_apiserver(self, timeout: float = 60.0) -> None:
        """(Re)start the API server on its port, against the same etcd; waits until ready."""
        self.api_process = self._spawn(
            "kube-apiserver",
            [
                str(self.binaries.kube_apiserver),
                f"--etcd-servers=http://127.0.0.1:{self.etcd_port}",
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                f"--secure-port={self.api_port}",
                f"--cert-dir={self.workdir / 'certs'}",
                f"--token-auth-file={self.workdir / 'tokens.csv'}",
                f"--service-account-key-file={self.workdir / 'sa.pub'}",
                f"--service-account-signing-key-file={self.workdir / 'sa.key'}",
                "--service-account-issuer=https://kubernetes.default.svc",
                "--authorization-mode=RBAC",
                "--service-cluster-ip-range=10.0.0.0/24",
                "--disable-admission-plugins=ServiceAccount",
                f"--audit-policy-file={self.workdir / 'audit-policy.yaml'}",
                f"--audit-log-path={self.audit_log}",
                "--audit-log-format=json",
            ],
        )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        """Poll ``/readyz`` until it answers ok; raise with the server's log tail if it does not."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.api_process is not None and self.api_process.poll() is not None:
                break
            if self.ca_file.is_file() and self._readyz():
                return
            time.sleep(0.2)
        tail = (self.workdir / "kube-apiserver.log").read_text(errors="replace")[-2000:]
        raise GhprovError(f"kube-apiserver for {self.name} did not become ready:\n{tail}")

    def _readyz(self) -> bool:
        request = urllib.request.Request(
            f"{self.server}/readyz", headers={"Authorization": f"Bearer {self.users['admin'].token}"}
        )
        try:
            # Inside the try: the API server may still be writing its certificate (an empty or
            # partial file is "no certificate found"), which only means "not ready yet".
            context = ssl.create_default_context(cafile=str(self.ca_file))
            with urllib.request.urlopen(request, context=context, timeout=2) as response:
                return bool(response.read() == b"ok")
        except (urllib.error.URLError, OSError, ssl.SSLError):
            return False

    def stop_apiserver(self) -> None:
        """Stop the API server (etcd keeps running, so a restart finds the same data)."""
        _terminate(self.api_process)
        self.api_process = None

    def stop(self) -> None:
        """Stop both processes."""
        self.stop_apiserver()
        _terminate(self.etcd_process)
        self.etcd_process = None

    def writes_by(self, user: str) -> list[dict[str, Any]]:
        """Audit events of write requests made by ``user`` (verb, objectRef, requestURI...)."""
        if not self.audit_log.is_file():
            return []
        events = []
        for line in self.audit_log.read_text().splitlines():
            event = json.loads(line)
            if event.get("verb") in WRITE_VERBS and (event.get("user") or {}).get("username") == user:
                events.append(event)
        return events

    def _prepare_files(self) -> None:
        key, public = str(self.workdir / "sa.key"), str(self.workdir / "sa.pub")
        if not (self.workdir / "sa.key").exists():
            subprocess.run(["openssl", "genrsa", "-out", key, "2048"], check=True, capture_output=True)
            subprocess.run(
                ["openssl", "rsa", "-in", key, "-pubout", "-out", public], check=True, capture_output=True
            )
        lines = [
            f'{u.token},{u.user},{u.user},"{",".join(u.groups)}"'
            if u.groups
            else f"{u.token},{u.user},{u.user}"
            for u in self.users.values()
        ]
        (self.workdir / "tokens.csv").write_text("\n".join(lines) + "\n")
        (self.workdir / "audit-policy.yaml").write_text(AUDIT_POLICY)

    def _spawn(self, what: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = (self.workdir / f"{what}.log").open("ab")
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        leftovers.record(process)
        return process


def _terminate(process: subprocess.Popen[bytes] | None) -> None:
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    leftovers.forget(process)


def default_users() -> dict[str, StaticUser]:
    """An admin for the lab itself, and a separate admin for ghprov so audits can tell them apart."""
    return {
        "admin": StaticUser(secrets.token_hex(16), ADMIN_USER, ("system:masters",)),
        "ghprov": StaticUser(secrets.token_hex(16), "ghprov-admin", ("system:masters",)),
    }


def start_clusters(
    names: list[str], root: Path, binaries: Binaries, extra_users: dict[str, StaticUser] | None = None
) -> list[LocalCluster]:
    """Start one cluster per name in parallel under ``root``; on any failure stop those started.

    Processes a killed earlier run left behind are stopped first (``leftovers``).
    """
    leftovers.stop_leftovers()
    clusters = [
        LocalCluster(name, root / name, binaries, {**default_users(), **(extra_users or {})})
        for name in names
    ]
    with ThreadPoolExecutor(max_workers=len(clusters)) as pool:
        futures = [pool.submit(cluster.start) for cluster in clusters]
        errors = [future.exception() for future in futures]
    failure = next((error for error in errors if error is not None), None)
    if failure is not None:
        for cluster in clusters:
            cluster.stop()
        raise failure
    return clusters


def write_kubeconfig(path: Path, clusters: list[LocalCluster], user: str) -> Path:
    """A kubeconfig with one context per cluster (named like it), authenticating as ``users[user]``."""
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {"name": c.name, "cluster": {"server": c.server, "certificate-authority": str(c.ca_file)}}
            for c in clusters
        ],
        "users": [{"name": f"{c.name}-{user}", "user": {"token": c.users[user].token}} for c in clusters],
        "contexts": [
            {"name": c.name, "context": {"cluster": c.name, "user": f"{c.name}-{user}"}} for c in clusters
        ],
        "current-context": clusters[0].name,
    }
    path.write_text(json.dumps(config, indent=2))  # JSON is YAML: kubectl and lightkube read it
    path.chmod(0o600)
    return path
