"""The HTTP connection PyGithub's requester drives: one per thread, over a ``requests`` session.

PyGithub's own connection object keeps the pending request in attributes, so threads must not
share one; it also writes default ports into URLs (``https://api.github.com:443/…``).
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import requests
from github.Requester import RequestsResponse


class Connection:
    """The httplib-like interface ``Requester.requestJson(cnx=…)`` expects."""

    def __init__(self, base_url: str, timeout: float) -> None:
        parsed = urllib.parse.urlparse(base_url)
        self.origin = f"{parsed.scheme}://{parsed.netloc}"
        self.host = parsed.hostname or ""
        self.timeout = timeout
        self.session = requests.Session()
        # Requests would otherwise read credentials from ~/.netrc; PyGithub sets Authorization itself.
        self.session.trust_env = False
        self._pending: tuple[str, str, Any, dict[str, str]] | None = None

    def request(self, verb: str, url: str, input: Any, headers: dict[str, str], stream: bool = False) -> None:
        self._pending = (verb, url, input, headers)

    def getresponse(self) -> RequestsResponse:
        assert self._pending is not None, "getresponse() before request()"
        verb, url, body, headers = self._pending
        self._pending = None
        response = self.session.request(
            verb,
            f"{self.origin}{url}",
            headers=headers,
            data=body,
            timeout=self.timeout,
            allow_redirects=False,
        )
        return RequestsResponse(response)

    def close(self) -> None:
        self.session.close()
