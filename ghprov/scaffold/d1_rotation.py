"""``rotation/rotation.yaml`` of the D1 layout: clusters and one bot token per tenant, for ``ghprov rotate``.

It lives in a sub-directory because the configuration loader merges only the top-level YAML files.
"""

from __future__ import annotations

from typing import Any

from ghprov.importer.yaml_output import YamlDocument
from ghprov.scaffold.d1_organization import FLEET, INFRA, tenant_repository
from ghprov.scaffold.options import D1Options

TENANT_LABEL = "toolkit.fluxcd.io/tenant"
EXPIRY = {"warn_days": 14, "error_days": 3}
# Flux reports Ready within seconds of a reconcile request; two minutes leaves room for slow clusters.
CONFIRM_TIMEOUT = "2m"


def staging_clusters(options: D1Options) -> list[str]:
    """Clusters that run D1's image automation: those named staging*, else the canary (the first)."""
    staging = [cluster for cluster in options.clusters if cluster.startswith("staging")]
    return staging or [options.clusters[0]]


def _token(
    options: D1Options,
    repositories: dict[str, str],
    secret: dict[str, Any],
    reconcile: list[dict[str, Any]],
    clones: list[dict[str, Any]],
) -> dict[str, Any]:
    token: dict[str, Any] = {
        "bot": options.bot,
        "repositories": repositories,
        "secret": secret,
        "clusters": list(options.clusters),
        "canary": options.clusters[0],
        "reconcile": reconcile,
    }
    if clones:
        token["clones"] = clones
    token["expiry"] = dict(EXPIRY)
    token["confirm_timeout"] = CONFIRM_TIMEOUT
    return token


def rotation_document(options: D1Options, header: tuple[str, ...]) -> YamlDocument:
    """Clusters (kube contexts of the same name) and tokens: flux-system, then flux-<tenant> per tenant."""
    staging = staging_clusters(options)
    tokens: dict[str, Any] = {
        "flux-system": _token(
            options,
            {FLEET: "read", INFRA: "write"},
            # D1's Kyverno policy sync-git-token copies the password into a ``token`` key as well.
            {"namespace": "flux-system", "name": "flux-system", "token_keys": ["token"]},
            [
                {"kind": "GitRepository", "namespace": "flux-system", "name": "flux-system"},
                {"kind": "GitRepository", "namespace": "flux-system", "name": "flux-infra"},
                {
                    "kind": "ImageUpdateAutomation",
                    "namespace": "flux-system",
                    "name": "flux-infra",
                    "clusters": staging,
                },
            ],
            [],
        )
    }
    for tenant in options.tenants:
        name = f"flux-{tenant}"
        tokens[name] = _token(
            options,
            {tenant_repository(tenant): "write"},
            {"namespace": "flux-system", "name": name, "labels": {TENANT_LABEL: tenant}},
            [
                *(
                    {"kind": "GitRepository", "namespace": namespace, "name": name}
                    for namespace in options.tenant_namespaces(tenant)
                ),
                {"kind": "GitRepository", "namespace": f"{tenant}-update", "name": name, "clusters": staging},
                {
                    "kind": "ImageUpdateAutomation",
                    "namespace": f"{tenant}-update",
                    "name": name,
                    "clusters": staging,
                },
            ],
            [
                *({"namespace": namespace} for namespace in options.tenant_namespaces(tenant)),
                {"namespace": f"{tenant}-update", "clusters": staging},
            ],
        )
    data = {
        "organization": options.organization,
        "clusters": {cluster: {"context": cluster} for cluster in options.clusters},
        "tokens": tokens,
    }
    document = YamlDocument(data, header=header)
    document.comment(
        ("clusters",),
        "Each cluster is reached through the kube context of the same name; add `kubeconfig: PATH` if it",
        f"is not in the default kubeconfig. {options.clusters[0]} is the canary (written, confirmed first).",
    )
    document.comment(
        ("tokens", "flux-system"),
        "The platform token: flux-system/flux-system on every cluster, used by the fleet and infra",
        "GitRepositories, and by d1-infra's image automation on staging (hence write on d1-infra; the bot's",
        "read-only role on d1-fleet keeps it read-only there). No tenant label: it is not cloned.",
    )
    for tenant in options.tenants:
        document.comment(
            ("tokens", f"flux-{tenant}"),
            f"The {tenant} tenant's own token (D1: one PAT per tenant, limited to its repositories). Kyverno",
            f"clones flux-system/flux-{tenant} into the namespaces labelled {TENANT_LABEL}: {tenant};",
            "clones are checked after the write, and reconcile names the GitRepositories that use them.",
            f"{tenant}-update holds the tenant's image automation, on the staging clusters only (D1",
            '"Update Automation": production is promoted by pull request, not by the bot).',
        )
    return document
