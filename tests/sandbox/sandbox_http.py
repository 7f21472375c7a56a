"""HTTP helpers for the sandbox tests: a client per token identity, and common request bodies."""

from __future__ import annotations

from typing import Any

import requests

from ghprov_testbeds.sandbox import Sandbox


class Client:
    """A requests session authenticated as one token identity, with GitHub's headers."""

    def __init__(self, sandbox: Sandbox, token: str) -> None:
        self.base = sandbox.url
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Authorization": f"Bearer {token}",
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
            }
        )

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.session.request(method, self.base + path, timeout=10, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)


def make_repo(client: Client, name: str, **settings: Any) -> dict[str, Any]:
    """Create an initialised repository (branch ``main``) and return its body."""
    response = client.post("/orgs/acme/repos", json={"name": name, "auto_init": True, **settings})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


PROTECTION = {
    "required_status_checks": {"strict": True, "contexts": ["ci/build"]},
    "enforce_admins": True,
    "required_pull_request_reviews": {
        "dismiss_stale_reviews": True,
        "require_code_owner_reviews": False,
        "required_approving_review_count": 2,
        "require_last_push_approval": True,
        "bypass_pull_request_allowances": {"users": ["octo-flux-bot"], "teams": [], "apps": []},
    },
    "restrictions": None,
    "allow_force_pushes": False,
    "allow_deletions": False,
}
