"""Whether a GitRepository authenticates the way the tenant's ``auth`` mode needs.

The Secret alone does not decide it: source-controller uses ``identity`` only for an ``ssh://`` URL
and the App keys only with ``provider: github``. A deploy key written for a GitRepository still on
``https://`` would be "confirmed" by Flux with the old PAT, proving nothing, so the rotation checks
the URL and provider in its read-only look.
"""

from __future__ import annotations

from ghprov.k8s.flux import FluxRef, FluxStatus
from ghprov.rotation.config import Auth
from ghprov.rotation.ssh_host import SshHost


def uses_mode(auth: Auth, status: FluxStatus) -> bool:
    """True when a source with this URL and provider authenticates with the ``auth`` credential."""
    url = (status.url or "").strip()
    if auth == "deploy_key":
        return url.startswith("ssh://") or (url.startswith("git@") and ":" in url)
    if auth == "github_app":
        return status.provider == "github"
    return not url.startswith("ssh://") and status.provider != "github"


def transport_problem(
    auth: Auth, ref: FluxRef, status: FluxStatus, ssh_host: SshHost | None = None
) -> str | None:
    """Why ``ref`` would not use the ``auth`` credential; None when it would (or is no Git source).

    A deploy key's ``known_hosts`` names one host (``ssh_host``): a GitRepository connecting anywhere
    else would fail source-controller's host check ("knownhosts: key is unknown")."""
    if ref.kind != "GitRepository":
        return None
    if uses_mode(auth, status):
        if auth != "deploy_key" or ssh_host is None or ssh_host.serves(status.url or ""):
            return None
        return (
            f"{ref} connects to {status.url}, but known_hosts names {ssh_host.known_hosts_name}; "
            f"its URL must be ssh://git@{ssh_host}/OWNER/REPO (or set ssh_host in the rotation file)"
        )
    if auth == "deploy_key":
        host = ssh_host or "github.com"
        return f"{ref} uses {status.url or 'no URL'}; a deploy key needs ssh://git@{host}/OWNER/REPO"
    if auth == "github_app":
        return f"{ref} has no 'provider: github'; a GitHub App Secret needs it"
    return f"{ref} does not use HTTPS basic auth ({status.url}, provider {status.provider})"
