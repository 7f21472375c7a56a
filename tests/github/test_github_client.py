"""The GitHub client: read-only guard, retries, rate limits, errors, pagination and authentication."""

from __future__ import annotations

import json

import httpx2
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from github_support import API, GITHUB_MOCK, FakeClock
from pytest_httpx2 import HTTPXMock
from structlog.testing import capture_logs

from ghprov.errors import GhprovError, GitHubApiError, RateLimitExhausted, ReadOnlyViolation
from ghprov.github.client import GitHubClient
from ghprov.settings import Settings

pytestmark = GITHUB_MOCK

ORG = f"{API}/orgs/acme"
GRAPHQL = f"{API}/graphql"


def test_read_only_client_refuses_writes_before_sending(
    read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    for method in ("POST", "PATCH", "PUT", "DELETE"):
        with pytest.raises(ReadOnlyViolation, match=f"refused {method} /orgs/acme"):
            read_only_client.request(method, "/orgs/acme", body={"description": "x"})
    assert len(github_api.get_requests()) == 0


def test_read_only_client_refuses_graphql_mutations_but_sends_queries(
    read_only_client: GitHubClient, github_api: HTTPXMock
) -> None:
    mutation = 'mutation { archiveRepository(input: {repositoryId: "R_1"}) { clientMutationId } }'
    with pytest.raises(ReadOnlyViolation):
        read_only_client.graphql(mutation, {})
    with pytest.raises(ReadOnlyViolation):
        read_only_client.graphql("query { viewer { login } } mutation M { x }", {})
    with pytest.raises(ReadOnlyViolation):
        read_only_client.graphql("this is not graphql {", {})
    assert len(github_api.get_requests()) == 0
    github_api.add_response(method="POST", url=GRAPHQL, json={"data": {"viewer": {"login": "alice"}}})
    assert read_only_client.graphql("query { viewer { login } }", {}) == {"viewer": {"login": "alice"}}
    assert len(github_api.get_requests()) == 1


def test_every_request_carries_version_and_accept_headers(
    client: GitHubClient, github_api: HTTPXMock
) -> None:
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    assert client.request("GET", "/orgs/acme").json == {"login": "acme"}
    sent = github_api.get_requests()[0].headers
    assert sent["Accept"] == "application/vnd.github+json"
    assert sent["X-GitHub-Api-Version"] == "2022-11-28"
    assert sent["Authorization"] == "token ghp_secret_token_value"


def test_server_errors_are_retried_with_backoff_then_succeed(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock
) -> None:
    github_api.add_response(method="GET", url=ORG, status_code=502, json={"message": "Server Error"})
    github_api.add_response(method="GET", url=ORG, status_code=503, json={"message": "Unavailable"})
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    assert client.request("GET", "/orgs/acme").status == 200
    assert client.stats.rest_requests == 3
    assert client.stats.retries == 2
    assert clock.sleeps == [0.5, 1.0]


def test_server_errors_give_up_after_bounded_attempts(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock
) -> None:
    github_api.add_response(method="GET", url=ORG, status_code=500, json={"message": "Server Error"})
    with pytest.raises(GitHubApiError) as raised:
        client.request("GET", "/orgs/acme")
    assert raised.value.status == 500
    assert "GitHub returned 500 for GET /orgs/acme: Server Error" in raised.value.message
    assert len(github_api.get_requests()) == 5
    assert len(clock.sleeps) == 4


def test_connection_errors_are_retried(client: GitHubClient, github_api: HTTPXMock, clock: FakeClock) -> None:
    github_api.add_exception(httpx2.ConnectError("refused"), method="GET", url=ORG)
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    assert client.request("GET", "/orgs/acme").json == {"login": "acme"}
    assert clock.sleeps == [0.5]


def test_connection_errors_that_persist_name_the_api_url(client: GitHubClient, github_api: HTTPXMock) -> None:
    github_api.add_exception(httpx2.ConnectError("refused"), method="GET", url=ORG)
    with pytest.raises(GitHubApiError, match=r"could not reach https://api\.github\.com") as raised:
        client.request("GET", "/orgs/acme")
    assert "GHPROV_API_URL" in raised.value.hint


def test_secondary_rate_limit_honours_retry_after(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock
) -> None:
    github_api.add_response(
        method="GET",
        url=ORG,
        status_code=403,
        headers={"Retry-After": "7"},
        json={
            "message": "You have exceeded a secondary rate limit. Please wait a few minutes and try again."
        },
    )
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    with capture_logs() as logs:
        assert client.request("GET", "/orgs/acme").status == 200
    assert clock.sleeps == [7.0]
    retry = next(entry for entry in logs if entry["event"] == "github.retry")
    assert retry["reason"] == "secondary rate limit"


def test_secondary_rate_limit_without_retry_after_waits_a_minute_then_doubles(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock
) -> None:
    github_api.add_response(
        method="GET", url=ORG, status_code=429, json={"message": "You have exceeded a secondary rate limit."}
    )
    github_api.add_response(
        method="GET", url=ORG, status_code=429, json={"message": "You have exceeded a secondary rate limit."}
    )
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    client.request("GET", "/orgs/acme")
    assert clock.sleeps == [60.0, 120.0]


def test_primary_rate_limit_is_waited_out_when_the_reset_is_near(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock
) -> None:
    reset = int(clock.now) + 30
    github_api.add_response(
        method="GET",
        url=ORG,
        status_code=403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)},
        json={"message": "API rate limit exceeded for user ID 1."},
    )
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    assert client.request("GET", "/orgs/acme").status == 200
    assert clock.sleeps == [31.0]


def test_primary_rate_limit_far_from_reset_stops_with_the_reset_time(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock
) -> None:
    reset = int(clock.now) + 3600
    github_api.add_response(
        method="GET",
        url=ORG,
        status_code=403,
        headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)},
        json={"message": "API rate limit exceeded for user ID 1."},
    )
    with pytest.raises(RateLimitExhausted) as raised:
        client.request("GET", "/orgs/acme")
    assert raised.value.message == (
        "GitHub's primary rate limit is used up until 2023-11-14 23:13:20 UTC (3601 s from now)"
    )
    assert "GHPROV_RATE_LIMIT_WAIT_MAX_SECONDS" in raised.value.hint
    assert clock.sleeps == []
    assert len(github_api.get_requests()) == 1


def test_graphql_errors_carry_githubs_messages(client: GitHubClient, github_api: HTTPXMock) -> None:
    github_api.add_response(
        method="POST",
        url=GRAPHQL,
        json={
            "data": {"organization": None},
            "errors": [
                {
                    "type": "NOT_FOUND",
                    "path": ["organization"],
                    "message": "Could not resolve to an Organization with the login of 'nope'.",
                }
            ],
        },
    )
    with pytest.raises(GitHubApiError) as raised:
        client.graphql("query($org: String!) { organization(login: $org) { login } }", {"org": "nope"})
    assert raised.value.status == 404
    assert "Could not resolve to an Organization with the login of 'nope'." in raised.value.message
    assert "organisation name" in raised.value.hint


def test_graphql_rate_limited_errors_wait_for_the_reset(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock
) -> None:
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(clock.now) + 10)}
    github_api.add_response(
        method="POST",
        url=GRAPHQL,
        headers=headers,
        json={"errors": [{"type": "RATE_LIMITED", "message": "limit"}]},
    )
    github_api.add_response(
        method="POST", url=GRAPHQL, json={"data": {"viewer": {"login": "alice"}, "rateLimit": {"cost": 1}}}
    )
    data = client.graphql("query { viewer { login } rateLimit { cost } }", {})
    assert data["viewer"] == {"login": "alice"}
    assert clock.sleeps == [11.0]
    assert client.stats.graphql_requests == 2
    assert client.stats.graphql_points == 1


def test_pagination_follows_link_headers(client: GitHubClient, github_api: HTTPXMock) -> None:
    members = f"{API}/orgs/acme/members"
    github_api.add_response(
        method="GET",
        url=members,
        match_params={"per_page": "100"},
        json=[{"login": "a"}, {"login": "b"}],
        headers={"Link": f'<{members}?per_page=100&page=2>; rel="next", <{members}?page=3>; rel="last"'},
    )
    github_api.add_response(
        method="GET",
        url=members,
        match_params={"per_page": "100", "page": "2"},
        json=[{"login": "c"}],
        headers={"Link": f'<{members}?per_page=100&page=3>; rel="next"'},
    )
    github_api.add_response(
        method="GET",
        url=members,
        match_params={"per_page": "100", "page": "3"},
        json=[{"login": "d"}],
    )
    assert [member["login"] for member in client.paginate("/orgs/acme/members")] == ["a", "b", "c", "d"]
    assert client.stats.rest_requests == 3


def test_validation_errors_are_listed(client: GitHubClient, github_api: HTTPXMock) -> None:
    github_api.add_response(
        method="PATCH",
        url=ORG,
        status_code=422,
        json={
            "message": "Validation Failed",
            "errors": [{"resource": "Organization", "field": "billing_email", "code": "invalid"}],
            "documentation_url": "https://docs.github.com/rest/orgs/orgs#update-an-organization",
        },
    )
    with pytest.raises(GitHubApiError) as raised:
        client.request("PATCH", "/orgs/acme", body={"billing_email": "nope"})
    error = raised.value
    assert error.status == 422
    assert error.errors == ("Organization.billing_email: invalid",)
    assert error.message == (
        "GitHub returned 422 for PATCH /orgs/acme: Validation Failed (Organization.billing_email: invalid) "
        "(see https://docs.github.com/rest/orgs/orgs#update-an-organization)"
    )
    assert "validation errors" in error.hint
    assert len(github_api.get_requests()) == 1


def test_error_hints(client: GitHubClient, github_api: HTTPXMock) -> None:
    github_api.add_response(
        method="GET", url=f"{API}/user", status_code=401, json={"message": "Bad credentials"}
    )
    protection = f"{API}/repos/acme/d1-fleet/branches/main/protection"
    github_api.add_response(
        method="GET",
        url=protection,
        status_code=403,
        json={"message": "Upgrade to GitHub Pro or make this repository public."},
    )
    github_api.add_response(
        method="GET",
        url=f"{API}/repos/acme/d1-apps/branches/main/protection",
        status_code=404,
        json={"message": "Not Found"},
    )
    with pytest.raises(GitHubApiError) as unauthorised:
        client.request("GET", "/user")
    assert "Check the token" in unauthorised.value.hint
    with pytest.raises(GitHubApiError) as gated:
        client.request("GET", "/repos/acme/d1-fleet/branches/main/protection")
    assert "paid plan" in gated.value.hint
    with pytest.raises(GitHubApiError) as hidden:
        client.request("GET", "/repos/acme/d1-apps/branches/main/protection")
    assert "repository admin rights" in hidden.value.hint


def test_writes_are_spaced_by_the_write_interval(clock: FakeClock, github_api: HTTPXMock) -> None:
    github_api.add_response(method="PATCH", url=ORG, json={"login": "acme"})
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    with GitHubClient(
        None, api_url=API, write_interval_seconds=1.0, sleep=clock.sleep, clock=clock
    ) as spaced:
        spaced.request("PATCH", "/orgs/acme", body={"description": "one"})
        spaced.request("GET", "/orgs/acme")
        spaced.request("PATCH", "/orgs/acme", body={"description": "two"})
    assert clock.sleeps == [1.0]
    assert spaced.stats.rest_by_method == {"PATCH": 2, "GET": 1}


def test_logs_name_requests_but_never_the_token(client: GitHubClient, github_api: HTTPXMock) -> None:
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    with capture_logs() as logs:
        client.request("GET", "/orgs/acme")
    assert logs[0]["event"] == "github.request"
    assert (logs[0]["method"], logs[0]["path"], logs[0]["status"]) == ("GET", "/orgs/acme", 200)
    assert "duration_ms" in logs[0]
    assert "ghp_secret_token_value" not in json.dumps(logs, default=str)


def test_app_installation_authentication(
    clock: FakeClock, github_api: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _app_credentials(monkeypatch)
    github_api.add_response(
        method="POST",
        url=f"{API}/app/installations/42/access_tokens",
        status_code=201,
        json={"token": "ghs_installation", "expires_at": "2099-01-01T00:00:00Z", "permissions": {}},
    )
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    with GitHubClient.from_settings(Settings(), read_only=True, sleep=clock.sleep, clock=clock) as app_client:
        assert app_client.request("GET", "/orgs/acme").json == {"login": "acme"}
    mint, read = github_api.get_requests()
    assert mint.headers["Authorization"].startswith("Bearer ey")
    assert read.headers["Authorization"] == "token ghs_installation"
    assert app_client.stats.rest_requests == 1


def test_retry_after_may_be_seconds_or_an_http_date() -> None:
    import email.utils
    import time

    from ghprov.github import ratelimit

    assert ratelimit.secondary_wait({"retry-after": "7"}, 1) == 7.0
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25.0 <= ratelimit.secondary_wait({"retry-after": later}, 1) <= 30.0
    assert (
        ratelimit.secondary_wait({"retry-after": "soon"}, 2) == 120.0
    )  # unreadable: the documented back-off


def test_a_secondary_limit_outlasting_the_retries_carries_githubs_retry_after(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock
) -> None:
    github_api.add_response(
        method="PUT",
        url=f"{ORG}/memberships/bob",
        status_code=403,
        headers={"Retry-After": "7"},
        json={"message": "You have exceeded a secondary rate limit."},
    )
    with pytest.raises(GitHubApiError) as raised:
        client.request("PUT", "/orgs/acme/memberships/bob", body={"role": "member"})
    assert raised.value.status == 403 and raised.value.retry_after == 7.0
    assert clock.sleeps == [7.0] * 4
    assert len(github_api.get_requests()) == 5


def test_errors_without_retry_after_say_so(client: GitHubClient, github_api: HTTPXMock) -> None:
    github_api.add_response(method="GET", url=ORG, status_code=404, json={"message": "Not Found"})
    with pytest.raises(GitHubApiError) as raised:
        client.request("GET", "/orgs/acme")
    assert raised.value.retry_after is None


def test_a_refused_connection_is_retried_once_quickly(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock
) -> None:
    refused = httpx2.ConnectError("[Errno 111] Connection refused")
    refused.__cause__ = ConnectionRefusedError(111, "Connection refused")
    github_api.add_exception(refused, method="GET", url=ORG)
    with pytest.raises(GitHubApiError) as raised:
        client.request("GET", "/orgs/acme")
    assert raised.value.status == 0 and "could not reach https://api.github.com (ConnectError)" in str(
        raised.value
    )
    # Nobody listens there: one retry after the base back-off, not four growing ones.
    assert len(github_api.get_requests()) == 2
    assert clock.sleeps == [0.5]
    assert client.stats.retries == 1


@pytest.mark.parametrize(
    "failure",
    [httpx2.ReadTimeout("timed out"), httpx2.ConnectError("[SSL: UNEXPECTED_EOF_WHILE_READING]")],
    ids=["timeout", "tls-reset"],
)
def test_other_transport_failures_keep_the_full_retry_budget(
    client: GitHubClient, github_api: HTTPXMock, clock: FakeClock, failure: httpx2.TransportError
) -> None:
    github_api.add_exception(failure, method="GET", url=ORG)
    with pytest.raises(GitHubApiError, match=rf"could not reach .* \({type(failure).__name__}\)"):
        client.request("GET", "/orgs/acme")
    assert len(github_api.get_requests()) == 5
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_graphql_goes_beside_the_rest_prefix_on_ghes(clock: FakeClock, github_api: HTTPXMock) -> None:
    ghes = "https://ghe.example.com/api/v3"
    github_api.add_response(method="GET", url=f"{ghes}/orgs/acme", json={"login": "acme"})
    github_api.add_response(
        method="POST", url="https://ghe.example.com/api/graphql", json={"data": {"viewer": {"login": "a"}}}
    )
    with GitHubClient("ghp_secret_token_value", api_url=ghes, sleep=clock.sleep, clock=clock) as client:
        assert client.request("GET", "/orgs/acme").json == {"login": "acme"}
        assert client.graphql("query { viewer { login } }", {}) == {"viewer": {"login": "a"}}
    assert [str(request.url) for request in github_api.get_requests()] == [
        f"{ghes}/orgs/acme",
        "https://ghe.example.com/api/graphql",
    ]


def test_a_renamed_repository_redirect_is_followed(client: GitHubClient, github_api: HTTPXMock) -> None:
    github_api.add_response(
        method="GET",
        url=f"{API}/repos/acme/old-name",
        status_code=301,
        headers={"Location": f"{API}/repos/acme/new-name"},
        json={"message": "Moved Permanently"},
    )
    github_api.add_response(method="GET", url=f"{API}/repos/acme/new-name", json={"name": "new-name"})
    assert client.request("GET", "/repos/acme/old-name").json == {"name": "new-name"}
    assert github_api.get_requests()[1].headers["Authorization"] == "token ghp_secret_token_value"


def credential(request: httpx2.Request) -> str:
    """The Authorization header, a JWT (new at every mint) shown by its scheme only."""
    header = request.headers["Authorization"]
    return "Bearer <jwt>" if header.startswith("Bearer ey") else header


def _app_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    for name in ("GHPROV_TOKEN", "GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GHPROV_APP_ID", "1234")
    monkeypatch.setenv("GHPROV_APP_PRIVATE_KEY", pem)
    monkeypatch.setenv("GHPROV_INSTALLATION_ID", "42")


def test_a_refused_app_installation_token_is_reported_with_what_to_check(
    clock: FakeClock, github_api: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _app_credentials(monkeypatch)
    github_api.add_response(
        method="POST",
        url=f"{API}/app/installations/42/access_tokens",
        status_code=401,
        json={"message": "A JSON web token could not be decoded"},
    )
    with (
        GitHubClient.from_settings(Settings(), read_only=True, sleep=clock.sleep, clock=clock) as app_client,
        pytest.raises(GitHubApiError) as raised,
    ):
        app_client.request("GET", "/orgs/acme")
    assert raised.value.status == 401
    assert raised.value.path == "/app/installations/{installation_id}/access_tokens"
    assert "A JSON web token could not be decoded" in raised.value.message
    assert "GHPROV_INSTALLATION_ID" in raised.value.hint
    # Nothing was sent without a token.
    assert [request.url.path for request in github_api.get_requests()] == [
        "/app/installations/42/access_tokens"
    ]


def test_an_installation_token_is_minted_once_and_renewed_before_it_expires(
    clock: FakeClock, github_api: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _app_credentials(monkeypatch)
    mint = f"{API}/app/installations/42/access_tokens"
    # The first token is about to expire (within the renewal margin); the second lasts.
    github_api.add_response(
        method="POST",
        url=mint,
        status_code=201,
        json={"token": "ghs_first", "expires_at": "2000-01-01T00:00:00Z"},
    )
    github_api.add_response(
        method="POST",
        url=mint,
        status_code=201,
        json={"token": "ghs_second", "expires_at": "2099-01-01T00:00:00Z"},
    )
    github_api.add_response(method="GET", url=ORG, json={"login": "acme"})
    with GitHubClient.from_settings(Settings(), read_only=True, sleep=clock.sleep, clock=clock) as app_client:
        for _ in range(3):
            app_client.request("GET", "/orgs/acme")
    sent = [(request.url.path, credential(request)) for request in github_api.get_requests()]
    assert sent == [
        ("/app/installations/42/access_tokens", "Bearer <jwt>"),
        ("/orgs/acme", "token ghs_first"),
        ("/app/installations/42/access_tokens", "Bearer <jwt>"),
        ("/orgs/acme", "token ghs_second"),
        ("/orgs/acme", "token ghs_second"),
    ]


def test_an_app_key_that_cannot_sign_is_reported_before_anything_is_sent(
    clock: FakeClock, github_api: HTTPXMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    _app_credentials(monkeypatch)
    monkeypatch.setenv("GHPROV_APP_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----\nnot a key\n")
    with (
        GitHubClient.from_settings(Settings(), read_only=True, sleep=clock.sleep, clock=clock) as app_client,
        pytest.raises(GhprovError, match="cannot sign a JWT") as raised,
    ):
        app_client.request("GET", "/orgs/acme")
    assert ".pem" in raised.value.hint
    assert github_api.get_requests() == []
