"""Minimal Flux CustomResourceDefinitions (schema-less, with a status subresource) for lab clusters.

Flux's controllers do not run in the lab; these CRDs only let the API server store the objects the
rotation annotates, and let the lab's stand-in controller write ``.status``.
"""

from __future__ import annotations

import time
from typing import Any

import httpx2

from ghprov.errors import GhprovError

# (group, kind, plural, versions): the kinds ``ghprov.k8s.flux.FLUX_KINDS`` knows, at the versions it uses.
FLUX_CRDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("source.toolkit.fluxcd.io", "GitRepository", "gitrepositories", ("v1", "v1beta2")),
    ("image.toolkit.fluxcd.io", "ImageUpdateAutomation", "imageupdateautomations", ("v1", "v1beta2")),
    ("kustomize.toolkit.fluxcd.io", "Kustomization", "kustomizations", ("v1",)),
)


def crd_manifest(group: str, kind: str, plural: str, versions: tuple[str, ...]) -> dict[str, Any]:
    """An apiextensions.k8s.io/v1 CRD for a namespaced Flux kind; the first version is stored."""
    schema = {
        "openAPIV3Schema": {
            "type": "object",
            "x-kubernetes-preserve-unknown-fields": True,
        }
    }
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{group}"},
        "spec": {
            "group": group,
            "scope": "Namespaced",
            "names": {"kind": kind, "plural": plural, "singular": kind.lower(), "listKind": f"{kind}List"},
            "versions": [
                {
                    "name": version,
                    "served": True,
                    "storage": index == 0,
                    "schema": schema,
                    "subresources": {"status": {}},
                }
                for index, version in enumerate(versions)
            ],
        },
    }


def install_flux_crds(http: httpx2.Client, timeout: float = 30.0) -> None:
    """Create the CRDs (idempotent) and wait until the API server serves them."""
    for group, kind, plural, versions in FLUX_CRDS:
        response = http.post(
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            json=crd_manifest(group, kind, plural, versions),
        )
        if response.status_code not in (201, 409):
            raise GhprovError(f"cannot create the {kind} CRD: {response.status_code} {response.text}")
    deadline = time.monotonic() + timeout
    for group, _kind, plural, versions in FLUX_CRDS:
        while http.get(f"/apis/{group}/{versions[0]}/{plural}").status_code != 200:
            if time.monotonic() > deadline:
                raise GhprovError(f"the API server does not serve {plural}.{group}")
            time.sleep(0.1)
