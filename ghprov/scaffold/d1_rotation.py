"""``rotation/rotation.yaml`` of the D1 layout: clusters and one bot token per tenant, for ``ghprov rotate``.

It lives in a sub-directory because the configuration loader merges only the top-level YAML files.
"""

from __future__ import annotations

from typing import Any

from ghprov.importer.yaml_output import YamlDocument
from ghprov.scaffold.options import FLEET, INFRA, PLATFORM, D1Options, tenant_repository

TENANT_LABEL = "toolkit.fluxcd.io/tenant"
EXPIRY = {"warn_days": 14, "error_days": 3}
# Flux reports Ready within seconds of a reconcile request; two minutes leaves room for slow clusters.
CONFIRM_TIMEOUT = "2m"
# Deploy keys do not expire; the scheduled `ghprov rotate` replaces one a month old.
ROTATE_AFTER = "30d"


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
    app: str = PLATFORM,
) -> dict[str, Any]:
    token: dict[str, Any] = {}
    if options.auth == "pat":
        token["bot"] = options.bot
    else:
        token["auth"] = options.auth
    if options.auth == "deploy_key":
        token["deploy_key"] = {"rotate_after": ROTATE_AFTER}
    if options.auth == "github_app":
        token["github_app"] = options.app(app)
    token |= {
        "repositories": repositories,
        "secret": secret,
        "clusters": list(options.clusters),
        "canary": options.clusters[0],
        "reconcile": reconcile,
    }
    if clones:
        token["clones"] = clones
    if options.auth == "pat":
        token["expiry"] = dict(EXPIRY)
    token["confirm_timeout"] = CONFIRM_TIMEOUT
    return token


def _platform_tokens(options: D1Options, staging: list[str]) -> dict[str, Any]:
    """flux-system (and, with deploy keys, flux-infra): the platform's Git credentials."""
    infra_automation = {
        "kind": "ImageUpdateAutomation",
        "namespace": "flux-system",
        "name": "flux-infra",
        "clusters": staging,
    }
    fleet_source = {"kind": "GitRepository", "namespace": "flux-system", "name": "flux-system"}
    infra_source = {"kind": "GitRepository", "namespace": "flux-system", "name": "flux-infra"}
    if options.auth == "deploy_key":
        # GitHub keeps a deploy key on one repository only: d1-infra gets its own Secret.
        return {
            "flux-system": _token(
                options,
                {FLEET: "read"},
                {"namespace": "flux-system", "name": "flux-system"},
                [fleet_source],
                [],
            ),
            "flux-infra": _token(
                options,
                {INFRA: "write"},
                {"namespace": "flux-system", "name": "flux-infra"},
                [infra_source, infra_automation],
                [],
            ),
        }
    secret: dict[str, Any] = {"namespace": "flux-system", "name": "flux-system"}
    if options.auth == "pat":
        # D1's Kyverno policy sync-git-token copies the password into a ``token`` key as well.
        secret["token_keys"] = ["token"]
    return {
        "flux-system": _token(
            options,
            {FLEET: "read", INFRA: "write"},
            secret,
            [fleet_source, infra_source, infra_automation],
            [],
        )
    }


def rotation_document(options: D1Options, header: tuple[str, ...]) -> YamlDocument:
    """Clusters (kube contexts of the same name) and tokens: flux-system, then flux-<tenant> per tenant."""
    staging = staging_clusters(options)
    tokens: dict[str, Any] = _platform_tokens(options, staging)
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
            app=tenant,
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
    _platform_comments(document, options)
    for tenant in options.tenants:
        document.comment(
            ("tokens", f"flux-{tenant}"),
            _tenant_line(tenant, options.auth),
            f"clones flux-system/flux-{tenant} into the namespaces labelled {TENANT_LABEL}: {tenant};",
            "clones are checked after the write, and reconcile names the GitRepositories that use them.",
            f"{tenant}-update holds the tenant's image automation, on the staging clusters only (D1",
            '"Update Automation": production is promoted by pull request, not by the bot).',
        )
    return document


def _tenant_line(tenant: str, auth: str) -> str:
    if auth == "pat":
        pat = "D1: one PAT per tenant, limited to its repositories"
        return f"The {tenant} tenant's own token ({pat}). Kyverno"
    what = "a deploy key on its repository" if auth == "deploy_key" else "its own App installation"
    return f"The {tenant} tenant's own credential ({what}). Kyverno"


def _platform_comments(document: YamlDocument, options: D1Options) -> None:
    if options.auth == "pat":
        document.comment(
            ("tokens", "flux-system"),
            "The platform token: flux-system/flux-system on every cluster, used by the fleet and infra",
            "GitRepositories, and by d1-infra's image automation on staging "
            "(hence write on d1-infra; the bot's",
            "read-only role on d1-fleet keeps it read-only there). No tenant label: it is not cloned.",
        )
        return
    if options.auth == "deploy_key":
        document.comment(
            ("tokens", "flux-system"),
            "Deploy keys: `ghprov rotate TENANT` generates each key, registers it on the repository",
            "(titled `ghprov-rotate TENANT ...`, which `ghprov plan` never prunes) and deletes the old one",
            "once every cluster confirmed; the daily job replaces keys older than rotate_after. One key,",
            "one repository: d1-infra has its own Secret flux-infra. In d1-fleet, point the flux-infra",
            f"GitRepository at it and use ssh:// URLs (ssh://git@github.com/{options.organization}/REPO).",
            "On GitHub Enterprise Server or GHE.com the host is the instance's SSH host, which ghprov",
            "derives from GHPROV_API_URL for known_hosts; set ssh_host: HOST[:PORT] here when it differs.",
        )
        document.comment(
            ("tokens", "flux-infra"),
            "d1-infra's key has write access: the image automation on staging pushes with it.",
        )
        return
    document.comment(
        ("tokens", "flux-system"),
        "GitHub App: the Secrets hold the App id, installation id and private key (Flux >= 2.5 mints its",
        "own tokens); every GitRepository needs `provider: github` in d1-fleet. Before any write,",
        "`ghprov rotate` checks that the installation reaches exactly these repositories with contents at",
        "the declared access. A new App key comes with --app-key-from; GitHub has no API to delete the old",
        "one, so the report names it for a person to delete in the App's settings.",
    )
