"""Cross-cutting behaviour: pagination, ETags, rate limits, latency, faults, consistency, validation."""

from __future__ import annotations

import sys
import time
import types
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from sandbox_http import Client

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.settings import FaultSpec
from ghprov_testbeds.sandbox.state import Identity


def test_pagination_uses_link_headers_and_caps_per_page(sandbox: Sandbox, owner: Client) -> None:
    for number in range(105):
        sandbox.state.add_user(f"user{number:03}")
        sandbox.state.memberships[f"user{number:03}"] = sandbox.state.memberships["octo-member"].__class__()
    first = owner.get("/orgs/acme/members", params={"per_page": 500})
    assert len(first.json()) == 100
    assert 'rel="next"' in first.headers["Link"] and "page=2" in first.headers["Link"]
    second = requests.get(first.links["next"]["url"], headers=owner.session.headers, timeout=5)
    assert len(second.json()) == 108 - 100
    assert "next" not in second.links and "prev" in second.links


def test_etag_gives_304_without_charging_the_rate_limit(owner: Client) -> None:
    first = owner.get("/orgs/acme")
    used = int(first.headers["x-ratelimit-used"])
    again = owner.get("/orgs/acme", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert int(again.headers["x-ratelimit-used"]) == used
    owner.patch("/orgs/acme", json={"description": "changed"})
    assert owner.get("/orgs/acme", headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_primary_rate_limit_exhaustion_is_403_with_headers(sandbox: Sandbox, owner: Client) -> None:
    sandbox.settings.rate_limit = 3
    statuses = [owner.get("/orgs/acme").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 403]
    blocked = owner.get("/orgs/acme")
    assert blocked.json()["message"].startswith("API rate limit exceeded for user ID")
    assert blocked.headers["x-ratelimit-remaining"] == "0"
    assert owner.get("/rate_limit").json()["resources"]["core"]["remaining"] == 0
    sandbox.settings.rate_limit_status = 429
    assert owner.get("/orgs/acme").status_code == 429


def test_secondary_limit_on_concurrent_requests(sandbox: Sandbox, owner: Client) -> None:
    sandbox.settings.max_concurrent = 2
    sandbox.settings.latency_ms = 300

    def fetch(_: int) -> requests.Response:
        return requests.get(f"{sandbox.url}/orgs/acme", headers=owner.session.headers, timeout=10)

    with ThreadPoolExecutor(max_workers=5) as pool:
        responses = list(pool.map(fetch, range(5)))
    limited = [r for r in responses if r.status_code == 403]
    assert limited and all(r.headers["Retry-After"] == "60" for r in limited)
    assert "secondary rate limit" in limited[0].json()["message"]


def test_secondary_limit_on_writes_per_minute_sets_retry_after(sandbox: Sandbox, owner: Client) -> None:
    sandbox.settings.writes_per_window = 2
    statuses = [owner.patch("/orgs/acme", json={"description": str(n)}).status_code for n in range(3)]
    assert statuses == [200, 200, 403]
    blocked = owner.patch("/orgs/acme", json={"description": "x"})
    assert 1 <= int(blocked.headers["Retry-After"]) <= 60
    assert owner.get("/orgs/acme").status_code == 200  # reads are not writes


def test_injected_latency(sandbox: Sandbox, owner: Client) -> None:
    sandbox.settings.latency_ms = 150
    began = time.monotonic()
    owner.get("/orgs/acme")
    assert time.monotonic() - began >= 0.15


def _outcomes(spec: str) -> list[str]:
    outcomes = []
    with Sandbox.start("acme", faults=spec) as sandbox:
        client = Client(sandbox, sandbox.tokens["owner"])
        for _ in range(30):
            try:
                outcomes.append(str(client.get("/orgs/acme").status_code))
            except requests.ConnectionError:
                outcomes.append("reset")
    return outcomes


def test_injected_faults_are_reproducible_for_a_seed() -> None:
    outcomes = _outcomes("5xx=0.3,reset=0.2,seed=7")
    assert {"200", "502", "reset"} <= set(outcomes)
    assert outcomes == _outcomes("5xx=0.3,reset=0.2,seed=7")


def test_fault_spec_errors_are_clear() -> None:
    from ghprov.errors import GhprovError

    with pytest.raises(GhprovError, match="invalid fault spec part 'boom=1'"):
        FaultSpec.parse("5xx=0.1,boom=1")


def test_new_team_is_invisible_until_replicated(sandbox: Sandbox, owner: Client) -> None:
    sandbox.settings.team_visibility_delay_s = 0.4
    assert owner.post("/orgs/acme/teams", json={"name": "late"}).status_code == 201
    assert owner.get("/orgs/acme/teams/late").status_code == 404
    assert [t["slug"] for t in owner.get("/orgs/acme/teams").json()] == []
    assert owner.put("/orgs/acme/teams/late/memberships/octo-member").status_code == 200
    time.sleep(0.45)
    assert owner.get("/orgs/acme/teams/late").status_code == 200


def test_invalid_request_body_gets_githubs_422(owner: Client) -> None:
    response = owner.post("/orgs/acme/teams", json={"name": "x", "privacy": "hidden"})
    assert response.status_code == 422
    body = response.json()
    assert body["message"].startswith("Invalid request.\n\n")
    assert "hidden" in body["message"]
    assert body["documentation_url"].startswith("https://docs.github.com/")


def test_response_problems_are_collected(
    sandbox: Sandbox, owner: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ghprov_testbeds.sandbox import rest_orgs

    monkeypatch.setattr(rest_orgs, "org_full_json", lambda *args, **kwargs: {"login": 1})
    owner.get("/orgs/acme")
    assert any("GET /orgs/acme" in problem for problem in sandbox.response_problems)
    sandbox.response_problems.clear()


@pytest.mark.parametrize("path", ["/graphql", "/api/graphql"])
def test_graphql_is_routed_to_the_executor(owner: Client, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    seen: list[tuple[str, dict[str, Any]]] = []

    def execute(
        state: Any, identity: Identity, query: str, variables: dict[str, Any], **_: Any
    ) -> dict[str, Any]:
        seen.append((identity.login, variables))
        return {"data": {"viewer": {"login": identity.login}}}

    fake = types.ModuleType("ghprov_testbeds.sandbox.graphql_api")
    fake.execute = execute  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ghprov_testbeds.sandbox.graphql_api", fake)
    response = owner.post(path, json={"query": "{ viewer { login } }", "variables": {"a": 1}})
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"login": "octo-owner"}}}
    assert seen == [("octo-owner", {"a": 1})]
    assert response.headers["x-ratelimit-resource"] == "graphql"
