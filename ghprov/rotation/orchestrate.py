"""Canary first, then the rest concurrently (bounded), under a per-tenant Lease (R6, R8, R9, R12)."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ghprov.k8s.connect import ClusterAccess
from ghprov.k8s.errors import ErrorClass, KubernetesError
from ghprov.k8s.lease import LeaseHandle, acquire_lease, release_lease
from ghprov.rotation.cluster import ClusterOptions, ClusterRotation, Connector
from ghprov.rotation.config import TokenConfig
from ghprov.rotation.credentials import Credential
from ghprov.rotation.errors import RotationLocked
from ghprov.rotation.results import ClusterResult, Status


@dataclass(frozen=True)
class RotationJob:
    """Everything one run needs: the tenant, where its clusters are, and the credential to put there."""

    tenant_name: str
    tenant: TokenConfig
    clusters: Mapping[str, ClusterAccess]
    credential: Credential
    lease_namespace: str = "flux-system"
    lease_seconds: int = 900


def holder_identity() -> str:
    """Who holds the Lease: host and process, so an operator can find a stuck run."""
    return f"ghprov@{socket.gethostname()}/{os.getpid()}"


def _ordered(job: RotationJob) -> list[str]:
    canary = job.tenant.canary_cluster
    return [canary, *(name for name in job.tenant.clusters if name != canary)]


def run_rotation(
    job: RotationJob,
    connector: Connector,
    options: ClusterOptions,
    *,
    dry_run: bool = False,
    before_writes: Callable[[], None] | None = None,
) -> list[ClusterResult]:
    """Rotate every cluster of the tenant; one row per cluster, canary first.

    A read-only look at every cluster (its Secret and every reconcile target) comes first: a dry run
    stops there, a run with nothing to do writes nothing at all (not even the Lease), and a cluster
    whose look failed is never written (when that is the canary, no cluster is).
    ``before_writes`` runs under the Lease just before the first write (a deploy key is registered
    on GitHub there, so a run that stops in the look registers nothing).
    """
    rotations = {
        name: ClusterRotation(job.clusters[name], job.tenant, job.credential, connector, options)
        for name in _ordered(job)
    }
    with ThreadPoolExecutor(max_workers=job.tenant.max_parallel) as pool:
        found = pool.map(lambda rotation: rotation.inspect(), rotations.values())
        looks = {look.cluster: look for look in found}
    for name, rotation in rotations.items():
        rotation.adopt(looks[name])
    if dry_run or not any(look.status is Status.PLANNED for look in looks.values()):
        return list(looks.values())
    canary = rotations[job.tenant.canary_cluster]
    # Clusters whose look failed keep the look's row; only the others are ever written.
    ready = {
        name: rotation for name, rotation in rotations.items() if looks[name].status is not Status.FAILED
    }

    def in_order(rows: list[ClusterResult]) -> list[ClusterResult]:
        by_name = {row.cluster: row for row in rows}
        return [by_name.get(name) or looks[name] for name in rotations]

    if canary.name not in ready:
        return in_order(_skipped(ready, canary.name, f"the read-only look at canary {canary.name} failed"))
    try:
        lease = acquire_lease(
            canary.client(),
            canary.name,
            job.lease_namespace,
            f"ghprov-rotation-{job.tenant_name}",
            holder_identity(),
            job.lease_seconds,
        )
    except KubernetesError as error:
        if error.error_class is ErrorClass.LOCKED:
            for rotation in ready.values():
                rotation.result.fail(Status.SKIPPED, ErrorClass.LOCKED, f"not attempted: {error.detail}")
            rows = in_order([rotation.result for rotation in ready.values()])
            raise RotationLocked(error.message, error.hint, rows) from None
        canary.result.fail(Status.FAILED, error.error_class, error.detail)
        return in_order(
            [canary.result, *_skipped(ready, canary.name, "the canary's Lease could not be taken")]
        )
    try:
        if before_writes is not None:
            before_writes()
        return in_order(_rotate_under_lease(job, ready, canary))
    finally:
        _release(canary, lease)


def _rotate_under_lease(
    job: RotationJob, rotations: dict[str, ClusterRotation], canary: ClusterRotation
) -> list[ClusterResult]:
    first = canary.run()
    if not first.status.done:
        return [first, *_skipped(rotations, canary.name, f"canary {canary.name} was not confirmed")]
    rest = [rotation for name, rotation in rotations.items() if name != canary.name]
    if not rest:
        return [first]
    with ThreadPoolExecutor(max_workers=min(job.tenant.max_parallel, len(rest))) as pool:
        return [first, *pool.map(lambda rotation: rotation.run(), rest)]


def _skipped(rotations: dict[str, ClusterRotation], canary: str, why: str) -> list[ClusterResult]:
    rows = []
    for name, rotation in rotations.items():
        if name != canary:
            rotation.result.fail(Status.SKIPPED, "canary", f"not attempted: {why}")
            rows.append(rotation.result)
    return rows


def _release(canary: ClusterRotation, lease: LeaseHandle) -> None:
    try:
        release_lease(canary.client(), lease)
    except KubernetesError as error:
        # The Lease expires on its own; an unreleased one only delays the next run.
        canary.result.error = (canary.result.error or "") + f" (lease not released: {error.detail})"
