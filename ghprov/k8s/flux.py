"""Flux objects: ask for a reconcile (``reconcile.fluxcd.io/requestedAt``) and read whether it was handled."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import httpx2
from lightkube import Client
from lightkube.core.exceptions import ApiError
from lightkube.generic_resource import GenericNamespacedResource, create_namespaced_resource
from lightkube.types import PatchType

from ghprov.k8s.connect import untyped
from ghprov.k8s.errors import ErrorClass, KubernetesError, classify

REQUESTED_AT = "reconcile.fluxcd.io/requestedAt"

# Kind → (group/version, plural) of the Flux objects a token rotation may need to reconcile.
FLUX_KINDS: dict[str, tuple[str, str]] = {
    "GitRepository": ("source.toolkit.fluxcd.io/v1", "gitrepositories"),
    "OCIRepository": ("source.toolkit.fluxcd.io/v1", "ocirepositories"),
    "HelmRepository": ("source.toolkit.fluxcd.io/v1", "helmrepositories"),
    "Bucket": ("source.toolkit.fluxcd.io/v1", "buckets"),
    "Kustomization": ("kustomize.toolkit.fluxcd.io/v1", "kustomizations"),
    "HelmRelease": ("helm.toolkit.fluxcd.io/v2", "helmreleases"),
    "ImageUpdateAutomation": ("image.toolkit.fluxcd.io/v1", "imageupdateautomations"),
    "FluxInstance": ("fluxcd.controlplane.io/v1", "fluxinstances"),
}


@dataclass(frozen=True)
class FluxRef:
    """One Flux object; ``api_version`` overrides the kind's default (e.g. an older ``v1beta2``)."""

    kind: str
    namespace: str
    name: str
    api_version: str | None = None

    def __str__(self) -> str:
        return f"{self.kind} {self.namespace}/{self.name}"


@dataclass(frozen=True)
class FluxStatus:
    """What the controller reported about a Flux object."""

    generation: int | None
    observed_generation: int | None
    requested_at: str | None
    last_handled: str | None
    ready: bool | None
    reason: str
    message: str
    interval: str | None
    # How a source reaches Git: its URL and ``provider`` (``github`` for App authentication).
    url: str | None = None
    provider: str | None = None


def resource_for(ref: FluxRef) -> type[GenericNamespacedResource]:
    """The lightkube resource class for the object's kind and API version."""
    return _resource(api_version_of(ref), ref.kind, FLUX_KINDS[ref.kind][1])


@functools.lru_cache(maxsize=64)
def _resource(api_version: str, kind: str, plural: str) -> type[GenericNamespacedResource]:
    group, _, version = api_version.rpartition("/")
    return create_namespaced_resource(group, version, kind, plural)


def _status_of(obj: dict[str, Any]) -> FluxStatus:
    metadata = obj.get("metadata") or {}
    status = obj.get("status") or {}
    ready = next(
        (c for c in status.get("conditions") or [] if isinstance(c, dict) and c.get("type") == "Ready"), None
    )
    ready_value = None if ready is None else ready.get("status") == "True"
    return FluxStatus(
        generation=metadata.get("generation"),
        observed_generation=status.get("observedGeneration"),
        requested_at=(metadata.get("annotations") or {}).get(REQUESTED_AT),
        last_handled=status.get("lastHandledReconcileAt"),
        ready=ready_value,
        reason=str((ready or {}).get("reason") or ""),
        message=str((ready or {}).get("message") or ""),
        interval=(obj.get("spec") or {}).get("interval"),
        url=(obj.get("spec") or {}).get("url"),
        provider=(obj.get("spec") or {}).get("provider"),
    )


def api_version_of(ref: FluxRef) -> str:
    """The group/version the object is read and patched at."""
    return ref.api_version or FLUX_KINDS[ref.kind][0]


def _not_found(cluster: str, ref: FluxRef, error: Exception) -> KubernetesError | None:
    """A clear error for a 404: the object is missing, or the API server does not serve its kind."""
    if not isinstance(error, httpx2.HTTPStatusError) or error.response.status_code != 404:
        return None
    # A missing object comes back as a Status naming it; an unknown kind or version as a bare 404
    # (plain text for an API group that is not installed, or a Status without a name).
    named = isinstance(error, ApiError) and error.status.details is not None and error.status.details.name
    if named:
        return KubernetesError(
            cluster,
            ErrorClass.NOT_FOUND,
            f"{ref} does not exist",
            "create it, or correct or remove this reconcile entry in the rotation file",
        )
    return KubernetesError(
        cluster,
        ErrorClass.NOT_FOUND,
        f"the API server does not serve {ref.kind} at {api_version_of(ref)} (needed for {ref})",
        "install Flux's CRDs on this cluster, or set the entry's apiVersion to one it serves",
    )


def read_flux_status(client: Client, cluster: str, ref: FluxRef) -> FluxStatus:
    """The object's reconcile bookkeeping and Ready condition; a missing object or kind is a clear error."""
    try:
        obj = untyped(client).get(resource_for(ref), ref.name, namespace=ref.namespace)
    except Exception as error:
        raise (_not_found(cluster, ref, error) or classify(cluster, f"read {ref}", error)) from None
    return _status_of(obj.to_dict())


def request_reconcile(client: Client, cluster: str, ref: FluxRef, stamp: str) -> None:
    """Set ``requestedAt`` with a merge patch, as ``flux reconcile`` does; only that annotation changes."""
    patch = {"metadata": {"annotations": {REQUESTED_AT: stamp}}}
    try:
        untyped(client).patch(
            resource_for(ref), ref.name, patch, namespace=ref.namespace, patch_type=PatchType.MERGE
        )
    except Exception as error:
        raise (
            _not_found(cluster, ref, error) or classify(cluster, f"request a reconcile of {ref}", error)
        ) from None
