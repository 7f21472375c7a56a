"""A stand-in for Flux's source-controller and Kyverno's secret cloning on a lab cluster.

It watches the cluster like the real controllers would: a Flux object whose ``requestedAt`` annotation
differs from ``status.lastHandledReconcileAt`` is "reconciled" by reading the Secret its source uses
and asking ``token_valid`` whether GitHub would accept that token; Secrets labelled for a tenant in
``flux-system`` are cloned into the configured namespaces (Kyverno ``generate`` with ``synchronize``).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx2

from ghprov.k8s.flux import REQUESTED_AT
from ghprov_testbeds.k8s_lab.clusters import LocalCluster

AUTH_FAILED = (
    "failed to checkout and determine revision: unable to list remote for "
    "'https://github.com/acme/d1-apps': authentication required: Invalid username or token."
)
SSH_FAILED = (
    "failed to checkout and determine revision: unable to clone 'ssh://git@github.com/acme/d1-apps': "
    "ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey], "
    "no supported methods remain"
)
# source-controller's answer when known_hosts has no matching key for the server (x/crypto knownhosts).
HOST_KEY_FAILED = (
    "failed to checkout and determine revision: unable to clone '{url}': "
    "ssh: handshake failed: knownhosts: key is unknown"
)
APP_FAILED = (
    "failed to checkout and determine revision: failed to get credential from 'github': "
    "failed to get access token: 401 A JSON web token could not be decoded"
)
WATCHED = (
    ("source.toolkit.fluxcd.io/v1", "gitrepositories"),
    ("image.toolkit.fluxcd.io/v1", "imageupdateautomations"),
)


def lab_http(cluster: LocalCluster, user: str = "admin") -> httpx2.Client:
    """A plain HTTP client for the cluster's API, as ``users[user]``."""
    return httpx2.Client(
        base_url=cluster.server,
        verify=ssl.create_default_context(cafile=str(cluster.ca_file)),
        headers={"Authorization": f"Bearer {cluster.users[user].token}"},
        timeout=10.0,
        trust_env=False,
    )


@dataclass
class CloneRule:
    """Copy Secrets in ``source_namespace`` labelled ``selector`` into ``namespaces`` (same name)."""

    selector: dict[str, str]
    namespaces: list[str]
    source_namespace: str = "flux-system"


@dataclass
class FluxEmulator:
    """Runs the stand-in controllers for one cluster in background threads until ``stop()``."""

    cluster: LocalCluster
    token_valid: Callable[[str, str], bool] = lambda cluster, token: True
    clones: list[CloneRule] = field(default_factory=list)
    # Called for each reconcile handled, with (cluster name, "Kind ns/name"), before its status is
    # written: tests inject faults mid-rotation (e.g. stop another cluster's API server) that are
    # certainly in place when the rotation sees the confirmation.
    on_reconcile: Callable[[str, str], None] | None = None
    # The SSH server's host keys (``<type> <base64>``), e.g. the sandbox's /meta; None: any key the
    # Secret's known_hosts lists for the URL's host is taken as the server's.
    ssh_host_keys: Callable[[], list[str]] | None = None
    paused: bool = False
    handled: list[str] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> FluxEmulator:
        watches: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
            (f"/apis/{version}/{plural}", self._reconcile) for version, plural in WATCHED
        ]
        if self.clones:
            watches.append(("/api/v1/secrets", self._clone))
        for path, handler in watches:
            thread = threading.Thread(target=self._watch_loop, args=(path, handler), daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _watch_loop(self, path: str, handler: Callable[[dict[str, Any]], None]) -> None:
        version: str | None = None
        while not self._stop.is_set():
            try:
                with lab_http(self.cluster) as http:
                    if version is None:
                        listing = http.get(path)
                        listing.raise_for_status()
                        body = listing.json()
                        version = body["metadata"]["resourceVersion"]
                        for item in body.get("items") or []:
                            handler(item)
                    params = {"watch": "1", "timeoutSeconds": "1", "resourceVersion": version}
                    with http.stream("GET", path, params=params) as stream:
                        for line in stream.iter_lines():
                            if not line:
                                continue
                            event = json.loads(line)
                            if event.get("type") == "ERROR":
                                version = None  # 410 Gone: list again
                                break
                            obj = event.get("object") or {}
                            version = (obj.get("metadata") or {}).get("resourceVersion") or version
                            if event.get("type") in ("ADDED", "MODIFIED"):
                                handler(obj)
            except (httpx2.HTTPError, OSError, ValueError, KeyError):
                # The API server is down (a test stopped it) or restarting: try again shortly.
                version = None
                self._stop.wait(0.2)

    def _reconcile(self, obj: dict[str, Any]) -> None:
        if self.paused:
            return
        metadata = obj.get("metadata") or {}
        requested = (metadata.get("annotations") or {}).get(REQUESTED_AT)
        status = obj.get("status") or {}
        if not requested or status.get("lastHandledReconcileAt") == requested:
            return
        namespace, name = metadata["namespace"], metadata["name"]
        what = f"{obj['kind']} {namespace}/{name}"
        if self.on_reconcile is not None:
            self.on_reconcile(self.cluster.name, what)
        with lab_http(self.cluster) as http:
            ok, message = self._source_check(http, obj)
            condition = {
                "type": "Ready",
                "status": "True" if ok else "False",
                "reason": "Succeeded" if ok else "GitOperationFailed",
                "message": message,
                "lastTransitionTime": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "observedGeneration": metadata.get("generation"),
            }
            patch = {
                "status": {
                    "lastHandledReconcileAt": requested,
                    "observedGeneration": metadata.get("generation"),
                    "conditions": [condition],
                }
            }
            url = f"/apis/{obj['apiVersion']}/namespaces/{namespace}/{_plural(obj['kind'])}/{name}/status"
            http.patch(
                url, content=json.dumps(patch), headers={"Content-Type": "application/merge-patch+json"}
            )
        self.handled.append(what)

    def _source_check(self, http: httpx2.Client, obj: dict[str, Any]) -> tuple[bool, str]:
        spec = obj.get("spec") or {}
        namespace = obj["metadata"]["namespace"]
        if obj["kind"] == "ImageUpdateAutomation":
            source = (spec.get("sourceRef") or {}).get("name", "")
            repo = http.get(
                f"/apis/source.toolkit.fluxcd.io/v1/namespaces/{namespace}/gitrepositories/{source}"
            )
            spec = repo.json().get("spec") or {} if repo.status_code == 200 else {}
        secret_name = (spec.get("secretRef") or {}).get("name")
        if not secret_name:
            return True, "stored artifact for revision 'main@sha1:0000000'"
        response = http.get(f"/api/v1/namespaces/{namespace}/secrets/{secret_name}")
        if response.status_code != 200:
            return (
                False,
                f"failed to get secret '{namespace}/{secret_name}': secrets \"{secret_name}\" not found",
            )
        data = response.json().get("data") or {}
        url = str(spec.get("url", ""))
        if url.startswith("ssh://"):
            known = base64.b64decode(data.get("known_hosts", "")).decode(errors="replace")
            server = self.ssh_host_keys() if self.ssh_host_keys is not None else None
            if not _host_known(url, known, server):
                return False, HOST_KEY_FAILED.format(url=url)
        key, failure = _credential_key(spec)
        token = base64.b64decode(data.get(key, "")).decode(errors="replace")
        if not self.token_valid(self.cluster.name, token):
            return False, failure
        revision = hashlib.sha1(token.encode()).hexdigest()[:7]
        return True, f"stored artifact for revision 'main@sha1:{revision}'"

    def _clone(self, secret: dict[str, Any]) -> None:
        metadata = secret.get("metadata") or {}
        labels = metadata.get("labels") or {}
        for rule in self.clones:
            if metadata.get("namespace") != rule.source_namespace:
                continue
            if any(labels.get(key) != value for key, value in rule.selector.items()):
                continue
            with lab_http(self.cluster) as http:
                for namespace in rule.namespaces:
                    _upsert_clone(http, namespace, secret)
            time.sleep(0)


def _host_known(url: str, known_hosts: str, server_keys: list[str] | None) -> bool:
    """Whether an SSH client would accept the server at ``url``: known_hosts names its host (``[host]:port``
    off port 22) with one of the server's keys, as Go's knownhosts checks before authenticating."""
    parts = urlsplit(url)
    port = parts.port or 22
    name = (parts.hostname or "") if port == 22 else f"[{parts.hostname}]:{port}"
    listed = {
        f"{fields[1]} {fields[2]}"
        for line in known_hosts.splitlines()
        if len(fields := line.split()) >= 3 and name in fields[0].lower().split(",")
    }
    return bool(listed) and (server_keys is None or bool(listed & set(server_keys)))


def _credential_key(spec: dict[str, Any]) -> tuple[str, str]:
    """The Secret key source-controller authenticates with for this source, and its failure message.

    As the real controller: ``provider: github`` uses the App keys, an ``ssh://`` URL the
    ``identity`` (the emulator hands its public half, ``identity.pub``, to ``token_valid``), anything
    else basic auth with ``password``.
    """
    if spec.get("provider") == "github":
        return "githubAppPrivateKey", APP_FAILED
    if str(spec.get("url", "")).startswith("ssh://"):
        return "identity.pub", SSH_FAILED
    return "password", AUTH_FAILED


def _upsert_clone(http: httpx2.Client, namespace: str, source: dict[str, Any]) -> None:
    name = source["metadata"]["name"]
    url = f"/api/v1/namespaces/{namespace}/secrets/{name}"
    labels = {
        **(source["metadata"].get("labels") or {}),
        "generate.kyverno.io/clone-source": "",
        "app.kubernetes.io/managed-by": "kyverno",
    }
    current = http.get(url)
    body: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": name, "namespace": namespace, "labels": labels},
        "type": source.get("type", "Opaque"),
        "data": source.get("data") or {},
    }
    if current.status_code == 200:
        if (current.json().get("data") or {}) == body["data"]:
            return
        body["metadata"]["resourceVersion"] = current.json()["metadata"]["resourceVersion"]
        http.put(url, json=body)
    else:
        http.post(f"/api/v1/namespaces/{namespace}/secrets", json=body)


def _plural(kind: str) -> str:
    return {"GitRepository": "gitrepositories", "ImageUpdateAutomation": "imageupdateautomations"}[kind]
