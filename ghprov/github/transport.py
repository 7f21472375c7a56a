"""The one HTTP stack under the client: a pooled, thread-safe httpx2 client aimed at one GitHub.

One client serves every thread of a read (httpx2 pools connections and is safe to share), follows
GitHub's redirects for renamed repositories (dropping credentials if a redirect leaves the host),
and ignores proxy and ``.netrc`` settings from the environment, as ghprov always has.
"""

from __future__ import annotations

import httpx2

ACCEPT = "application/vnd.github+json"
USER_AGENT = "ghprov"


def graphql_url(api_url: str) -> str:
    """GitHub's GraphQL endpoint for a REST base URL: GHES serves ``/api/graphql`` beside ``/api/v3``."""
    url = httpx2.URL(api_url)
    path = url.path.rstrip("/").removesuffix("/v3")
    return str(url.copy_with(path=f"{path}/graphql"))


def open_http(
    api_url: str, *, api_version: str, auth: httpx2.Auth | None, timeout: float, connections: int
) -> httpx2.Client:
    """An HTTP client for ``api_url``: GitHub's headers on every request, at most ``connections`` open."""
    return httpx2.Client(
        base_url=api_url,
        auth=auth,
        headers={"Accept": ACCEPT, "User-Agent": USER_AGENT, "X-GitHub-Api-Version": api_version},
        timeout=timeout,
        limits=httpx2.Limits(max_connections=connections, max_keepalive_connections=connections),
        follow_redirects=True,
        trust_env=False,
    )
