"""Canary first, then the rest concurrently (bounded), under a per-tenant Lease (R6, R8, R9, R12)."""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from pydantic import SecretStr

from ghprov.k8s.connect import ClusterAccess
from ghprov.k8s.errors import ErrorClass, KubernetesError
from ghprov.k8s.lease import LeaseHandle, acquire_lease, release_lease
from ghprov.rotation.cluster import ClusterOptions, ClusterRotation, Connector
from ghprov.rotation.config import TokenConfig
from ghprov.rotation.errors import RotationLocked
from ghprov.rotation.results import ClusterResult, Status


@dataclass(frozen=True)
class RotationJob:
    """Everything one run needs: the tenant, where its clusters are, and the token to put there."""

    tenant_name: str
    tenant: TokenConfig
    clusters: Mapping[str, ClusterAccess]
    token: SecretStr
    token_fingerprint: str
    lease_namespace: str = "flux-system"
    lease_seconds: int = 900


def holder_identity() -> str:
    """Who holds the Lease: host and process, so an operator can find a stuck run."""
    return f"ghprov@{socket.gethostname()}/{os.getpid()}"


def _ordered(job: RotationJob) -> list[str]:
    canary = job.tenant.canary_cluster
    return [canary, *(name for name in job.tenant.clusters if name != canary)]


def run_rotation(
    job: RotationJob, connector: Connector, options: ClusterOptions, *, dry_run: bool = False
) -> list[ClusterResult]:
    """Rotate every cluster of the tenant; one row per cluster, canary first."""
    rotations = {
        name: ClusterRotation(
            job.clusters[name], job.tenant, job.token, job.token_fingerprint, connector, options
        )
        for name in _ordered(job)
    }
    # Read-only look first: a dry run stops here, and a run with nothing to do writes nothing at all
    # (not even the Lease).
    with ThreadPoolExecutor(max_workers=job.tenant.max_parallel) as pool:
        looks = list(pool.map(lambda rotation: rotation.inspect(), rotations.values()))
    if dry_run or all(look.status is Status.UNCHANGED for look in looks):
        return looks
    canary = rotations[job.tenant.canary_cluster]
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
            raise RotationLocked(error.message, error.hint) from None
        canary.result.fail(Status.FAILED, error.error_class, error.message)
        return [canary.result, *_skipped(rotations, canary.name, "the canary's Lease could not be taken")]
    try:
        return _rotate_under_lease(job, rotations, canary)
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
