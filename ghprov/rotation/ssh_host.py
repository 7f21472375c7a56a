"""Which SSH host Flux's ``known_hosts`` must name: the GitHub the API URL points at, or the rotation file's.

``GET /meta`` answers the host keys of the instance asked, but not its SSH host name, so the name is
derived from the API URL as GitHub lays its products out:

* GitHub.com: ``https://api.github.com`` → ``github.com``;
* GHE.com (data residency): ``https://api.SUBDOMAIN.ghe.com`` → ``SUBDOMAIN.ghe.com``;
* GitHub Enterprise Server: ``https://HOST/api/v3`` → ``HOST`` (Git over SSH on port 22; the
  appliance's port 122 is its administrative shell, not Git).

Anything else (a proxy, a test double) names no SSH host: the rotation file's ``ssh_host`` must say it,
rather than a guess that Flux would reject with ``knownhosts: key is unknown``. A port other than 22 is
written ``[host]:port`` in ``known_hosts``, as OpenSSH and Go's ``knownhosts`` expect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ghprov.errors import GhprovError

DEFAULT_PORT = 22
_HOST = re.compile(r"^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
_GHE_COM = re.compile(r"^api\.(?P<tenant>[a-z0-9][a-z0-9-]*)\.ghe\.com$")


@dataclass(frozen=True)
class SshHost:
    """GitHub's Git-over-SSH endpoint."""

    host: str
    port: int = DEFAULT_PORT

    @property
    def known_hosts_name(self) -> str:
        """The host field of a ``known_hosts`` line."""
        return self.host if self.port == DEFAULT_PORT else f"[{self.host}]:{self.port}"

    def __str__(self) -> str:
        return self.host if self.port == DEFAULT_PORT else f"{self.host}:{self.port}"

    def serves(self, url: str) -> bool:
        """True when a GitRepository's SSH ``url`` connects to this host and port."""
        endpoint = ssh_endpoint(url)
        return endpoint is not None and endpoint == (self.host.lower(), self.port)


def parse_ssh_host(text: str) -> SshHost:
    """``HOST`` or ``HOST:PORT`` (``[IPv6]:PORT``); ``ValueError`` says what is wrong."""
    value = text.strip()
    bracketed = re.fullmatch(r"\[(?P<host>[0-9A-Fa-f:.]+)\](?::(?P<port>\d+))?", value)
    if bracketed:
        host, port = bracketed["host"], bracketed["port"]
    else:
        host, _, port = value.partition(":")
        if not _HOST.match(host):
            raise ValueError(f"{text!r} is not a host name (HOST or HOST:PORT, e.g. ssh.github.example.com)")
    number = int(port) if port else DEFAULT_PORT
    if not 0 < number < 65536:
        raise ValueError(f"port {port} of {text!r} is not a TCP port")
    return SshHost(host.lower(), number)


def ssh_endpoint(url: str) -> tuple[str, int] | None:
    """(host, port) of an ``ssh://[user@]host[:port]/…`` or ``user@host:path`` URL; None for others."""
    text = url.strip()
    if text.startswith("ssh://"):
        parts = urlsplit(text)
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            return None
        return (parts.hostname, port) if parts.hostname else None
    scp = re.fullmatch(r"[^@/\s]+@(?P<host>[^:/\s]+):(?!//).*", text)
    return (scp["host"].lower(), DEFAULT_PORT) if scp else None


def from_api_url(api_url: str) -> SshHost | None:
    """The SSH host of the GitHub product at ``api_url``; None when the URL is none of GitHub's shapes."""
    parts = urlsplit(api_url.strip())
    host = (parts.hostname or "").lower()
    path = parts.path.rstrip("/")
    match = _GHE_COM.match(host)
    if host == "api.github.com" or match:
        # GitHub's clouds serve the API at the root; anything else there is not GitHub's layout.
        if path:
            return None
        return SshHost(f"{match['tenant']}.ghe.com") if match else SshHost("github.com")
    if host and path == "/api/v3":
        return SshHost(host)
    return None


def resolve_ssh_host(api_url: str, configured: SshHost | None) -> SshHost:
    """The rotation file's ``ssh_host`` when set, else the one ``api_url`` implies."""
    if configured is not None:
        return configured
    derived = from_api_url(api_url)
    if derived is None:
        raise GhprovError(
            f"cannot tell GitHub's SSH host from the API URL {api_url} (known: https://api.github.com, "
            "https://api.SUBDOMAIN.ghe.com, https://HOST/api/v3)",
            hint="set 'ssh_host: HOST[:PORT]' in the rotation file: the host of the GitRepositories' "
            "ssh:// URLs, written into known_hosts",
        )
    return derived
