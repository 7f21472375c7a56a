"""Authentication, identities, routing, the request log and state persistence."""

from __future__ import annotations

import requests
from sandbox_http import Client

from ghprov_testbeds.sandbox import Sandbox
from ghprov_testbeds.sandbox.settings import SandboxSettings
from ghprov_testbeds.sandbox.state import GitHubState


def test_unknown_token_gets_bad_credentials(sandbox: Sandbox) -> None:
    response = Client(sandbox, "ghp_nope").get("/user")
    assert response.status_code == 401
    assert response.json()["message"] == "Bad credentials"
    assert "documentation_url" in response.json()


def test_missing_token_requires_authentication(sandbox: Sandbox) -> None:
    response = requests.get(f"{sandbox.url}/orgs/acme", timeout=5)
    assert response.status_code == 401
    assert response.json()["message"] == "Requires authentication"


def test_user_endpoint_names_the_identity_and_token_expiry(owner: Client) -> None:
    response = owner.get("/user")
    assert response.status_code == 200
    assert response.json()["login"] == "octo-owner"
    assert response.headers["GitHub-Authentication-Token-Expiration"].endswith(" UTC")


def test_installation_has_no_user_but_lists_its_repositories(app: Client, owner: Client) -> None:
    owner.post("/orgs/acme/repos", json={"name": "d1-fleet"})
    assert app.get("/user").status_code == 403
    listing = app.get("/installation/repositories")
    assert listing.status_code == 200
    assert listing.json()["total_count"] == 1
    assert "GitHub-Authentication-Token-Expiration" not in listing.headers
    assert owner.get("/installation/repositories").status_code == 403


def test_enterprise_server_prefix_is_accepted(owner: Client) -> None:
    assert owner.get("/api/v3/orgs/acme").json()["login"] == "acme"


def test_unknown_route_is_github_not_found(owner: Client) -> None:
    response = owner.get("/orgs/acme/nothing-here")
    assert response.status_code == 404
    assert response.json()["message"] == "Not Found"


def test_request_log_records_method_path_status_identity_and_body(sandbox: Sandbox, owner: Client) -> None:
    owner.get("/orgs/acme")
    owner.patch("/orgs/acme", json={"description": "Fleet"})
    first, second = sandbox.log[-2:]
    assert (first.method, first.path, first.status, first.identity) == (
        "GET",
        "/orgs/acme",
        200,
        "octo-owner",
    )
    assert (second.method, second.status, second.body) == ("PATCH", 200, {"description": "Fleet"})
    assert [entry.method for entry in sandbox.writes()] == ["PATCH"]


def test_state_round_trips_through_json(sandbox: Sandbox, owner: Client) -> None:
    owner.post("/orgs/acme/repos", json={"name": "d1-fleet", "auto_init": True})
    owner.post("/orgs/acme/teams", json={"name": "Platform Team"})
    copy = GitHubState.loads(sandbox.state.dumps())
    assert copy.to_json() == sandbox.state.to_json()
    team = copy.team_by_slug("platform-team")
    assert team is not None and team.members == {"octo-owner": "maintainer"}


def test_binds_loopback_only() -> None:
    # Start-up time is measured by `nox -s bench` (benchmarks/startup.py), not asserted here.
    with Sandbox.start("acme") as started:
        assert started.url.startswith("http://127.0.0.1:")


def test_strict_response_checking_turns_a_response_github_would_never_send_into_a_500() -> None:
    settings = SandboxSettings(validate_responses=True, strict_responses=True)
    with Sandbox.start("acme", settings=settings) as started:
        started.state.organization.settings["default_repository_permission"] = 42  # not a string
        response = Client(started, started.tokens["owner"]).get("/orgs/acme")
        assert response.status_code == 500
        assert "does not match GitHub's schema" in response.json()["message"]
        assert any("default_repository_permission" in problem for problem in started.response_problems)
