"""A Lease as a per-tenant lock: one rotation of a tenant at a time (R9).

The Lease is taken by updating it with the ``resourceVersion`` read, so two runs racing for it cannot
both win; it is released by clearing the holder (never deleted, so the job needs no delete permission).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from lightkube import Client
from lightkube.core.exceptions import ApiError
from lightkube.generic_resource import create_namespaced_resource

from ghprov.k8s.connect import untyped
from ghprov.k8s.errors import ErrorClass, KubernetesError, classify

# A generic (dict-shaped) Lease, so MicroTime fields keep the exact format the API server parses.
LeaseResource: Any = create_namespaced_resource("coordination.k8s.io", "v1", "Lease", "leases")


@dataclass(frozen=True)
class LeaseHandle:
    """A held Lease, enough to release it."""

    cluster: str
    namespace: str
    name: str
    holder: str


def _micro(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _parse(stamp: str | None) -> datetime.datetime | None:
    if not stamp:
        return None
    return datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _held_by_other(spec: dict[str, Any], holder: str, now: datetime.datetime) -> str | None:
    current = spec.get("holderIdentity")
    if not current or current == holder:
        return None
    renewed = _parse(spec.get("renewTime")) or _parse(spec.get("acquireTime"))
    duration = int(spec.get("leaseDurationSeconds") or 0)
    if renewed is not None and renewed + datetime.timedelta(seconds=duration) < now:
        return None  # expired: a crashed run must not block rotations forever
    return str(current)


def acquire_lease(
    client: Client, cluster: str, namespace: str, name: str, holder: str, duration_s: int
) -> LeaseHandle:
    """Take the Lease or raise ``KubernetesError`` (class locked) naming who holds it."""
    now = datetime.datetime.now(datetime.UTC)
    spec = {
        "holderIdentity": holder,
        "leaseDurationSeconds": duration_s,
        "acquireTime": _micro(now),
        "renewTime": _micro(now),
    }
    what = f"lease {namespace}/{name}"
    try:
        try:
            current = untyped(client).get(LeaseResource, name, namespace=namespace).to_dict()
        except ApiError as error:
            if error.status.code != 404:
                raise
            untyped(client).create(
                LeaseResource({"metadata": {"name": name, "namespace": namespace}, "spec": spec}),
                namespace=namespace,
            )
            return LeaseHandle(cluster, namespace, name, holder)
        other = _held_by_other(current.get("spec") or {}, holder, now)
        if other is not None:
            raise KubernetesError(
                cluster,
                ErrorClass.LOCKED,
                f"another rotation holds {what} ({other}); locked",
                "wait for it to finish, or for the lease to expire",
            )
        transitions = int((current.get("spec") or {}).get("leaseTransitions") or 0) + 1
        current["spec"] = {**spec, "leaseTransitions": transitions}
        untyped(client).replace(LeaseResource(current), namespace=namespace)
    except KubernetesError:
        raise
    except ApiError as error:
        if error.status.code == 409:
            raise KubernetesError(
                cluster, ErrorClass.LOCKED, f"another rotation took {what} at the same time; locked"
            ) from None
        raise classify(cluster, f"take {what}", error) from None
    except Exception as error:
        raise classify(cluster, f"take {what}", error) from None
    return LeaseHandle(cluster, namespace, name, holder)


def release_lease(client: Client, handle: LeaseHandle) -> None:
    """Clear the holder if it is still us (a no-op if someone took over after expiry)."""
    what = f"lease {handle.namespace}/{handle.name}"
    try:
        current = untyped(client).get(LeaseResource, handle.name, namespace=handle.namespace).to_dict()
        spec = current.get("spec") or {}
        if spec.get("holderIdentity") != handle.holder:
            return
        spec.pop("holderIdentity", None)
        spec.pop("acquireTime", None)
        spec["renewTime"] = _micro(datetime.datetime.now(datetime.UTC))
        current["spec"] = spec
        untyped(client).replace(LeaseResource(current), namespace=handle.namespace)
    except Exception as error:
        raise classify(handle.cluster, f"release {what}", error) from None
