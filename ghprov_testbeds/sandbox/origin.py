"""The address a client reached the sandbox at: every URL in a response is built from it.

GitHub builds ``url`` fields and ``Link`` headers from its own host, so a client follows them back to
where it came from. Behind a proxy or under another host name the sandbox must do the same, or clients
follow links around the proxy (PyGithub refuses a host or port that differs from its base URL). The
address is taken from ``X-Forwarded-Host``/``X-Forwarded-Proto`` when a proxy set them, else from
``Host``; the GHES-style ``/api/v3`` prefix is kept when the request used it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# A host name or IPv4/IPv6 literal with an optional port: anything else (spaces, slashes, "@") could
# smuggle another origin into the links, so it is ignored and the sandbox's own address used.
_HOST = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
_SCHEMES = ("http", "https")
GHES_PREFIX = "/api/v3"


def _first(value: str | None) -> str:
    # Proxies chained one after another append: the first entry is what the client used.
    return (value or "").split(",")[0].strip()


def request_base_url(headers: Mapping[str, str], own_url: str, *, ghes_prefix: bool = False) -> str:
    """``scheme://host[:port][/api/v3]`` as the client addressed it; ``headers`` keys are lower-case."""
    own_scheme, _, own_host = own_url.partition("://")
    host = _first(headers.get("x-forwarded-host")) or _first(headers.get("host"))
    if not _HOST.match(host):
        host = own_host
    scheme = _first(headers.get("x-forwarded-proto")).lower()
    if scheme not in _SCHEMES:
        scheme = own_scheme or "http"
    return f"{scheme}://{host}" + (GHES_PREFIX if ghes_prefix else "")
